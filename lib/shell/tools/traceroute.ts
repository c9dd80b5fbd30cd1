// busybox traceroute: the hops of the simulated path, named by their PTR records.
import { answer } from '../../sim/dns/records'
import { hash32 } from '../../sim/util/hash'
import { busyboxUsage } from './busybox'
import { connect, dnsUnreachable } from './connect'
import { bare, ptrName } from './dns-query'
import { cap, RESOLVER_TIMEOUT_MS } from './timing'
import type { Tool } from './tool'

export const traceroute: Tool = (env, args) => {
  const { out } = env.ctx
  let numeric = false
  let maxHops = 30
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-n') numeric = true
    else if (a === '-m') maxHops = Math.max(1, Math.min(64, Number(args[++i]) || 30))
    else if (a === '-I' || a === '-4') continue
    else if (a === '-w' || a === '-q' || a === '-p') i++
    else if (a.startsWith('-')) continue
    else pos.push(a)
  }
  const host = pos[0]
  if (!host) {
    out.errLine(
      busyboxUsage(
        'Usage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]\n\t[-z PAUSE_MSEC] HOST [BYTES]',
      ),
    )
    return { code: 1 }
  }
  // The path comes from an ICMP probe: what the simulator reports as traceroute's view.
  const r = connect(env, host, undefined, 'ICMP')
  if (r.outcome === 'no-such-host') {
    out.errLine(`traceroute: bad address '${host}'`)
    return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
  }
  const ip = r.to.ip ?? host
  out.line(`traceroute to ${host} (${ip}), ${maxHops} hops max, 46 byte packets`)
  if (r.outcome === 'connected' && !(env.view.cluster.cni.dataPath.hidesHops && r.hops.length === 0)) {
    r.hops.forEach((h, i) => {
      const ptr = ptrName(h.ip)
      const a = ptr && !numeric ? answer(env.view.cluster, `${ptr}.`, 'PTR') : undefined
      const label = a?.records[0]
        ? `${bare(a.records[0].data)} (${h.ip})`
        : numeric
          ? h.ip
          : `${h.ip} (${h.ip})`
      const t = (k: number) => ((20 + (hash32(`${h.ip}|${i}|${k}`) % (i ? 500 : 20))) / 1000).toFixed(3)
      out.line(`${String(i + 1).padStart(2)}  ${label}  ${t(0)} ms  ${t(1)} ms  ${t(2)} ms`)
    })
    return { code: 0, delayMs: 20 }
  }
  for (let i = 1; i <= maxHops; i++) out.line(`${String(i).padStart(2)}  *  *  *`)
  return { code: 0, delayMs: cap(maxHops * 3 * 5000) }
}
