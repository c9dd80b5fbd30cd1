// Chromium as the tests and benchmarks run it: Debian's binary (Playwright cannot download
// its own here) with the flags that keep it from calling out to the network, which a
// closed training room, and this CI, refuse.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]
