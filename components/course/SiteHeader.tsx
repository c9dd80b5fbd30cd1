import Link from 'next/link'
import { SearchBox } from './SearchBox'
import { ThemeToggle } from './ThemeToggle'

/** The banner on every page: the course's name, search and the theme toggle. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden="true" focusable="false">
          <rect x="1" y="1" width="30" height="30" rx="8" className="brand-bg" />
          <circle cx="10" cy="11" r="3.5" className="brand-dot" />
          <circle cx="22" cy="11" r="3.5" className="brand-dot" />
          <circle cx="16" cy="22" r="3.5" className="brand-dot" />
          <path d="M10 11L22 11M10 11L16 22M22 11L16 22" className="brand-line" />
        </svg>
        <span>Podnet Lab</span>
      </Link>
      <div className="site-header-tools">
        <SearchBox />
        <ThemeToggle />
      </div>
    </header>
  )
}
