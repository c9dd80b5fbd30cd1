// `npm run bench:web [-- --json]`: builds the app, serves it on 127.0.0.1 and measures, in
// Debian's Chromium:
//   - the JavaScript a lesson page loads before interaction (gzip of its <script src> files,
//     and, as a cross-check, every script Chromium fetched until the network was idle);
//   - Lighthouse performance and accessibility scores of a lesson page;
//   - edit-to-verdict latency: from a change of the editor's model to the flow's
//     data-verdict in the DOM, on a 30-pod lab (p50/p95 over many edits).
// With --json the last line is one JSON object with the figures.
import { spawn } from 'node:child_process'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs'

const PORT = Number(process.env.BENCH_PORT ?? 3200)
const BASE = `http://127.0.0.1:${PORT}`
const LESSON = process.env.BENCH_LESSON ?? '/lessons/networkpolicy-basics'
const LAB = process.env.BENCH_LAB ?? '/labs/busy-namespace'
const EDITS = Number(process.env.BENCH_EDITS ?? 60)
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_ARGS]
const json = process.argv.includes('--json')
const log = (...a) => console.log(...a)

async function waitForServer(url, ms) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    try {
      const r = await fetch(url)
      if (r.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`server did not answer at ${url}`)
}

async function firstLoadJs() {
  const html = await (await fetch(`${BASE}${LESSON}`)).text()
  // Scripts marked noModule are for browsers without ES modules; a current browser never
  // fetches them, so they are not part of what the page loads.
  const tags = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])
  const srcs = tags
    .filter((a) => !/\snomodule/i.test(a))
    .map((a) => /\ssrc="([^"]+)"/.exec(a)?.[1])
    .filter(Boolean)
  const skipped = tags.filter((a) => /\snomodule/i.test(a) && /\ssrc=/.test(a)).length
  let total = 0
  for (const src of new Set(srcs)) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer())
    total += gzipSync(body).length
  }
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .join('')
  return {
    files: new Set(srcs).size,
    skipped,
    kb: total / 1024,
    inlineKb: gzipSync(Buffer.from(inline)).length / 1024,
  }
}

async function observedJs(browser) {
  const page = await browser.newPage()
  let bytes = 0
  const sizes = []
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return
    try {
      const body = await res.body()
      sizes.push(gzipSync(body).length)
    } catch {
      // a response without a body
    }
  })
  await page.goto(`${BASE}${LESSON}`, { waitUntil: 'networkidle' })
  await page.waitForTimeout(500)
  bytes = sizes.reduce((a, b) => a + b, 0)
  await page.close()
  return bytes / 1024
}

async function lighthouseScores() {
  const { default: lighthouse } = await import('lighthouse')
  const { launch } = await import('chrome-launcher')
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROME_FLAGS })
  try {
    const result = await lighthouse(`${BASE}${LESSON}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    })
    const c = result.lhr.categories
    const failing = Object.values(result.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id)
    return {
      performance: Math.round(c.performance.score * 100),
      accessibility: Math.round(c.accessibility.score * 100),
      lcp: result.lhr.audits['largest-contentful-paint']?.displayValue,
      tbt: result.lhr.audits['total-blocking-time']?.displayValue,
      cls: result.lhr.audits['cumulative-layout-shift']?.displayValue,
      failing,
    }
  } finally {
    await chrome.kill()
  }
}

async function editToVerdict(browser) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  await page.goto(`${BASE}${LAB}`)
  await page.locator('[data-lab-ready]').first().waitFor()
  await page.waitForFunction(
    () => !!window.monaco && window.monaco.editor.getModels().some((m) => m.uri.path.endsWith('policy.yaml')),
  )
  const pods = await page.evaluate(() => document.querySelectorAll('[data-pod]').length)
  const samples = await page.evaluate(async (edits) => {
    const model = window.monaco.editor.getModels().find((m) => m.uri.path.endsWith('policy.yaml'))
    const flow = () => document.querySelector('[data-testid="flow"]')
    const deny =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-ingress, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n'
    const allow = `${deny}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: storefront, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: storefront}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: loadgen}}}]\n    ports: [{port: 80}]\n`
    const out = []
    for (let i = 0; i < edits; i++) {
      const want = flow().dataset.verdict === 'allowed' ? 'dropped' : 'allowed'
      const t0 = performance.now()
      const seen = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          if (flow()?.dataset.verdict === want) {
            mo.disconnect()
            resolve(performance.now())
          }
        })
        mo.observe(document.body, {
          attributes: true,
          subtree: true,
          childList: true,
          attributeFilter: ['data-verdict'],
        })
      })
      model.setValue(want === 'allowed' ? allow : deny)
      out.push((await seen) - t0)
      await new Promise((r) => setTimeout(r, 30))
    }
    return out
  }, EDITS)
  await page.close()
  const sorted = [...samples].sort((a, b) => a - b)
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
  return { pods, n: samples.length, p50: pct(50), p95: pct(95), max: sorted[sorted.length - 1] }
}

const server = spawn(process.execPath, ['scripts/serve-e2e.mjs', String(PORT)], {
  env: { ...process.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-bench' },
  stdio: ['ignore', 'ignore', 'inherit'],
})
let failed = false
try {
  await waitForServer(`${BASE}/`, 400_000)
  const js = await firstLoadJs()
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROME_FLAGS.filter((f) => f !== '--headless=new'),
  })
  let observed, latency
  try {
    observed = await observedJs(browser)
    latency = await editToVerdict(browser)
  } finally {
    await browser.close()
  }
  const lh = await lighthouseScores()
  log(`lesson ${LESSON}`)
  log(
    `  first-load JS: ${js.kb.toFixed(1)} KB gzip in ${js.files} <script src> files, ${js.skipped} noModule file(s) left out (inline RSC scripts ${js.inlineKb.toFixed(1)} KB gzip); scripts fetched until network idle: ${observed.toFixed(1)} KB gzip`,
  )
  log(
    `  Lighthouse: performance ${lh.performance}, accessibility ${lh.accessibility} (LCP ${lh.lcp}, TBT ${lh.tbt}, CLS ${lh.cls})${lh.failing.length ? `; failing audits: ${lh.failing.join(', ')}` : ''}`,
  )
  log(`lab ${LAB} (${latency.pods} pods)`)
  log(
    `  edit-to-verdict over ${latency.n} edits: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`,
  )
  log(
    `budgets: first load <= 170 KB (${js.kb.toFixed(1)}), performance >= 95 (${lh.performance}), accessibility 100 (${lh.accessibility}), edit-to-verdict p95 <= 50 ms (${latency.p95.toFixed(1)})`,
  )
  if (json)
    log(
      JSON.stringify({
        lesson_first_load_kb_gzip: Number(js.kb.toFixed(1)),
        lesson_observed_js_kb_gzip: Number(observed.toFixed(1)),
        lighthouse_performance: lh.performance,
        lighthouse_accessibility: lh.accessibility,
        edit_to_verdict_p50_ms: Number(latency.p50.toFixed(1)),
        edit_to_verdict_p95_ms: Number(latency.p95.toFixed(1)),
        lab_pods: latency.pods,
      }),
    )
} catch (e) {
  failed = true
  console.error(e)
} finally {
  server.kill('SIGTERM')
}
process.exit(failed ? 1 : 0)
