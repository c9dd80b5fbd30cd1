'use client'
// Export and import of the learner's progress as a JSON file: the way to carry it to another
// browser without an account. An import is merged into what is here, never replacing it.
import './progress.css'
import { useId, useRef, useState } from 'react'
import { exportProgress } from '@/lib/storage/progress'
import { readProgress, storeProgress } from '@/components/course/progress-store'
import type * as ProgressFileReaderModule from '@/lib/storage/progress-file'

type ProgressFileReader = typeof ProgressFileReaderModule

type Status = { kind: 'ok' | 'error'; text: string } | null

export function ProgressFile() {
  const input = useRef<HTMLInputElement>(null)
  const [status, setStatus] = useState<Status>(null)
  const id = useId()

  const download = () => {
    const now = new Date()
    const blob = new Blob([exportProgress(readProgress(), now)], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = `podnet-lab-progress-${now.toISOString().slice(0, 10)}.json`
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
    setStatus({ kind: 'ok', text: `Saved ${a.download}.` })
  }

  const load = async (file: File) => {
    // The strict reader (and zod with it) loads only now, keeping it off every page.
    let reader: ProgressFileReader | undefined
    try {
      reader = await import('@/lib/storage/progress-file')
      const text = await file.text()
      const r = reader.importProgress(readProgress(), text)
      if (!storeProgress(r.merged)) {
        setStatus({
          kind: 'error',
          text: 'This browser refused to store the progress (storage is full or blocked).',
        })
        return
      }
      const news = [
        r.newLessons ? `${r.newLessons} lesson${r.newLessons === 1 ? '' : 's'}` : '',
        r.newExercises ? `${r.newExercises} exercise${r.newExercises === 1 ? '' : 's'}` : '',
      ].filter(Boolean)
      setStatus({
        kind: 'ok',
        text: news.length
          ? `Imported ${file.name}: ${news.join(' and ')} newly completed. Your existing progress is kept.`
          : `Imported ${file.name}: nothing new, your progress already had all of it.`,
      })
    } catch (e) {
      setStatus({
        kind: 'error',
        text: `${file.name} was not imported, your progress is unchanged. ${
          reader && e instanceof reader.ProgressFileError
            ? e.message
            : `It could not be read: ${(e as Error).message}`
        }`,
      })
    } finally {
      if (input.current) input.current.value = ''
    }
  }

  return (
    <div className="progress-file" role="group" aria-labelledby={`${id}-title`}>
      <p className="progress-file-title" id={`${id}-title`}>
        Your progress stays in this browser. Take it elsewhere as a file:
      </p>
      <div className="progress-file-actions">
        <button type="button" className="ex-button secondary" onClick={download}>
          Export progress
        </button>
        <button type="button" className="ex-button secondary" onClick={() => input.current?.click()}>
          Import progress
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="progress-import"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void load(f)
          }}
        />
      </div>
      <p
        className="progress-file-status"
        role="status"
        data-kind={status?.kind ?? ''}
        data-testid="progress-status"
      >
        {status?.text ?? ''}
      </p>
    </div>
  )
}
