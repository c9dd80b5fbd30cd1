'use client'
// The playground: your own manifests (pasted, uploaded, or a course scenario to start
// from) on a CNI of your choice, with the cluster view, the matrix and explanations, and
// a link that opens the same workspace again.
import '../lab/lab-island.css'
import '../lab/lab.css'
import dynamic from 'next/dynamic'
import { useCallback, useEffect, useId, useMemo, useState } from 'react'
import { LabSession } from '@/lib/session/session'
import { BUILTIN_FILE } from '@/lib/sim/cluster/builtins'
import { formatIssue } from '@/lib/sim/manifest/issues'
import { MAX_TOTAL_BYTES } from '@/lib/sim/manifest/limits'
import type { CniName } from '@/lib/sim/cni/profiles'
import { ClusterView } from '../lab/ClusterView'
import { CniSelect } from '../lab/CniSelect'
import { FlowRow } from '../lab/FlowRow'
import { MatrixView } from '../lab/MatrixView'
import { useFrameEdits } from '../lab/use-frame-edits'
import { useSessionVersion } from '../lab/use-lab-session'
import { useProbes } from '../lab/use-probes'
import { decodeFragment, encodeWorkspace } from './share-link'
import type { PlaygroundView, Workspace } from './share-link'

const PolicyEditor = dynamic(() => import('../lab/editor/PolicyEditor'), {
  ssr: false,
  loading: () => <p className="lab-loading">Loading the editor…</p>,
})

export interface ScenarioChoice {
  name: string
  title: string
  cni: CniName
  files: { name: string; text: string }[]
}

const STARTER = `# Paste or write manifests here (several documents, separated by ---).
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: web
      image: nginx
      ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: {app: client}
spec:
  containers:
    - name: client
      image: curlimages/curl
`

const MAX_UPLOAD = MAX_TOTAL_BYTES

function sessionFor(ws: Workspace): LabSession {
  return new LabSession({ files: ws.files.map((f) => ({ ...f, editable: true })), cni: ws.cni })
}

export function Playground({ scenarios }: { scenarios: ScenarioChoice[] }) {
  const ids = useId()
  const [workspace, setWorkspace] = useState<Workspace>({
    files: [{ name: 'manifests.yaml', text: STARTER }],
    cni: 'calico',
    view: 'cluster',
    port: '80/TCP',
  })
  const [generation, setGeneration] = useState(0)
  const [notice, setNotice] = useState<string>()
  const [share, setShare] = useState<string>()
  const session = useMemo(() => sessionFor(workspace), [generation]) // eslint-disable-line react-hooks/exhaustive-deps
  useSessionVersion(session)
  const probesApi = useProbes(session.cluster)
  const clearProbes = probesApi.clear

  const open = useCallback(
    (ws: Workspace, message?: string) => {
      setWorkspace(ws)
      setGeneration((g) => g + 1)
      clearProbes()
      setShare(undefined)
      setNotice(message)
    },
    [clearProbes],
  )

  // A link with a workspace in its fragment opens it.
  useEffect(() => {
    const read = () =>
      decodeFragment(window.location.hash).then((r) => {
        if (!r) return
        if ('error' in r) setNotice(r.error)
        else open(r.workspace, 'Opened the workspace from the link.')
      })
    read()
    window.addEventListener('hashchange', read)
    return () => window.removeEventListener('hashchange', read)
  }, [open])

  const onEdit = useFrameEdits(session)

  const cluster = session.cluster
  const files = session.files
  const issues = session.issues.filter((i) => i.source?.file !== BUILTIN_FILE)
  const { probes, add: addProbe, remove: removeProbe } = probesApi
  const probedFlows = useMemo(() => probes.map((p) => p.flow), [probes])
  const current = (): Workspace => ({
    ...workspace,
    files: files.map((f) => ({ name: f.name, text: f.text })),
    cni: session.cni,
  })

  const upload = async (list: FileList | null) => {
    if (!list?.length) return
    const picked = [...list]
    const tooBig = picked.find((f) => f.size > MAX_UPLOAD)
    if (tooBig) {
      setNotice(
        `${tooBig.name} is larger than ${MAX_UPLOAD / 1024 / 1024} MiB; the playground reads smaller files.`,
      )
      return
    }
    const read = await Promise.all(picked.map(async (f) => ({ name: f.name, text: await f.text() })))
    open({ ...current(), files: read }, `Loaded ${read.length} file${read.length === 1 ? '' : 's'}.`)
  }

  const view: PlaygroundView = workspace.view

  return (
    <div className="lab playground" data-lab="playground">
      <div className="lab-toolbar">
        <label htmlFor={`${ids}-scenario`}>Start from</label>
        <select
          id={`${ids}-scenario`}
          defaultValue=""
          onChange={(e) => {
            const sc = scenarios.find((s) => s.name === e.target.value)
            if (sc) open({ ...workspace, files: sc.files, cni: sc.cni }, `Loaded the scenario “${sc.title}”.`)
          }}
        >
          <option value="">a course scenario…</option>
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.title}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-upload`}>Upload</label>
        <input
          id={`${ids}-upload`}
          type="file"
          multiple
          accept=".yaml,.yml,.json"
          onChange={(e) => upload(e.target.files)}
        />
        <label htmlFor={`${ids}-cni`}>CNI</label>
        <CniSelect session={session} id={`${ids}-cni`} />
        <button
          type="button"
          className="button"
          onClick={async () => {
            const fragment = await encodeWorkspace(current())
            const url = `${window.location.origin}${window.location.pathname}#${fragment}`
            setShare(url)
            try {
              await navigator.clipboard.writeText(url)
              setNotice('The share link is copied.')
            } catch {
              setNotice('Copy the share link below.')
            }
          }}
        >
          Share link
        </button>
      </div>
      {/* Kept on the page so screen readers announce each new notice. */}
      <p className="playground-notice" role="status">
        {notice}
      </p>
      {share ? (
        <p>
          <label htmlFor={`${ids}-share`}>Share link</label>{' '}
          <input
            id={`${ids}-share`}
            className="share-link"
            readOnly
            value={share}
            onFocus={(e) => e.target.select()}
          />
        </p>
      ) : null}
      <div className="lab-panels">
        <section className="lab-panel" aria-label="Manifests">
          <h2 className="panel-title">Manifests</h2>
          <PolicyEditor labId={`playground-${generation}`} files={files} issues={issues} onChange={onEdit} />
          {issues.length ? (
            <ul className="issues" aria-label="Problems">
              {issues.slice(0, 50).map((i, n) => (
                <li key={n} className={i.severity === 'error' ? 'error-text' : 'muted'}>
                  {formatIssue(i)}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className="lab-panel" aria-label="Results">
          <div className="editor-tabs" role="tablist" aria-label="Views">
            {(['cluster', 'matrix'] as const).map((v) => (
              <button
                key={v}
                id={`${ids}-view-${v}`}
                type="button"
                role="tab"
                aria-selected={view === v}
                aria-controls={`${ids}-view`}
                className="editor-tab"
                onClick={() => setWorkspace((w) => ({ ...w, view: v }))}
              >
                {v === 'cluster' ? 'Cluster and probes' : 'Matrix'}
              </button>
            ))}
          </div>
          <div id={`${ids}-view`} role="tabpanel" aria-labelledby={`${ids}-view-${view}`}>
            {view === 'matrix' ? (
              <MatrixView
                cluster={cluster}
                initialPort={workspace.port}
                key={generation}
                onPortChange={(port) => setWorkspace((w) => ({ ...w, port }))}
              />
            ) : (
              <>
                <ClusterView cluster={cluster} flows={probedFlows} onProbe={addProbe} />
                {probes.length ? (
                  <ul className="flows" aria-label="Probes">
                    {probes.map((p) => (
                      <FlowRow key={p.id} flow={p.flow} onRemove={() => removeProbe(p.id)} />
                    ))}
                  </ul>
                ) : null}
              </>
            )}
          </div>
        </section>
      </div>
    </div>
  )
}
