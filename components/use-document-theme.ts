'use client'
// The theme the page shows (<html data-theme>, set before paint and by the toggle), for
// components that draw their own colours: the theme toggle, Monaco and xterm.
import { useSyncExternalStore } from 'react'

export type DocumentTheme = 'light' | 'dark'

export function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}

export function documentTheme(): DocumentTheme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'
}

/** The current theme; null while rendering on the server and hydrating. */
export function useDocumentTheme(): DocumentTheme | null {
  return useSyncExternalStore<DocumentTheme | null>(subscribeTheme, documentTheme, () => null)
}
