// The network tools a learner runs inside a pod. Each one asks the simulator what happens
// to its connection (or DNS query) and prints what the real tool prints for that outcome,
// with the real exit code: curl 8.11 (curlimages/curl, netshoot), busybox 1.36 wget, nc,
// nslookup, ping and traceroute (busybox and alpine images), bind 9.18 dig and nslookup
// (netshoot and dnsutils images). Wording comes from course-facts §1.7; where it has
// nothing, from the tools' sources, as noted at each place. One module per tool; the
// waits they share are explained in timing.ts.
import { catTool } from './cat'
import { curl } from './curl'
import { dig } from './dig'
import { envTool } from './env'
import { hostnameTool } from './hostname'
import { ipTool } from './ip'
import { nc } from './nc'
import { nslookup } from './nslookup'
import { ping } from './ping'
import type { Tool } from './tool'
import { traceroute } from './traceroute'
import { wget } from './wget'

export { podEnvironment } from './pod-environment'
export { podFile } from './pod-files'
export type { PodEnv, Tool } from './tool'

export const POD_TOOLS: Record<string, Tool> = {
  curl,
  wget,
  nc,
  netcat: nc,
  nslookup,
  dig,
  ping,
  traceroute,
  cat: catTool,
  env: envTool,
  printenv: envTool,
  hostname: hostnameTool,
  ip: ipTool,
}
