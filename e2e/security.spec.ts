import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { LAB_ID, LESSON, openLessonLab, setEditorText, terminalText } from './helpers'

// Every page runs under the site's Content Security Policy with nothing refused: the
// framework's inline scripts (allowed by hash), Monaco and its YAML worker, xterm, the
// simulator. Any `securitypolicyviolation` event or CSP console error fails the test.

interface Violation {
  directive: string
  blocked: string
  sample: string
}

declare global {
  interface Window {
    __cspViolations?: Violation[]
  }
}

function watchCsp(page: Page) {
  const consoleErrors: string[] = []
  // CSP refusals, and errors in the Permissions-Policy header (an unknown feature name).
  const csp =
    /Content Security Policy|Permissions-Policy|Refused to (execute|load|apply|connect|create|evaluate|frame)/i
  const onConsole = (text: string) => {
    if (csp.test(text)) consoleErrors.push(text)
  }
  page.on('console', (m) => onConsole(m.text()))
  page.on('pageerror', (e) => onConsole(e.message))
  page.on('worker', (w) => w.on('console', (m) => onConsole(m.text())))
  return {
    consoleErrors,
    install: () =>
      page.addInitScript(() => {
        window.__cspViolations = []
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations!.push({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            sample: e.sample,
          })
        })
      }),
    violations: () => page.evaluate(() => window.__cspViolations ?? []),
  }
}

async function expectNoViolations(page: Page, watch: ReturnType<typeof watchCsp>) {
  // Reports are queued; give them a moment to arrive before reading.
  await page.waitForTimeout(300)
  expect(await watch.violations()).toEqual([])
  expect(watch.consoleErrors).toEqual([])
}

test('the watcher itself sees a refused inline script (so the tests below can fail)', async ({ page }) => {
  const watch = watchCsp(page)
  await watch.install()
  await page.goto('/')
  const ran = await page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.__injected = true'
    document.head.append(s)
    return (window as { __injected?: boolean }).__injected === true
  })
  expect(ran).toBe(false)
  await expect
    .poll(() => watch.violations())
    .toContainEqual(expect.objectContaining({ directive: 'script-src-elem' }))
})

test('the home page and the playground run with nothing refused', async ({ page }) => {
  const watch = watchCsp(page)
  await watch.install()
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expectNoViolations(page, watch)

  await page.goto('/playground')
  await expect(page.getByRole('heading', { name: 'Playground' })).toBeVisible()
  // The playground's editor and its workers.
  await page.waitForFunction(() => !!window.monaco?.editor.getModels().length)
  await expect(page.locator('.monaco-editor').first()).toBeVisible()
  await expectNoViolations(page, watch)
})

test('a lesson with its lab running (editor, YAML worker, terminal) has nothing refused', async ({
  page,
}) => {
  const watch = watchCsp(page)
  await watch.install()
  const lab = await openLessonLab(page)
  // A schema error only the YAML worker reports: proves the worker loaded and ran.
  await setEditorText(
    page,
    LAB_ID,
    'policy.yaml',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector: 5\n',
  )
  await page.waitForFunction(() => window.monaco!.editor.getModelMarkers({ owner: 'yaml' }).length > 0)
  // The terminal.
  const terminal = lab.getByRole('region', { name: /simulated shell/ })
  await terminal.click()
  await page.keyboard.type('kubectl get pods -n demo')
  await page.keyboard.press('Enter')
  await expect.poll(() => terminalText(page, LAB_ID)).toMatch(/NAME\s+READY/)
  await expectNoViolations(page, watch)
})

test('a full-width lab page runs with nothing refused', async ({ page }) => {
  const watch = watchCsp(page)
  await watch.install()
  await page.goto('/labs/busy-namespace')
  await page.locator('[data-lab-ready]').waitFor()
  await page.waitForFunction(() => !!window.monaco?.editor.getModels().length)
  await expectNoViolations(page, watch)
})

test('a page rendered per request runs under a fresh nonce with nothing refused', async ({ page }) => {
  const watch = watchCsp(page)
  await watch.install()
  const res = await page.goto('/join/no-such-code')
  const policy = res!.headers()['content-security-policy'] ?? ''
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
  expect(nonce).toBeTruthy()
  // Next.js put the nonce on its own scripts.
  expect(await page.locator('script[nonce]').count()).toBeGreaterThan(0)
  await expectNoViolations(page, watch)
  const again = await page.request.get('/join/no-such-code')
  expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`)
})

test('pages, static files and JSON carry the security headers', async ({ request }) => {
  const html = await request.get(LESSON)
  const page404 = await request.get('/no-such-page')
  const json = await request.get('/search-index.json')
  const health = await request.get('/healthz')
  const body = await html.text()
  const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(body)?.[1]
  expect(chunk).toBeTruthy()
  const asset = await request.get(chunk!)

  for (const res of [html, page404, json, asset, health]) {
    const h = res.headers()
    const csp = h['content-security-policy'] ?? ''
    expect(csp, res.url()).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("form-action 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false)
    expect(h['x-content-type-options']).toBe('nosniff')
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin')
    expect(h['cross-origin-opener-policy']).toBe('same-origin')
    expect(h['permissions-policy']).toContain('camera=()')
    // The test server runs without PODNET_HTTPS, so no HSTS on plain HTTP.
    expect(h['strict-transport-security']).toBeUndefined()
  }
  expect(html.status()).toBe(200)
  expect(page404.status()).toBe(404)
  // JSON still parses and keeps its type.
  expect(json.headers()['content-type']).toContain('application/json')
  expect(await json.json()).toBeTruthy()
  expect(health.headers()['content-type']).toContain('application/json')
  expect(await health.json()).toBeTruthy()

  // The lesson is still prerendered, and each of its inline scripts is allowed by hash.
  expect(html.headers()['x-nextjs-prerender']).toBeTruthy()
  const policy = html.headers()['content-security-policy']!
  const inline = [...body.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
  expect(inline.length).toBeGreaterThan(1)
  const { createHash } = await import('node:crypto')
  for (const script of inline) {
    expect(policy).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`)
  }
})
