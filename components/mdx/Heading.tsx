import type { ComponentPropsWithoutRef } from 'react'

type HeadingTag = 'h2' | 'h3' | 'h4'

/**
 * A heading with a visible anchor link. rehype-slug gives every heading its `id`; the whole
 * heading becomes a link to itself, with a "#" marker drawn by CSS (and kept out of the
 * accessible name).
 */
export function makeHeading(Tag: HeadingTag) {
  function Heading({ id, children, className, ...rest }: ComponentPropsWithoutRef<HeadingTag>) {
    if (!id)
      return (
        <Tag className={className} {...rest}>
          {children}
        </Tag>
      )
    return (
      <Tag id={id} className={['heading', className].filter(Boolean).join(' ')} {...rest}>
        <a href={`#${id}`} className="heading-anchor">
          {children}
        </a>
      </Tag>
    )
  }
  Heading.displayName = `Heading(${Tag})`
  return Heading
}
