'use client'

import { useLayoutEffect } from 'react'
import { documentTheme as current, useDocumentTheme } from '../use-document-theme'
import { THEME_KEY } from './theme'
import type { Theme } from './theme'

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(THEME_KEY)
    return v === 'light' || v === 'dark' ? v : null
  } catch {
    return null
  }
}

const systemQuery = () => window.matchMedia('(prefers-color-scheme: dark)')

function apply(theme: Theme) {
  document.documentElement.dataset.theme = theme
}

/** Switches between the light and dark theme; the icon follows <html data-theme> via CSS. */
export function ThemeToggle() {
  // null while rendering on the server and hydrating: the label is then generic.
  const theme = useDocumentTheme()

  useLayoutEffect(() => {
    // React's development remount resets <html> attributes: put the theme back. Then keep
    // following the system while the learner has not chosen.
    apply(stored() ?? (systemQuery().matches ? 'dark' : 'light'))
    const query = systemQuery()
    const onSystemChange = () => {
      if (!stored()) apply(query.matches ? 'dark' : 'light')
    }
    query.addEventListener('change', onSystemChange)
    return () => query.removeEventListener('change', onSystemChange)
  }, [])

  const next: Theme = theme === 'dark' ? 'light' : 'dark'
  const label = theme ? `Switch to ${next} theme` : 'Switch colour theme'
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      aria-label={label}
      title={label}
      onClick={() => {
        const chosen: Theme = current() === 'dark' ? 'light' : 'dark'
        try {
          localStorage.setItem(THEME_KEY, chosen)
        } catch {
          // not kept across visits, still applied now
        }
        apply(chosen)
      }}
    >
      <svg
        className="icon-moon"
        viewBox="0 0 24 24"
        width="20"
        height="20"
        aria-hidden="true"
        focusable="false"
      >
        <path d="M20.5 14.5A8.5 8.5 0 0 1 9.5 3.5a8.5 8.5 0 1 0 11 11z" />
      </svg>
      <svg
        className="icon-sun"
        viewBox="0 0 24 24"
        width="20"
        height="20"
        aria-hidden="true"
        focusable="false"
      >
        <circle cx="12" cy="12" r="4.5" />
        <path d="M12 1.5v3M12 19.5v3M1.5 12h3M19.5 12h3M4.6 4.6l2.1 2.1M17.3 17.3l2.1 2.1M4.6 19.4l2.1-2.1M17.3 6.7l2.1-2.1" />
      </svg>
    </button>
  )
}
