// The NetworkPolicy cheat sheet: the recipes of content/cheatsheet.yaml on one static page,
// made to be printed. `npm run content:check` validates each recipe and checks its flows.
import type { Metadata } from 'next'
import { CheatSheet } from '@/components/course/CheatSheet'
import { readCheatSheet } from '@/lib/content/cheatsheet'

export const metadata: Metadata = {
  title: 'NetworkPolicy cheat sheet',
  description:
    'NetworkPolicy recipes on one printable page: default deny, DNS, namespaces, port ranges, ipBlock, Services and a three-tier app, each checked on a simulated cluster.',
}

export const dynamic = 'force-static'

export default function CheatSheetPage() {
  return <CheatSheet sheet={readCheatSheet()} />
}
