// busybox cat over the pod's files (or stdin).
import { podFile } from './pod-files'
import type { Tool } from './tool'

export const catTool: Tool = (env, args) => {
  const { out } = env.ctx
  if (!args.length) {
    out.out(env.ctx.stdin)
    return { code: 0 }
  }
  let code = 0
  for (const a of args) {
    const text = podFile(env, a)
    if (text === undefined) {
      out.errLine(`cat: can't open '${a}': No such file or directory`)
      code = 1
    } else out.out(text)
  }
  return { code }
}
