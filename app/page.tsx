import Link from 'next/link'
import { CompletionMark, ExerciseCount } from '@/components/course/CompletionMark'
import { CourseProgress } from '@/components/course/CourseProgress'
import { exercisesByLesson } from '@/components/exercise/catalog'
import { ProgressFile } from '@/components/exercise/ProgressFile'
import { getCourse } from '@/lib/content/course'

export default function HomePage() {
  const course = getCourse()
  const first = course.lessons[0]
  const minutes = course.lessons.reduce((sum, l) => sum + l.duration, 0)
  const exercises = exercisesByLesson()
  const exerciseIds = Object.values(exercises).flatMap((list) => list.map((e) => e.id))
  return (
    <main id="main" tabIndex={-1} className="home">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">Kubernetes networking, hands on</h1>
        <p className="hero-lead">
          How pods get their addresses, how Services find them, and how NetworkPolicy decides who may talk to
          whom. Every lab runs a simulated cluster right in your browser: write the YAML, watch the traffic.
        </p>
        <p className="hero-meta">
          {course.chapters.length} chapters · {course.lessons.length} lessons
          {exerciseIds.length ? ` · ${exerciseIds.length} graded exercises` : ''} · about {minutes} minutes ·{' '}
          <Link href="/cheatsheet">NetworkPolicy cheat sheet</Link>
        </p>
        {first && (
          <Link href={`/lessons/${first.slug}`} className="button-primary">
            Start with “{first.title}”
          </Link>
        )}
        <div className="hero-progress">
          <CourseProgress slugs={course.lessons.map((l) => l.slug)} exerciseIds={exerciseIds} />
          <ProgressFile />
        </div>
      </section>

      {course.chapters.map((chapter, i) => (
        <section key={chapter.slug} className="chapter" aria-labelledby={`chapter-${chapter.slug}`}>
          <h2 id={`chapter-${chapter.slug}`}>
            <span className="chapter-number">
              Chapter {i + 1} · {chapter.lessons.reduce((sum, l) => sum + l.duration, 0)} min
            </span>{' '}
            {chapter.title}
          </h2>
          {chapter.summary && <p className="chapter-summary">{chapter.summary}</p>}
          <ol className="lesson-cards">
            {chapter.lessons.map((lesson) => (
              <li key={lesson.slug} className="lesson-card">
                <div>
                  <h3>
                    <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link>
                  </h3>
                  <p>{lesson.summary}</p>
                  <p className="lesson-card-meta">
                    <span>{lesson.duration} min</span>
                    {lesson.hasLab && <span>Hands-on lab</span>}
                    {exercises[lesson.slug] ? (
                      <span>
                        <ExerciseCount ids={exercises[lesson.slug]!.map((e) => e.id)} long />
                      </span>
                    ) : null}
                  </p>
                </div>
                <CompletionMark slug={lesson.slug} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </main>
  )
}
