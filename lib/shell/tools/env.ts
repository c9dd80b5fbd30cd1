// env and printenv.
import { podEnvironment } from './pod-environment'
import type { Tool } from './tool'

export const envTool: Tool = (env, args) => {
  const vars = podEnvironment(env)
  if (args.length) {
    const v = vars.find(([k]) => k === args[0])
    if (!v) return { code: 1 }
    env.ctx.out.line(v[1])
    return { code: 0 }
  }
  for (const [k, v] of vars) env.ctx.out.line(`${k}=${v}`)
  return { code: 0 }
}
