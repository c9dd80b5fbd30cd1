import Link from 'next/link'
import type { Chapter } from '@/lib/content/types'
import { CompletionMark } from './CompletionMark'
import { CourseProgress } from './CourseProgress'

/** The sidebar: course progress, then the chapters and lessons with completion marks. */
export function CourseNav({ chapters, currentSlug }: { chapters: Chapter[]; currentSlug?: string }) {
  return (
    <nav aria-label="Course" className="course-nav">
      <CourseProgress slugs={chapters.flatMap((c) => c.lessons.map((l) => l.slug))} />
      <ol className="course-chapters">
        {chapters.map((chapter, i) => (
          <li key={chapter.slug} className="course-chapter">
            <p className="course-chapter-title" id={`nav-chapter-${chapter.slug}`}>
              <span className="course-chapter-number">{i + 1}</span> {chapter.title}
            </p>
            <ol className="course-lessons" aria-labelledby={`nav-chapter-${chapter.slug}`}>
              {chapter.lessons.map((lesson) => (
                <li key={lesson.slug}>
                  <Link
                    href={`/lessons/${lesson.slug}`}
                    prefetch={false}
                    aria-current={lesson.slug === currentSlug ? 'page' : undefined}
                  >
                    <span>{lesson.title}</span>
                    <CompletionMark slug={lesson.slug} />
                  </Link>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  )
}
