import type { ReactNode } from 'react'
import type { Course } from '@/lib/content/types'
import { CourseNav } from './CourseNav'
import { NavToggle } from './NavToggle'

const SIDEBAR_ID = 'course-sidebar'

/** A page with the course sidebar (progress and navigation) beside its main content. */
export function CourseShell({
  course,
  currentSlug,
  children,
}: {
  course: Course
  currentSlug?: string
  children: ReactNode
}) {
  return (
    <div className="shell" data-nav-open="false">
      <div className="shell-nav-toggle">
        <NavToggle controls={SIDEBAR_ID} />
      </div>
      <div className="sidebar" id={SIDEBAR_ID}>
        <CourseNav chapters={course.chapters} currentSlug={currentSlug} />
      </div>
      <main id="main" tabIndex={-1} className="shell-main">
        {children}
      </main>
    </div>
  )
}
