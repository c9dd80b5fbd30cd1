import Link from 'next/link'

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="page-narrow">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/">Go to the course overview</Link>.
      </p>
    </main>
  )
}
