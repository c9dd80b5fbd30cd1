import { describe, expect, it } from 'vitest'
import type { ParseResult } from './parse'
import { expandText, expandWord, parse } from './parse'

const vars: Record<string, string> = { NAME: 'web', EMPTY: '', TWO: 'a b', '?': '7' }
const look = (n: string) => vars[n]

/** The argv of every simple command, expanded. */
function argvs(text: string): string[][] {
  const r = parse(text)
  if (r.kind !== 'ok') throw new Error(`not ok: ${JSON.stringify(r)}`)
  return r.items.flatMap((i) => i.pipeline.commands.map((c) => c.words.flatMap((w) => expandWord(w, look))))
}

const kind = (r: ParseResult) => r.kind

describe('words and quoting', () => {
  it('splits on blanks and keeps quoted text whole', () => {
    expect(argvs(`kubectl label pod web 'a b' "c  d" e\\ f`)).toEqual([
      ['kubectl', 'label', 'pod', 'web', 'a b', 'c  d', 'e f'],
    ])
  })

  it('keeps empty quoted words and joins adjacent parts', () => {
    expect(argvs(`echo '' "" x'y'"z"`)).toEqual([['echo', '', '', 'xyz']])
  })

  it('expands variables outside single quotes only, splitting unquoted values', () => {
    expect(argvs(`echo $NAME "$NAME" '$NAME' \${NAME}x $TWO "$TWO" $EMPTY $?`)).toEqual([
      ['echo', 'web', 'web', '$NAME', 'webx', 'a', 'b', 'a b', '7'],
    ])
  })

  it('keeps backslash escapes in double quotes for $ " and \\ only', () => {
    expect(argvs(`echo "a\\$b \\"q\\" \\n"`)).toEqual([['echo', 'a$b "q" \\n']])
  })

  it('passes -- through as a word (kubectl splits on it)', () => {
    expect(argvs('kubectl exec -it web -- curl -s http://web')).toEqual([
      ['kubectl', 'exec', '-it', 'web', '--', 'curl', '-s', 'http://web'],
    ])
  })

  it('drops comments and joins lines ended by a backslash', () => {
    expect(argvs('kubectl get pods \\\n  -o wide # all of them')).toEqual([
      ['kubectl', 'get', 'pods', '-o', 'wide'],
    ])
  })
})

describe('what separates words: space, tab and newline only, as in bash', () => {
  it.each([
    ['CR (Windows line endings)', 'echo a\r', ['echo', 'a\r']],
    ['a no-break space (text from web pages)', 'echo a\u00a0b', ['echo', 'a\u00a0b']],
    ['the line separator U+2028', 'echo a\u2028b', ['echo', 'a\u2028b']],
    ['the ideographic space U+3000', 'echo a\u3000b', ['echo', 'a\u3000b']],
    ['a leading byte-order mark', '\ufeffecho a', ['\ufeffecho', 'a']],
    ['vertical tab and form feed', 'echo a\vb\f', ['echo', 'a\vb\f']],
  ])('%s is part of the word', (_name, line, argv) => {
    expect(argvs(line)).toEqual([argv])
  })

  it('a digit after an odd space is not a redirection of that stream', () => {
    expect(argvs('echo a\u00a02>x')).toEqual([['echo', 'a\u00a02']])
  })
})

describe("bash's ANSI-C quoting, $'…'", () => {
  it('reads the named escapes, octal and hex bytes as UTF-8, and \\u', () => {
    expect(argvs("echo $'a\\tb\\E[2J\\e\\a\\r\\n\\\\\\'\\\"'")).toEqual([
      ['echo', 'a\tb\x1b[2J\x1b\x07\r\n\\\'"'],
    ])
    expect(argvs("echo $'\\302\\233' $'\\xc3\\xa9' $'\\x9b' $'\\u00e9\\U0001F600' $'\\cA\\q'")).toEqual([
      ['echo', '\u009b', 'é', '\u009b', 'é😀', '\x01\\q'],
    ])
  })

  it('joins with the rest of the word, keeps an empty one, and stays literal in double quotes', () => {
    expect(argvs("echo x$'\\t'y $'' \"$'a'\"")).toEqual([['echo', 'x\ty', '', "$'a'"]])
  })

  it('asks for more when the quote is open', () => {
    expect(kind(parse("echo $'a"))).toBe('incomplete')
    expect(kind(parse("echo $'a\\'"))).toBe('incomplete')
  })
})

describe('lists, pipes and redirections', () => {
  it('reads ; && || and newlines, remembering how items join', () => {
    const r = parse('true && echo a || echo b; echo c\necho d')
    expect(r.kind).toBe('ok')
    if (r.kind !== 'ok') return
    expect(r.items.map((i) => i.join)).toEqual([';', '&&', '||', ';', ';'])
  })

  it('reads pipelines and redirections', () => {
    const r = parse('kubectl get pods 2>&1 | grep web > /dev/null')
    if (r.kind !== 'ok') throw new Error(r.kind)
    const [first, second] = r.items[0]!.pipeline.commands
    expect(first!.redirects).toEqual([{ fd: 2, op: 'dup', target: 1 }])
    expect(second!.redirects[0]).toMatchObject({ fd: 1, op: '>' })
  })

  it('reads an assignment before a command or alone', () => {
    const r = parse('POD=client')
    if (r.kind !== 'ok') throw new Error(r.kind)
    expect(r.items[0]!.pipeline.commands[0]!.assigns.map((a) => [a.name, expandWord(a.value, look)])).toEqual(
      [['POD', ['client']]],
    )
  })
})

describe('here-documents', () => {
  it('reads the body up to the delimiter line', () => {
    const r = parse('kubectl apply -f - <<EOF\nkind: X\nname: $NAME\nEOF')
    if (r.kind !== 'ok') throw new Error(r.kind)
    const doc = r.items[0]!.pipeline.commands[0]!.heredoc!
    expect(doc).toEqual({ body: 'kind: X\nname: $NAME\n', expand: true })
    expect(expandText(doc.body, look)).toBe('kind: X\nname: web\n')
  })

  it('does not expand the body when the delimiter is quoted, and strips tabs with <<-', () => {
    const quoted = parse("cat <<'EOF'\n$NAME\nEOF")
    if (quoted.kind !== 'ok') throw new Error(quoted.kind)
    expect(quoted.items[0]!.pipeline.commands[0]!.heredoc).toEqual({ body: '$NAME\n', expand: false })
    const stripped = parse('cat <<-END\n\t\tx\n\tEND')
    if (stripped.kind !== 'ok') throw new Error(stripped.kind)
    expect(stripped.items[0]!.pipeline.commands[0]!.heredoc!.body).toBe('x\n')
  })

  it('feeds a here-document through a pipe, and runs what follows the operator line', () => {
    const r = parse('cat <<EOF | kubectl apply -f -\na: 1\nEOF\necho done')
    if (r.kind !== 'ok') throw new Error(r.kind)
    expect(r.items).toHaveLength(2)
    expect(r.items[0]!.pipeline.commands).toHaveLength(2)
  })
})

describe('incomplete input (the terminal asks for more)', () => {
  it.each([
    ["echo 'open"],
    ['echo "open'],
    ['kubectl get pods \\'],
    ['kubectl get pods |'],
    ['true &&'],
    ['false ||'],
    ['kubectl apply -f - <<EOF'],
    ['kubectl apply -f - <<EOF\napiVersion: v1'],
    ['echo ${NAME'],
  ])('%j', (text) => {
    expect(kind(parse(text))).toBe('incomplete')
  })

  it('completes a quote across lines, keeping the newline', () => {
    expect(argvs("echo 'a\nb'")).toEqual([['echo', 'a\nb']])
  })
})

describe('errors', () => {
  it.each([
    ['| grep x', "bash: syntax error near unexpected token `|'"],
    ['echo a ;; echo b', "bash: syntax error near unexpected token `;'"],
    ['&& true', "bash: syntax error near unexpected token `&&'"],
    ['echo >', "bash: syntax error near unexpected token `newline'"],
    ['echo $(hostname)', 'bash: command substitution $(...) is not supported in this terminal'],
    ['echo `hostname`', 'bash: command substitution `...` is not supported in this terminal'],
    ['sleep 10 &', 'bash: background jobs (&) are not supported in this terminal'],
    ['echo ${1x}', 'bash: ${1x}: bad substitution'],
  ])('%j', (text, message) => {
    expect(parse(text)).toEqual({ kind: 'error', message })
  })

  it('accepts an empty line and a comment', () => {
    expect(parse('')).toEqual({ kind: 'ok', items: [] })
    expect(parse('   # nothing')).toEqual({ kind: 'ok', items: [] })
  })
})
