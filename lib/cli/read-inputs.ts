// Reads manifest files and directories (recursively) from disk for the command line.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { ManifestSource } from '../sim/manifest/load'

const MANIFEST_EXT = /\.(ya?ml|json)$/i
// A scenario folder's lab.yaml holds the lab's settings, not Kubernetes objects.
const LAB_SETTINGS = /(^|[\\/])lab\.yaml$/
// Nor does its exercises/ folder: those files are graded exercises, read by `netpol grade`.
const EXERCISES_DIR = /(^|[\\/])exercises$/

export class InputError extends Error {}

/** Every .yaml, .yml and .json file under the given paths, in a stable order. */
export function readManifestInputs(paths: readonly string[], cwd = process.cwd()): ManifestSource[] {
  const out: ManifestSource[] = []
  const visit = (path: string, top: boolean) => {
    let st
    try {
      st = statSync(path)
    } catch {
      throw new InputError(`${path}: no such file or directory`)
    }
    if (st.isDirectory()) {
      if (!top && EXERCISES_DIR.test(path)) return
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), false)
    } else if (top || (MANIFEST_EXT.test(path) && !LAB_SETTINGS.test(path))) {
      const rel = relative(cwd, path)
      out.push({ file: rel && !rel.startsWith('..') ? rel : path, text: readFileSync(path, 'utf8') })
    }
  }
  for (const p of paths) visit(p, true)
  return out
}
