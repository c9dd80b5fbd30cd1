// nc: busybox's (busybox and alpine images) and netcat-openbsd (netshoot), which word
// the same outcomes differently.
import { busyboxUsage } from './busybox'
import { connect, dnsUnreachable } from './connect'
import { cap, KERNEL_CONNECT_TIMEOUT_MS, RESOLVER_TIMEOUT_MS } from './timing'
import type { Tool } from './tool'

/** /etc/services names netcat-openbsd prints after the port. */
const SERVICES: Record<number, string> = {
  22: 'ssh',
  53: 'domain',
  80: 'http',
  443: 'https',
  3306: 'mysql',
  5432: 'postgresql',
  6379: 'redis',
  8080: 'http-alt',
}

export const nc: Tool = (env, args) => {
  const { out } = env.ctx
  let verbose = 0
  let zero = false
  let udp = false
  let wait: number | undefined
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!
        if (ch === 'v') verbose++
        else if (ch === 'z') zero = true
        else if (ch === 'u') udp = true
        else if (ch === 'n') continue
        else if (ch === 'w') {
          wait = Number(a.slice(j + 1) || args[++i])
          break
        } else if (ch === 'l' || ch === 'p') {
          out.errLine(
            'nc: listening is not simulated in this lab; connect to a pod that serves the port instead',
          )
          return { code: 1 }
        } else {
          out.errLine(`nc: invalid option -- '${ch}'`)
          return { code: 1 }
        }
      }
    } else pos.push(a)
  }
  if (pos.length < 2) {
    out.errLine(
      busyboxUsage(
        'Usage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen',
      ),
    )
    return { code: 1 }
  }
  const [host, portSpec] = pos as [string, string]
  const range = /^(\d+)(?:-(\d+))?$/.exec(portSpec)
  if (!range) {
    out.errLine(`nc: bad port '${portSpec}'`)
    return { code: 1 }
  }
  const lo = Number(range[1])
  const hi = Math.min(Number(range[2] ?? range[1]), lo + 63)
  const netcatOpenbsd = /netshoot/.test(env.container.image)
  let code = 0
  let delay = 0
  for (let port = lo; port <= hi; port++) {
    const r = connect(env, host, port, udp ? 'UDP' : 'TCP')
    if (r.outcome === 'no-such-host') {
      out.errLine(
        netcatOpenbsd
          ? `nc: getaddrinfo for host "${host}" port ${port}: Name or service not known`
          : `nc: bad address '${host}'`,
      )
      return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
    }
    const ip = r.to.ip ?? host
    const where = `${host} (${ip}:${port})`
    // UDP cannot tell a drop from a listener: both look open (busybox sends nothing with -z).
    const open = r.outcome === 'connected' || (udp && r.outcome === 'timed-out')
    if (open) {
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `Connection to ${host} (${ip}) ${port} port [${udp ? 'udp' : 'tcp'}/${SERVICES[port] ?? '*'}] succeeded!`,
          )
      } else if (verbose) out.errLine(`${where} open`)
      delay += 2
      continue
    }
    code = 1
    if (r.outcome === 'timed-out') {
      const ms = wait !== undefined && wait > 0 ? wait * 1000 : KERNEL_CONNECT_TIMEOUT_MS
      delay += ms
      // nc_bloaty: with one -v only refusals are silent (recipe 10's Alpine prints this text).
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `nc: connect to ${host} (${ip}) port ${port} (${udp ? 'udp' : 'tcp'}) timed out: Operation now in progress`,
          )
      } else if (verbose) out.errLine(`nc: ${where}: Operation timed out`)
    } else if (r.outcome === 'refused') {
      delay += 1
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `nc: connect to ${host} (${ip}) port ${port} (${udp ? 'udp' : 'tcp'}) failed: Connection refused`,
          )
      } else if (verbose > 1) out.errLine(`nc: ${where}: Connection refused`)
    } else {
      delay += 3000
      if (verbose)
        out.errLine(
          netcatOpenbsd
            ? `nc: connect to ${host} (${ip}) port ${port} (tcp) failed: No route to host`
            : `nc: ${where}: No route to host`,
        )
    }
  }
  // Without -z a connected nc would now relay stdin; a lab command has none, so it ends.
  void zero
  return { code, delayMs: cap(delay) }
}
