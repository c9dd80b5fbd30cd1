import { expect } from '@playwright/test'
import type { Page, Request } from '@playwright/test'
import type * as MonacoApi from 'monaco-editor'

export const LESSON = '/lessons/networkpolicy-basics'
export const LAB_ID = 'netpol-basics'

/** Opens the lesson and waits until its lab runtime (simulator, editor) is up. */
export async function openLessonLab(page: Page, path = LESSON) {
  await page.goto(path)
  const lab = page.locator(`[data-lab="${LAB_ID}"]`)
  await lab.scrollIntoViewIfNeeded()
  await expect(lab.locator('[data-lab-ready]')).toBeVisible()
  await waitForEditor(page, 'policy.yaml')
  return lab
}

export async function waitForEditor(page: Page, file: string) {
  await page.waitForFunction(
    (f) => !!window.monaco?.editor.getModels().some((m) => m.uri.path.endsWith(`/${f}`)),
    file,
  )
}

/** Sets an editor file's text through Monaco's model, as a learner's edit would. */
export async function setEditorText(page: Page, labId: string, file: string, text: string) {
  await page.evaluate(
    ({ labId, file, text }) => {
      const model = window.monaco!.editor.getModels().find((m) => m.uri.path.endsWith(`lab/${labId}/${file}`))
      if (!model) throw new Error(`no model for ${file}`)
      model.setValue(text)
    },
    { labId, file, text },
  )
}

export async function editorText(page: Page, labId: string, file: string): Promise<string> {
  return page.evaluate(
    ({ labId, file }) =>
      window
        .monaco!.editor.getModels()
        .find((m) => m.uri.path.endsWith(`lab/${labId}/${file}`))!
        .getValue(),
    { labId, file },
  )
}

export async function terminalText(page: Page, labId: string): Promise<string> {
  return page.evaluate((id) => window.__podnet?.terminals?.[id]?.text() ?? '', labId)
}

/** Every request that left 127.0.0.1, for the offline tests. */
export function recordOutsideRequests(page: Page): Request[] {
  const outside: Request[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.protocol === 'data:' || url.protocol === 'blob:') return
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') outside.push(r)
  })
  return outside
}

export function flow(
  scope: Page | ReturnType<Page['locator']>,
  from: string | RegExp,
  to: string | RegExp,
  port: string,
) {
  const attr = (name: string, v: string | RegExp) =>
    typeof v === 'string' ? `[data-${name}="${v}"]` : `[data-${name}]`
  return scope.locator(`[data-testid="flow"]${attr('from', from)}${attr('to', to)}[data-port="${port}"]`)
}

declare global {
  interface Window {
    monaco?: typeof MonacoApi
  }
}
