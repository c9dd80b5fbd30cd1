'use client'

import { usePathname } from 'next/navigation'
import { useEffect, useState } from 'react'

/**
 * On narrow screens the course navigation is folded away behind this button. It sets
 * `data-nav-open` on the page shell; CSS shows or hides the sidebar. Wide screens never show
 * the button and always show the sidebar.
 */
export function NavToggle({ controls }: { controls: string }) {
  const [open, setOpen] = useState(false)
  const pathname = usePathname()

  // Close after navigating to another lesson.
  const [lastPath, setLastPath] = useState(pathname)
  if (pathname !== lastPath) {
    setLastPath(pathname)
    setOpen(false)
  }

  useEffect(() => {
    const shell = document.getElementById(controls)?.closest<HTMLElement>('.shell')
    if (shell) shell.dataset.navOpen = open ? 'true' : 'false'
  }, [open, controls])

  return (
    <button
      type="button"
      className="nav-toggle"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen((o) => !o)}
    >
      <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M3 5h14M3 10h14M3 15h14" />
      </svg>
      Course menu
    </button>
  )
}
