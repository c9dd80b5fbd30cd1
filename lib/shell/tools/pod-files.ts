// The files of a pod the lab can show: the resolv.conf and hosts kubelet writes, the hostname.
import { resolvConf } from '../../sim/dns/resolver'
import type { Pod } from '../../sim/model/types'
import type { PodEnv } from './tool'

function resolvConfText(env: PodEnv): string {
  const conf = resolvConf(env.view.cluster, env.pod)
  const lines: string[] = []
  if (conf.search.length) lines.push(`search ${conf.search.join(' ')}`)
  lines.push(`nameserver ${conf.nameserver}`)
  if (conf.clusterDns) lines.push(`options ndots:${conf.ndots}`)
  return `${lines.join('\n')}\n`
}

function hostsText(env: PodEnv): string {
  const p = env.pod
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ]
  if (!p.hostNetwork)
    lines.push(
      `${p.ip}\t${p.hostname && p.subdomain ? `${p.hostname}.${p.subdomain}.${p.namespace}.svc.cluster.local\t${p.hostname}` : p.name}`,
    )
  return `${lines.join('\n')}\n`
}

export function podFile(env: PodEnv, path: string): string | undefined {
  switch (path.replace(/^\/+/, '/')) {
    case '/etc/resolv.conf':
      return resolvConfText(env)
    case '/etc/hosts':
      return hostsText(env)
    case '/etc/hostname':
      return `${hostnameOf(env.pod)}\n`
    default:
      return undefined
  }
}

export const hostnameOf = (p: Pod) => (p.hostNetwork ? p.nodeName : (p.hostname ?? p.name))
