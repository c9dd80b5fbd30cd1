// nslookup: busybox's (one query per search domain, A then AAAA) and bind's (netshoot,
// dnsutils: the stub resolver's search list).
import type { RecordType } from '../../sim/dns/records'
import { candidateNames, resolvConf } from '../../sim/dns/resolver'
import { busyboxUsage } from './busybox'
import { ask, bare, bindTools, dnsReachable, ptrName } from './dns-query'
import { cap, RESOLVER_TIMEOUT_MS } from './timing'
import type { Tool } from './tool'

export const nslookup: Tool = (env, args) => {
  const { out } = env.ctx
  const opts = args.filter((a) => a.startsWith('-'))
  const pos = args.filter((a) => !a.startsWith('-'))
  let type: RecordType | undefined
  for (const o of opts) {
    const m = /^-(?:type|querytype|q)=(\w+)$/i.exec(o)
    if (m) type = m[1]!.toUpperCase() as RecordType
  }
  if (!pos.length || pos.length > 2) {
    out.errLine(
      busyboxUsage(
        'Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any,srv,ptr',
      ),
    )
    return { code: 1 }
  }
  const name = pos[0]!
  const conf = resolvConf(env.view.cluster, env.pod)
  const server = pos[1] ?? conf.nameserver
  const bind = bindTools(env)
  if (!dnsReachable(env, server)) {
    out.line(';; connection timed out; no servers could be reached')
    if (!bind) out.line()
    return { code: 1, delayMs: cap(RESOLVER_TIMEOUT_MS) }
  }
  const ptr = ptrName(name)
  const delayMs = 3
  if (bind) {
    // bind's nslookup: the stub resolver's search list, then the A and AAAA answers of the name that resolved.
    out.line(`Server:\t\t${server}`)
    out.line(`Address:\t${server}#53`)
    out.line()
    const candidates = ptr ? [`${ptr}.`] : name.endsWith('.') ? [name] : candidateNames(name, conf)
    for (const q of candidates) {
      const a = ask(env, server, q, ptr ? 'PTR' : (type ?? 'A'))
      if (a.rcode !== 'NOERROR' || !a.records.length) continue
      if (!a.authoritative) out.line('Non-authoritative answer:')
      for (const rec of a.records) {
        if (rec.type === 'A') out.line(`Name:\t${bare(rec.name)}\nAddress: ${rec.data}`)
        else if (rec.type === 'CNAME') out.line(`${bare(rec.name)}\tcanonical name = ${rec.data}`)
        else if (rec.type === 'PTR') out.line(`${bare(rec.name)}\tname = ${rec.data}`)
        else if (rec.type === 'SRV') out.line(`${bare(rec.name)}\tservice = ${rec.data}`)
      }
      out.line()
      return { code: 0, delayMs }
    }
    out.line(`** server can't find ${name}: NXDOMAIN`)
    out.line()
    return { code: 1, delayMs }
  }
  // busybox: one query per search domain for a name without a dot (none otherwise), A then
  // AAAA, each answer followed by a blank line; any NXDOMAIN makes the exit status 1.
  const queries: { qname: string; type: RecordType }[] = []
  if (ptr) queries.push({ qname: ptr, type: 'PTR' })
  else {
    const names = name.includes('.') || !conf.search.length ? [name] : conf.search.map((s) => `${name}.${s}`)
    for (const t of type ? [type] : (['A', 'AAAA'] as RecordType[]))
      for (const n of names) queries.push({ qname: n, type: t })
  }
  out.line(`Server:\t\t${server}`)
  out.line(`Address:\t${server}:53`)
  out.line()
  let code = 0
  for (const q of queries) {
    const a = ask(env, server, q.qname, q.type)
    if (a.rcode === 'NXDOMAIN') {
      out.line(`** server can't find ${q.qname}: NXDOMAIN`)
      code = 1
    } else {
      const recs = a.records.filter((rec) => rec.type === q.type || rec.type === 'CNAME')
      if (!recs.length) out.line(`*** Can't find ${q.qname}: No answer`)
      else {
        if (!a.authoritative) out.line('Non-authoritative answer:')
        for (const rec of recs) {
          if (rec.type === 'A' || rec.type === 'AAAA')
            out.line(`Name:\t${bare(rec.name)}\nAddress: ${rec.data}`)
          else if (rec.type === 'CNAME') out.line(`${bare(rec.name)}\tcanonical name = ${bare(rec.data)}`)
          else if (rec.type === 'PTR') out.line(`${bare(rec.name)}\tname = ${bare(rec.data)}`)
          else if (rec.type === 'SRV') {
            const [p, w, port, target] = rec.data.split(' ')
            out.line(`${bare(rec.name)}\tservice = ${p} ${w} ${port} ${bare(target ?? '')}`)
          }
        }
      }
    }
    out.line()
  }
  return { code, delayMs }
}
