import { isValidElement } from 'react'
import type { ComponentPropsWithoutRef, ReactNode } from 'react'
import { highlight } from '@/lib/content/highlight'

const LANGUAGE_NAMES: Record<string, string> = {
  yaml: 'YAML',
  yml: 'YAML',
  sh: 'Shell',
  bash: 'Shell',
  shell: 'Shell',
  console: 'Terminal',
  text: 'Output',
  json: 'JSON',
}

/**
 * A fenced code block (MDX's `pre > code`), highlighted at build time for YAML and shell,
 * with a small language label. Scrolls horizontally instead of wrapping.
 */
export function CodeBlock({ children, ...rest }: ComponentPropsWithoutRef<'pre'>) {
  const code = isValidElement<{ className?: string; children?: ReactNode }>(children) ? children : null
  const text = typeof code?.props.children === 'string' ? code.props.children : null
  if (!code || text === null) return <pre {...rest}>{children}</pre>
  const lang = /(?:^|\s)language-(\S+)/.exec(code.props.className ?? '')?.[1]
  const tokens = highlight(text.replace(/\n$/, ''), lang)
  const label = lang ? (LANGUAGE_NAMES[lang] ?? lang.toUpperCase()) : null
  return (
    <div className="code-block" data-lang={lang}>
      {label && (
        <span className="code-lang" aria-hidden="true">
          {label}
        </span>
      )}
      <pre {...rest} tabIndex={0}>
        <code className={code.props.className}>
          {tokens.map((t, i) =>
            t.kind ? (
              <span key={i} className={`tok-${t.kind}`}>
                {t.text}
              </span>
            ) : (
              t.text
            ),
          )}
        </code>
      </pre>
    </div>
  )
}

/** Tables scroll sideways on narrow screens instead of overflowing the page. */
export function Table(props: ComponentPropsWithoutRef<'table'>) {
  return (
    <div className="table-wrap">
      <table {...props} />
    </div>
  )
}
