// bind 9.18 dig: the full answer in dig's columns, +short, +search, -x.
import type { DnsRecord, RecordType } from '../../sim/dns/records'
import { candidateNames, resolvConf } from '../../sim/dns/resolver'
import { hash32 } from '../../sim/util/hash'
import { ask, dnsReachable, ptrName } from './dns-query'
import { cap } from './timing'
import type { Tool } from './tool'

const DIG_VERSION = '9.18.30'

/** Expands tabs to reach a column (tab stops every 8), or one space when already past it. */
function padTo(line: string, visual: number, column: number): { text: string; col: number } {
  if (visual >= column) return { text: `${line} `, col: visual + 1 }
  let col = visual
  let text = line
  while (col < column) {
    text += '\t'
    col = (Math.floor(col / 8) + 1) * 8
  }
  return { text, col }
}

function digLine(fields: { text: string; column: number }[]): string {
  let text = ''
  let col = 0
  fields.forEach((f, i) => {
    if (i > 0) ({ text, col } = padTo(text, col, f.column))
    text += f.text
    col += f.text.length
  })
  return text
}

function recordLine(rec: DnsRecord): string {
  return digLine([
    { text: rec.name, column: 0 },
    { text: String(rec.ttl), column: 24 },
    { text: 'IN', column: 32 },
    { text: rec.type, column: 40 },
    { text: rec.data, column: 48 },
  ])
}

export const dig: Tool = (env, args) => {
  const { out } = env.ctx
  const cluster = env.view.cluster
  const conf = resolvConf(cluster, env.pod)
  let server = conf.nameserver
  let short = false
  let search = false
  let answerOnly = false
  let type: RecordType = 'A'
  let name: string | undefined
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('@')) server = a.slice(1)
    else if (a === '+short') short = true
    else if (a === '+search') search = true
    else if (a === '+noall') answerOnly = true
    else if (a === '+answer' || a.startsWith('+')) continue
    else if (a === '-x') {
      const ip = args[++i] ?? ''
      const p = ptrName(ip)
      if (!p) {
        out.errLine(`Invalid IP address ${ip}`)
        return { code: 1 }
      }
      name = `${p}.`
      type = 'PTR'
    } else if (a === '-t') type = (args[++i] ?? 'A').toUpperCase() as RecordType
    else if (a.startsWith('-')) continue
    else positional.push(a)
  }
  // As dig reads them: a word that names a record type is the type, the other one the name.
  for (const a of positional) {
    if (
      /^(A|AAAA|SRV|PTR|CNAME|ANY|MX|TXT|NS|SOA)$/i.test(a) &&
      (name !== undefined || positional.length > 1)
    )
      type = a.toUpperCase() as RecordType
    else name ??= a
  }
  const qname0 = name ?? '.'
  const cmdline = `; <<>> DiG ${DIG_VERSION} <<>> ${args.join(' ')}`
  if (!dnsReachable(env, server)) {
    const err = `;; communications error to ${server}#53: timed out\n`
    out.out(err + err + err)
    if (!short) out.out(`\n${cmdline}\n;; global options: +cmd\n`)
    out.line(';; no servers could be reached')
    if (!short) out.line()
    return { code: 9, delayMs: cap(15_000) }
  }
  // Without +search dig asks for the name as given, as an absolute name.
  let qname = qname0.endsWith('.') ? qname0 : `${qname0}.`
  let a = ask(env, server, qname, type)
  if (search && !qname0.endsWith('.')) {
    for (const c of candidateNames(qname0, conf)) {
      const x = ask(env, server, c, type)
      qname = c
      a = x
      if (x.rcode === 'NOERROR' && x.records.length) break
    }
  }
  const records = a.records
  const delayMs = 2
  if (short) {
    for (const rec of records) out.line(rec.data)
    return { code: 0, delayMs }
  }
  const inCluster = qname.endsWith(`.${cluster.config.clusterDomain}.`) || qname.endsWith('.in-addr.arpa.')
  const aa = inCluster
  const flags = aa ? 'qr aa rd' : 'qr rd ra'
  const authority: string[] = []
  if (!records.length) {
    const soa = (zone: string, ttl: number, data: string) =>
      digLine([
        { text: zone, column: 0 },
        { text: String(ttl), column: 24 },
        { text: 'IN', column: 32 },
        { text: 'SOA', column: 40 },
        { text: data, column: 48 },
      ])
    const domain = cluster.config.clusterDomain
    authority.push(
      aa
        ? soa(`${domain}.`, 30, `ns.dns.${domain}. hostmaster.${domain}. 1704067200 7200 1800 86400 30`)
        : soa('.', 86400, 'a.root-servers.net. nstld.verisign-grs.com. 2025011300 1800 900 604800 86400'),
    )
  }
  const id = hash32(`${qname}|${env.ctx.seed()}`) % 65536
  const size =
    12 +
    qname.length +
    5 +
    records.reduce((n, r) => n + 12 + (r.type === 'A' ? 4 : r.data.length + 2), 0) +
    authority.length * 60 +
    11
  if (!answerOnly) {
    out.line()
    out.line(cmdline)
    out.line(';; global options: +cmd')
    out.line(';; Got answer:')
    out.line(`;; ->>HEADER<<- opcode: QUERY, status: ${a.rcode}, id: ${id}`)
    out.line(
      `;; flags: ${flags}; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${authority.length}, ADDITIONAL: 1`,
    )
    if (aa) out.line(';; WARNING: recursion requested but not available')
    out.line()
    out.line(';; OPT PSEUDOSECTION:')
    out.line('; EDNS: version: 0, flags:; udp: 1232')
    out.line(';; QUESTION SECTION:')
    out.line(
      digLine([
        { text: `;${qname}`, column: 0 },
        { text: 'IN', column: 32 },
        { text: type, column: 40 },
      ]),
    )
    out.line()
  }
  if (records.length) {
    if (!answerOnly) out.line(';; ANSWER SECTION:')
    for (const rec of records) out.line(recordLine(rec))
    if (!answerOnly) out.line()
  }
  if (!answerOnly) {
    if (authority.length) {
      out.line(';; AUTHORITY SECTION:')
      for (const l of authority) out.line(l)
      out.line()
    }
    out.line(';; Query time: 0 msec')
    out.line(`;; SERVER: ${server}#53(${server}) (UDP)`)
    const d = new Date(env.view.now())
    out.line(
      `;; WHEN: ${d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4')}`,
    )
    out.line(`;; MSG SIZE  rcvd: ${size}`)
    out.line()
  }
  return { code: 0, delayMs }
}
