'use client'
// The lab's editor: one tab per editable file, YAML with schema validation and completion,
// and the simulator's own errors (the API server's messages) as markers on the right line.
import Editor from '@monaco-editor/react'
import type * as MonacoApi from 'monaco-editor'
import { useEffect, useId, useState } from 'react'
import type { Issue } from '@/lib/sim/manifest/issues'
import { useDocumentTheme } from '../../use-document-theme'
import { ensureMonaco } from './monaco-setup'

type Monaco = typeof MonacoApi

export interface EditorFile {
  name: string
  text: string
}

export function modelPath(labId: string, file: string): string {
  return `lab/${labId}/${file}`
}

export default function PolicyEditor({
  labId,
  files,
  issues,
  onChange,
}: {
  labId: string
  files: EditorFile[]
  issues: Issue[]
  onChange: (file: string, text: string) => void
}) {
  const [monaco, setMonaco] = useState<Monaco>()
  const ids = useId()
  const [active, setActive] = useState(files[0]?.name ?? '')
  const theme = useDocumentTheme() === 'dark' ? 'vs-dark' : 'vs'
  const file = files.find((f) => f.name === active) ?? files[0]

  useEffect(() => {
    let live = true
    ensureMonaco().then((m) => live && setMonaco(m))
    return () => {
      live = false
    }
  }, [])

  // The simulator's errors as markers, located by the loader's line and column.
  useEffect(() => {
    if (!monaco) return
    for (const f of files) {
      const model = monaco.editor.getModels().find((m) => m.uri.path.endsWith(`/${modelPath(labId, f.name)}`))
      if (!model) continue
      const markers = issues
        .filter((i) => i.source?.file === f.name)
        .map((i) => {
          const pos = i.pos ?? i.source?.pos
          return {
            severity: i.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
            message: i.summary,
            source: 'Kubernetes API',
            startLineNumber: pos?.line ?? 1,
            startColumn: pos?.col ?? 1,
            endLineNumber: pos?.endLine ?? pos?.line ?? 1,
            endColumn:
              pos && pos.endLine === pos.line && pos.endCol > pos.col ? pos.endCol : (pos?.col ?? 1) + 1,
          }
        })
      monaco.editor.setModelMarkers(model, 'podnet', markers)
    }
  }, [monaco, issues, files, labId, active])

  if (!file) return <p className="muted">This lab has no file to edit.</p>
  const problems = issues.filter((i) => i.source?.file === file.name)
  const tabId = (name: string) => `${ids}-tab-${files.findIndex((f) => f.name === name)}`
  return (
    <div className="editor">
      {files.length > 1 ? (
        <div className="editor-tabs" role="tablist" aria-label="Files">
          {files.map((f) => (
            <button
              key={f.name}
              id={tabId(f.name)}
              type="button"
              role="tab"
              aria-selected={f.name === file.name}
              aria-controls={`${ids}-panel`}
              className="editor-tab"
              onClick={() => setActive(f.name)}
            >
              {f.name}
            </button>
          ))}
        </div>
      ) : (
        <p className="editor-file">{file.name}</p>
      )}
      <div
        className="editor-frame"
        data-testid="editor"
        data-file={file.name}
        id={`${ids}-panel`}
        {...(files.length > 1 ? { role: 'tabpanel', 'aria-labelledby': tabId(file.name) } : {})}
      >
        {monaco ? (
          <Editor
            path={modelPath(labId, file.name)}
            defaultLanguage="yaml"
            value={file.text}
            theme={theme}
            onChange={(v) => onChange(file.name, v ?? '')}
            options={{
              ariaLabel: `Editor for ${file.name}`,
              minimap: { enabled: false },
              fontSize: 13,
              tabSize: 2,
              scrollBeyondLastLine: false,
              automaticLayout: true,
              quickSuggestions: { other: true, comments: false, strings: true },
            }}
            loading={<p className="lab-loading">Loading the editor…</p>}
          />
        ) : (
          <p className="lab-loading">Loading the editor…</p>
        )}
      </div>
      <p className="editor-status" role="status">
        {problems.length
          ? `${problems.filter((p) => p.severity === 'error').length} error(s), ${problems.filter((p) => p.severity === 'warning').length} warning(s): ${problems[0]!.summary}`
          : 'No problems: the cluster uses this file as you type.'}
      </p>
    </div>
  )
}
