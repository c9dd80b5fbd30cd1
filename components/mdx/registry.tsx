// The one list of what lesson authors can write in MDX: the course's components and the
// styled versions of the elements markdown produces. mdx-components.tsx hands it to @next/mdx.
import type { MDXComponents } from 'mdx/types'
import type { AuthorComponent } from '@/lib/content/authoring'
import { Callout } from './Callout'
import { Diagram } from './Diagram'
import { CodeBlock, Table } from './CodeBlock'
import { Exercise, Hint, Solution } from './Exercise'
import { makeHeading } from './Heading'
import { LabSlot } from './LabSlot'
import { PacketPath } from './PacketPath'

export const mdxComponents = {
  // course components
  Lab: LabSlot,
  Callout,
  Exercise,
  Hint,
  Solution,
  PacketPath,
  Diagram,
  // markdown elements
  h2: makeHeading('h2'),
  h3: makeHeading('h3'),
  h4: makeHeading('h4'),
  pre: CodeBlock,
  table: Table,
} satisfies MDXComponents

// Every tag authors may write has a component here.
mdxComponents satisfies Record<AuthorComponent, unknown>
