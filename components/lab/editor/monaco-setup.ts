'use client'
// Monaco from the app's own bundle (never a CDN: training rooms are often offline), with
// monaco-yaml validating and completing manifests against the simulator's schema.
import { loader } from '@monaco-editor/react'
import type * as MonacoApi from 'monaco-editor'

type Monaco = typeof MonacoApi

declare global {
  interface Window {
    /** exposed for browser tests: set and read the editor's text through its models */
    monaco?: Monaco
  }
}

let ready: Promise<Monaco> | undefined

export function ensureMonaco(): Promise<Monaco> {
  return (ready ??= (async () => {
    ;(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
      getWorker(_id: string, label: string) {
        return label === 'yaml'
          ? new Worker(new URL('monaco-yaml/yaml.worker.js', import.meta.url), { type: 'module' })
          : new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), {
              type: 'module',
            })
      },
    }
    const [monaco, { configureMonacoYaml }, { manifestJsonSchema }, { FIELD_DESCRIPTIONS }] =
      await Promise.all([
        import('monaco-editor'),
        import('monaco-yaml'),
        import('@/lib/sim/manifest/json-schema'),
        import('@/lib/sim/manifest/k8s-descriptions.generated'),
      ])
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      schemas: [
        {
          uri: 'inmemory://podnet/manifest.schema.json',
          fileMatch: ['**/*.yaml', '**/*.yml'],
          schema: manifestJsonSchema(FIELD_DESCRIPTIONS) as never,
        },
      ],
    })
    loader.config({ monaco })
    window.monaco = monaco
    return monaco
  })())
}
