import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { SiteHeader } from '@/components/course/SiteHeader'
import { THEME_SCRIPT } from '@/components/course/theme'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Podnet Lab: Kubernetes networking, hands on', template: '%s · Podnet Lab' },
  description:
    'An open, self-hostable course on Kubernetes networking: pod networking, Services and NetworkPolicy, with a simulated cluster in the browser.',
}

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1217' },
  ],
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Sets data-theme before the first paint: no flash of the wrong theme. */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        {children}
        <footer className="site-footer">
          <p>Podnet Lab is open source (Apache-2.0) and runs entirely in your browser.</p>
        </footer>
      </body>
    </html>
  )
}
