// Control characters from manifests and from the learner never reach the terminal raw
// (CVE-2021-25743): ESC and CR as kubectl escapes them, the rest as `-o yaml` does.
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { escapeTerminal } from './terminal-escape'
import { BASE, lab } from './shell.testkit'

/** Any control character but newline and tab: what must never come out of the shell. */
// eslint-disable-next-line no-control-regex -- looking for control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/

// Clear screen, red, set the window title (OSC … BEL), a carriage return, a C1 CSI.
const NASTY = '\x1b[2J\x1b[31mred\x1b]0;title\x07 cr\r c1\u009b2J'
const SHOWN = '^[[2J^[[31mred^[]0;title\\a cr\\r c1\\x9B2J'
// The same in a YAML double-quoted string.
const NASTY_YAML = '\\e[2J\\e[31mred\\e]0;title\\a cr\\r c1\\x9b2J'

const EVIL = `---
apiVersion: v1
kind: Pod
metadata:
  name: evil
  labels: {app: evil}
  annotations: {note: "${NASTY_YAML}"}
spec:
  nodeName: worker-1
  containers:
  - name: echo
    image: hashicorp/http-echo
    args: ["-text=${NASTY_YAML}"]
---
apiVersion: v1
kind: Service
metadata: {name: evil, annotations: {note: "${NASTY_YAML}"}}
spec: {selector: {app: evil}, clusterIP: 10.96.66.66, ports: [{port: 80, targetPort: 5678}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: evil, annotations: {note: "${NASTY_YAML}"}}
spec: {podSelector: {matchLabels: {app: nothing}}}
`

type Pod = { metadata: { annotations: Record<string, string> } }

const evilLab = () => lab(BASE + EVIL, { files: [{ name: `notes\x1b]0;t\x07.yaml`, text: `# ${NASTY}\n` }] })

describe('escapeTerminal', () => {
  it("ESC and CR as kubectl's printers write them; other C0, DEL and C1 as YAML escapes", () => {
    expect(escapeTerminal(NASTY)).toBe(SHOWN)
    expect(escapeTerminal('\0\b\v\f\x7f\x85\u009d')).toBe('\\0\\b\\v\\f\\x7F\\x85\\x9D')
  })

  it('keeps newline, tab and every printable character', () => {
    const text = 'NAME\tREADY\nweb ✓ é ü 漢字 \u00a0 ~'
    expect(escapeTerminal(text)).toBe(text)
  })
})

describe('no control character reaches the terminal', () => {
  it('kubectl describe shows annotations escaped, as kubectl does (CVE-2021-25743)', () => {
    const l = evilLab()
    for (const kind of ['pod', 'svc', 'netpol']) {
      const text = l.run(`kubectl describe ${kind} evil`)
      expect(text).toContain(`note: ${SHOWN}`)
      expect(text).not.toMatch(CONTROL)
    }
  })

  it('kubectl get -o yaml and -o json keep their own escapes, and stay YAML and JSON', () => {
    const l = evilLab()
    const yaml = l.run('kubectl get pod evil -o yaml')
    expect(yaml).toContain(`note: "${NASTY_YAML.replace('x9b', 'x9B')}"`)
    expect((parseYaml(yaml) as Pod).metadata.annotations.note).toBe(NASTY)
    const json = l.run('kubectl get pod evil -o json')
    // A C1 character as JSON writes it (\u009b): `\x9B` would be no JSON at all.
    expect(json).toContain('"note": "\\u001b[2J\\u001b[31mred\\u001b]0;title\\u0007 cr\\r c1\\u009b2J"')
    expect(json).not.toMatch(CONTROL)
    expect((JSON.parse(json) as Pod).metadata.annotations.note).toBe(NASTY)
    const list = l.run('kubectl get pods,svc,netpol -o json')
    expect(
      (JSON.parse(list) as { items: Pod[] }).items.filter((i) => i.metadata.annotations?.note === NASTY),
    ).toHaveLength(3)
    expect(l.run("kubectl get pod evil -o jsonpath='{.metadata.annotations.note}'")).toBe(SHOWN)
    // An object printed by jsonpath is JSON too.
    const annotations = l.run("kubectl get pod evil -o jsonpath='{.metadata.annotations}'")
    expect((JSON.parse(annotations) as Record<string, string>).note).toBe(NASTY)
  })

  it('DEL and every C1 character in -o json: \\u escapes, parseable, never raw', () => {
    const all = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)).join('')
    const l = lab(BASE)
    l.run(`kubectl annotate pod web 'c1=${all}'`)
    const json = l.run('kubectl get pod web -o json')
    expect(json).toContain(`"c1": "\\u007f\\u0080\\u0081`)
    expect(json).not.toMatch(CONTROL)
    expect((JSON.parse(json) as Pod).metadata.annotations.c1).toBe(all)
    expect((parseYaml(l.run('kubectl get pod web -o yaml')) as Pod).metadata.annotations.c1).toBe(all)
  })

  it('names, labels and annotations the learner types come back escaped in messages', () => {
    const l = evilLab()
    expect(l.run(`kubectl describe pod 'a${NASTY}'`)).toBe(
      `Error from server (NotFound): pods "a${SHOWN}" not found\n`,
    )
    const label = l.run(`kubectl label pod client 'app=x\x1b[31m' --overwrite`)
    expect(label).toContain('^[[31m')
    expect(label).not.toMatch(CONTROL)
    l.run(`kubectl annotate pod client 'note=${NASTY}'`)
    expect(l.run('kubectl describe pod client')).toContain(`note: ${SHOWN}`)
    expect(l.run('kubectl logs evil\x1b[2J')).toBe(
      'Error from server (NotFound): pods "evil^[[2J" not found\n',
    )
  })

  it('unknown commands, subcommands and flags echo the input escaped', () => {
    const l = evilLab()
    expect(l.run(`kubectl b\x1b[2Jogus`)).toBe(
      'error: unknown command "b^[[2Jogus" for "kubectl"\nRun \'kubectl --help\' for usage.\n',
    )
    expect(l.run("kubectl get pods '--f\x1b]0;t\x07'")).toMatch(/^error: unknown flag: --f\^\[\]0;t\\a\n/)
    // bash writes a command name it cannot print in $'…' (printable_filename).
    expect(l.run(`x\u009b2J`)).toBe("bash: $'x\\302\\2332J': command not found\n")
    expect(l.run(`echo '${NASTY}'`)).toBe(`${SHOWN}\n`)
  })

  it('lab files: ls and cat escape file names and contents', () => {
    const l = evilLab()
    expect(l.run('ls')).toBe('scenario.yaml\nnotes^[]0;t\\a.yaml\n')
    expect(l.run(`cat 'notes\x1b]0;t\x07.yaml'`)).toBe(`# ${SHOWN}\n`)
    expect(l.run(`cat 'no\x1b[2J'`)).toBe('cat: no^[[2J: No such file or directory\n')
  })

  it('in-pod tools: an HTTP body, a looked-up name, a cat of a missing file', () => {
    const l = evilLab()
    expect(l.run('kubectl exec client -- wget -qO- http://evil')).toBe(`${SHOWN}\n`)
    expect(l.run(`kubectl exec web -- curl -s http://evil`)).toBe(`${SHOWN}\n`)
    const ns = l.run(`kubectl exec client -- nslookup 'a\x1b[2J.svc.cluster.local'`)
    expect(ns).toContain("** server can't find a^[[2J.svc.cluster.local: NXDOMAIN")
    expect(ns).not.toMatch(CONTROL)
    expect(l.run(`kubectl exec client -- cat '/etc/\x1b[2J'`)).toBe(
      "cat: can't open '/etc/^[[2J': No such file or directory\ncommand terminated with exit code 1\n",
    )
  })

  it('the prompt and completions are escaped too', () => {
    const l = evilLab()
    // Hostnames are validated on the way in; the prompt is escaped all the same.
    l.session.cluster.pods.find((p) => p.name === 'web')!.hostname = 'h\x1b[2J'
    l.run('kubectl exec -it web -- bash')
    expect(l.shell.prompt()).toBe('root@h^[[2J:/# ')
    l.run('exit')
  })

  it("tab completion lists such a file name escaped and inserts it as bash's $'…', which names the file", () => {
    const l = evilLab()
    const done = l.shell.complete('cat notes')
    expect(done).toEqual({ line: "cat $'notes\\E]0;t\\a.yaml' ", candidates: ['notes^[]0;t\\a.yaml'] })
    expect(l.run(done.line)).toBe(`# ${SHOWN}\n`)
    // Several names: the part they share goes in up to the first control character.
    const two = lab(BASE, {
      files: [
        { name: 'notes\x1b]0;t\x07.yaml', text: '' },
        { name: 'notes\x1b[1m.yaml', text: '' },
      ],
    })
    expect(two.shell.complete('cat no')).toEqual({
      line: 'cat notes',
      candidates: ['notes^[[1m.yaml', 'notes^[]0;t\\a.yaml'],
    })
  })
})

// ESC (a CSI sequence), OSC (set the window title, ended by BEL), BEL and CR: each in a
// name, a label, an annotation, an image, an argument and a file name.
describe.each([
  // what, the characters, how the terminal shows them, how YAML writes them in double quotes
  ['ESC', '\x1b[2J', '^[[2J', '\\e[2J'],
  ['OSC', '\x1b]0;title\x07', '^[]0;title\\a', '\\e]0;title\\a'],
  ['BEL', '\x07', '\\a', '\\a'],
  ['CR', '\r', '\\r', '\\r'],
])('%s', (_what, raw, shown, yamlEscaped) => {
  const y = yamlEscaped
  const make = () =>
    lab(
      `${BASE}---
apiVersion: v1
kind: Pod
metadata:
  name: evil
  labels: {app: evil}
  annotations: {note: "a${y}b"}
spec:
  nodeName: worker-1
  containers: [{name: c, image: "busybox${y}:1", args: ["sleep", "${y}"]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dep, annotations: {note: "a${y}b"}}
spec:
  replicas: 1
  selector: {matchLabels: {app: dep}}
  template:
    metadata: {labels: {app: dep}}
    spec: {containers: [{name: c, image: "nginx${y}:1"}]}
`,
      {
        files: [
          { name: `f${raw}.yaml`, text: `# f${raw}\nkind: Pod\n` },
          {
            name: 'rejected.yaml',
            text: `apiVersion: v1
kind: Pod
metadata:
  name: "e${y}"
  labels: {app: "x${y}", "k${y}": v}
  annotations: {"k${y}": v}
spec: {containers: [{name: c, image: busybox}]}
`,
          },
        ],
      },
    )

  it('kubectl get: tables show it escaped, aligned on what is shown', () => {
    const l = make()
    const wide = l.run('kubectl get deploy -o wide')
    expect(wide).toContain(` nginx${shown}:1   app=dep\n`)
    const [header, row] = wide.split('\n')
    expect(row!.indexOf('app=dep')).toBe(header!.indexOf('SELECTOR'))
    expect(l.run('kubectl get rs -o wide --no-headers')).toContain(` nginx${shown}:1   `)
    const all = l.run('kubectl get all -A -o wide --show-labels')
    expect(all).toContain(`nginx${shown}:1`)
    expect(all).not.toMatch(CONTROL)
  })

  it('kubectl describe shows it escaped in annotations, images and arguments', () => {
    const text = make().run('kubectl describe pod evil')
    expect(text).toContain(`Annotations:      note: a${shown}b\n`)
    expect(text).toContain(`    Image:         busybox${shown}:1\n`)
    expect(text).toContain(`    Args:\n      sleep\n      ${shown}\n`)
    expect(text).not.toMatch(CONTROL)
  })

  it('-o yaml, -o json and jsonpath: their own escapes, and the value reads back whole', () => {
    const l = make()
    const yaml = l.run('kubectl get deploy dep -o yaml')
    expect(yaml).toContain(`    note: "a${y}b"\n`)
    expect(yaml).toContain(`      - image: "nginx${y}:1"\n`)
    expect((parseYaml(yaml) as Pod).metadata.annotations.note).toBe(`a${raw}b`)
    const json = l.run('kubectl get deploy dep -o json')
    expect(json).not.toMatch(CONTROL)
    expect((JSON.parse(json) as Pod).metadata.annotations.note).toBe(`a${raw}b`)
    expect(l.run("kubectl get pod evil -o jsonpath='{.spec.containers[0].image}'")).toBe(`busybox${shown}:1`)
  })

  it('the loader refuses it in names, label keys and values and annotation keys, as the API server does, and says so escaped', () => {
    const l = make()
    expect(l.session.cluster.pods.filter((p) => CONTROL.test(p.name))).toEqual([])
    const r = l.result('kubectl apply -f rejected.yaml')
    expect(r).toMatchObject({ kind: 'done', exitCode: 1 })
    const lines = r.kind === 'done' ? r.output.split('\n') : []
    const invalid = `The Pod "e${shown}" is invalid: `
    expect(lines[0]).toMatch(`${invalid}metadata.name: Invalid value: "e`)
    expect(lines[0]).toContain('a lowercase RFC 1123 subdomain must consist of')
    expect(lines[1]).toMatch(`${invalid}metadata.labels: Invalid value: "x`)
    expect(lines[1]).toContain('a valid label must be an empty string or consist of')
    expect(lines[2]).toMatch(`${invalid}metadata.labels: Invalid value: "k`)
    expect(lines[3]).toMatch(`${invalid}metadata.annotations: Invalid value: "k`)
    expect(r.kind === 'done' && r.output).not.toMatch(CONTROL)
    expect(l.run(`kubectl label pod web 'app=x${raw}' --overwrite`)).toMatch(
      `error: invalid label value: "app=x${shown}": a valid label must be`,
    )
    expect(l.run(`kubectl annotate pod web 'a${raw}=x'`)).toMatch(
      `error: invalid annotation spec: a${shown}=x, name part`,
    )
    expect(l.run(`kubectl create namespace 'n${raw}'`)).toMatch(
      `The Namespace "n${shown}" is invalid: metadata.name:`,
    )
  })

  it('messages that echo a name: get, describe, logs, delete, exec; events are not simulated', () => {
    const l = make()
    const notFound = `Error from server (NotFound): pods "x${shown}" not found\n`
    for (const verb of ['get pod', 'describe pod', 'logs', 'delete pod'])
      expect(l.run(`kubectl ${verb} 'x${raw}'`)).toBe(notFound)
    expect(l.run(`kubectl exec 'x${raw}' -- ls`)).toBe(notFound)
    expect(l.run('kubectl get events')).toBe('No resources found in default namespace.\n')
  })

  it('file names: ls, cat, apply, and the messages that name a file', () => {
    const l = make()
    expect(l.run('ls')).toBe(`scenario.yaml\nf${shown}.yaml\nrejected.yaml\n`)
    expect(l.run(`cat 'f${raw}.yaml'`)).toBe(`# f${shown}\nkind: Pod\n`)
    expect(l.run(`cat 'g${raw}.yaml'`)).toBe(`cat: g${shown}.yaml: No such file or directory\n`)
    expect(l.run(`kubectl apply -f 'f${raw}.yaml'`)).toBe(
      `error: error validating "f${shown}.yaml": error validating data: apiVersion not set\n`,
    )
    expect(l.run(`kubectl apply -f 'g${raw}.yaml'`)).toBe(`error: the path "g${shown}.yaml" does not exist\n`)
    expect(l.run(`kubectl exec evil -- cat '/etc/${raw}'`)).toBe(
      `cat: can't open '/etc/${shown}': No such file or directory\ncommand terminated with exit code 1\n`,
    )
  })

  it("tab completion inserts the file name as $'…', which opens the file", () => {
    const l = make()
    const done = l.shell.complete('cat f')
    expect(done.candidates).toEqual([`f${shown}.yaml`])
    expect(done.line).toMatch(/^cat \$'f.*\.yaml' $/)
    expect(done.line).not.toMatch(CONTROL)
    expect(l.run(done.line)).toBe(`# f${shown}\nkind: Pod\n`)
  })
})
