import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { CompleteButton } from '@/components/course/CompleteButton'
import { CourseShell } from '@/components/course/CourseShell'
import { LessonLayout } from '@/components/course/LessonLayout'
import { Pager } from '@/components/course/Pager'
import { Toc } from '@/components/course/Toc'
import { getCourse, getLesson, getNeighbours } from '@/lib/content/course'

interface Props {
  params: Promise<{ slug: string }>
}

// One static page per lesson file; any other slug is a 404.
export const dynamicParams = false

export function generateStaticParams() {
  return getCourse().lessons.map((l) => ({ slug: l.slug }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const lesson = getLesson(getCourse(), slug)
  if (!lesson) return {}
  return { title: lesson.title, description: lesson.summary }
}

export default async function LessonPage({ params }: Props) {
  const { slug } = await params
  const course = getCourse()
  const lesson = getLesson(course, slug)
  if (!lesson) notFound()
  const { default: Body } = await import(`@/content/lessons/${slug}.mdx`)
  const neighbours = getNeighbours(course, slug)

  return (
    <CourseShell course={course} currentSlug={slug}>
      <LessonLayout hasLab={lesson.hasLab}>
        <article className="lesson" aria-labelledby="lesson-title">
          <header className="lesson-header">
            <p className="lesson-chapter">{lesson.chapter}</p>
            <h1 id="lesson-title">{lesson.title}</h1>
            <p className="lesson-meta">
              <span>{lesson.duration} min</span>
              {lesson.hasLab && <span>Hands-on lab</span>}
            </p>
            <div className="objectives">
              <p className="objectives-title">After this lesson you can:</p>
              <ul>
                {lesson.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </div>
          </header>
          <Toc entries={lesson.toc} />
          <div className="prose lesson-body">
            <Body />
          </div>
          <footer className="lesson-footer">
            <CompleteButton slug={slug} />
            <Pager {...neighbours} />
          </footer>
        </article>
      </LessonLayout>
    </CourseShell>
  )
}
