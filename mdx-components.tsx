// Required by @next/mdx: the components every MDX file is rendered with.
import type { MDXComponents } from 'mdx/types'
import { mdxComponents } from '@/components/mdx/registry'

export function useMDXComponents(): MDXComponents {
  return mdxComponents
}
