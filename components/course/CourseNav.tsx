import Link from 'next/link'
import { exercisesByLesson } from '@/components/exercise/catalog'
import type { Chapter } from '@/lib/content/types'
import { CompletionMark, ExerciseCount, ExerciseMark } from './CompletionMark'
import { CourseProgress } from './CourseProgress'

/**
 * The sidebar: course progress, then the chapters and lessons with completion marks. A
 * lesson with graded exercises shows how many are passed; the current one lists them.
 */
export function CourseNav({ chapters, currentSlug }: { chapters: Chapter[]; currentSlug?: string }) {
  const exercises = exercisesByLesson()
  return (
    <nav aria-label="Course" className="course-nav">
      <CourseProgress
        slugs={chapters.flatMap((c) => c.lessons.map((l) => l.slug))}
        exerciseIds={Object.values(exercises).flatMap((list) => list.map((e) => e.id))}
      />
      <ol className="course-chapters">
        {chapters.map((chapter, i) => (
          <li key={chapter.slug} className="course-chapter">
            <p className="course-chapter-title" id={`nav-chapter-${chapter.slug}`}>
              <span className="course-chapter-number">{i + 1}</span> {chapter.title}
            </p>
            <ol className="course-lessons" aria-labelledby={`nav-chapter-${chapter.slug}`}>
              {chapter.lessons.map((lesson) => {
                const own = exercises[lesson.slug] ?? []
                const current = lesson.slug === currentSlug
                return (
                  <li key={lesson.slug} data-lesson={lesson.slug}>
                    <Link
                      href={`/lessons/${lesson.slug}`}
                      prefetch={false}
                      aria-current={current ? 'page' : undefined}
                    >
                      <span>{lesson.title}</span>
                      <CompletionMark slug={lesson.slug} />
                      {own.length ? <ExerciseCount ids={own.map((e) => e.id)} /> : null}
                    </Link>
                    {current && own.length ? (
                      <ol className="course-exercises" aria-label={`Exercises of ${lesson.title}`}>
                        {own.map((e) => (
                          <li key={e.id}>
                            <a href={`#exercise-${e.id}`}>
                              <span>{e.title}</span>
                              <ExerciseMark id={e.id} />
                            </a>
                          </li>
                        ))}
                      </ol>
                    ) : null}
                  </li>
                )
              })}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  )
}
