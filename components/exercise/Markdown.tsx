// An exercise's task and hints are Markdown in its YAML file: rendered here, on the server
// at build time, with the same MDX toolchain as the lessons (plain Markdown mode, so `<`
// and `{` are text) and the lessons' code blocks.
import { evaluate } from '@mdx-js/mdx'
import * as runtime from 'react/jsx-runtime'
import remarkGfm from 'remark-gfm'
import { CodeBlock, Table } from '@/components/mdx/CodeBlock'

export async function Markdown({ text }: { text: string }) {
  const { default: Content } = await evaluate(text, { ...runtime, format: 'md', remarkPlugins: [remarkGfm] })
  return <Content components={{ pre: CodeBlock, table: Table }} />
}
