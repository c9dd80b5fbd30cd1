// hostname, and -i for the pod's address.
import { hostnameOf } from './pod-files'
import type { Tool } from './tool'

export const hostnameTool: Tool = (env, args) => {
  env.ctx.out.line(args[0] === '-i' ? env.pod.ip : hostnameOf(env.pod))
  return { code: 0 }
}
