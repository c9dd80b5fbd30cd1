import type { ReactNode } from 'react'

const KINDS = {
  note: 'Note',
  pitfall: 'Pitfall',
  'deep-dive': 'Deep dive',
} as const

export type CalloutType = keyof typeof KINDS

export interface CalloutProps {
  type?: CalloutType
  title?: string
  children: ReactNode
}

function Icon({ type }: { type: CalloutType }) {
  return (
    <svg
      viewBox="0 0 20 20"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
      className="callout-icon"
    >
      {type === 'note' && (
        <>
          <circle cx="10" cy="10" r="8" />
          <path d="M10 9v5M10 6.2v.1" />
        </>
      )}
      {type === 'pitfall' && (
        <>
          <path d="M10 2.5l8 14.5H2z" />
          <path d="M10 8v4.2M10 14.6v.1" />
        </>
      )}
      {type === 'deep-dive' && (
        <>
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="M12.5 12.5l5 5M8.5 6v5M6 8.5h5" />
        </>
      )}
    </svg>
  )
}

/** A note, a pitfall to avoid, or a deep dive for the curious. */
export function Callout({ type = 'note', title, children }: CalloutProps) {
  if (!(type in KINDS))
    throw new Error(`<Callout type="${type}">: type must be one of ${Object.keys(KINDS).join(', ')}`)
  return (
    <div className={`callout callout-${type}`} role="note">
      <p className="callout-title">
        <Icon type={type} />
        <span className="callout-kind">{KINDS[type]}</span>
        {title && <span className="callout-heading">{title}</span>}
      </p>
      <div className="callout-body">{children}</div>
    </div>
  )
}
