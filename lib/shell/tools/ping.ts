// busybox ping: replies with the TTL the routers leave, or 100% packet loss.
import { hash32 } from '../../sim/util/hash'
import { busyboxUsage } from './busybox'
import { connect, dnsUnreachable } from './connect'
import { cap, RESOLVER_TIMEOUT_MS } from './timing'
import type { Tool } from './tool'

export const ping: Tool = (env, args) => {
  const { out } = env.ctx
  let count = 4
  let quiet = false
  let waitS: number | undefined
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const m = /^-([cWwis])(.*)$/.exec(a)
    if (m) {
      const v = Number(m[2] || args[++i])
      if (m[1] === 'c') count = Math.max(1, Math.min(20, v))
      if (m[1] === 'W' || m[1] === 'w') waitS = v
    } else if (a === '-q') quiet = true
    else if (a === '-4' || a === '-n') continue
    else if (a.startsWith('-')) {
      out.errLine(`ping: invalid option -- '${a.slice(1, 2)}'`)
      return { code: 1 }
    } else pos.push(a)
  }
  const host = pos[0]
  if (!host) {
    out.errLine(busyboxUsage('Usage: ping [OPTIONS] HOST'))
    return { code: 1 }
  }
  const r = connect(env, host, undefined, 'ICMP')
  if (r.outcome === 'no-such-host') {
    out.errLine(`ping: bad address '${host}'`)
    return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
  }
  const ip = r.to.ip ?? host
  out.line(`PING ${host} (${ip}): 56 data bytes`)
  const ok = r.outcome === 'connected'
  const routers = Math.max(0, r.hops.length - 1)
  const ttl = 64 - routers
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    if (!ok) continue
    const base = routers > 1 ? 400 : 60
    const t = (base + (hash32(`${env.pod.id}|${host}|${i}`) % base)) / 1000
    times.push(t)
    if (!quiet) out.line(`64 bytes from ${ip}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms`)
  }
  out.line()
  out.line(`--- ${host} ping statistics ---`)
  const received = times.length
  out.line(
    `${count} packets transmitted, ${received} packets received, ${Math.round(((count - received) / count) * 100)}% packet loss`,
  )
  if (received) {
    const min = Math.min(...times)
    const max = Math.max(...times)
    const avg = times.reduce((s, t) => s + t, 0) / received
    out.line(`round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms`)
  }
  const seconds = ok ? count - 1 : (waitS ?? count)
  return { code: received ? 0 : 1, delayMs: cap(seconds * 1000) }
}
