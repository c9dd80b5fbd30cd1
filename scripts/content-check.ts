// `npm run content:check [-- --json]`: checks every lesson, lab, exercise and cheat-sheet
// recipe (lib/content/check.ts). Problems go to stdout as `file:line: message`; with --json
// the last line is the counts as one JSON object. Exit code 1 when there is any problem.
import { checkContent, formatReport } from '../lib/content/check'

const args = process.argv.slice(2)
const unknown = args.filter((a) => a !== '--json')
if (unknown.length) {
  process.stderr.write(`usage: npm run content:check [-- --json]\nunknown argument: ${unknown.join(' ')}\n`)
  process.exit(2)
}
const result = checkContent()
process.stdout.write(formatReport(result, args.includes('--json')))
process.exitCode = result.counts.errors > 0 ? 1 : 0
