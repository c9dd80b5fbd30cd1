// What a container image ships: which of the lab's tools are on its PATH, which shell is
// /bin/sh, and which implementation of the tools that differ between images. One table, so
// "does busybox have curl?" has one answer. Each family names where its contents come from.
//
// Sources: the images' build files. busybox: the busybox defconfig (wget, nc, nslookup, ping,
// traceroute, ip, hostname are applets; no curl, no dig). alpine: its busybox, same applets.
// curlimages/curl: alpine plus curl. nginx (docker-library, nginxinc/docker-nginx
// mainline/debian/Dockerfile): debian:bookworm-slim plus nginx, gettext-base and curl
// (bookworm's curl 7.88.1); nginx:alpine adds `apk add curl` to alpine-slim, which has none.
// nicolaka/netshoot (Dockerfile): alpine plus bash, bind-tools, curl, netcat-openbsd,
// iproute2, iputils and more. jessie-dnsutils (kubernetes test/images): debian plus dnsutils.
// debian, ubuntu and the debian-based redis and postgres images: coreutils, no network tools.
// coredns: a static binary on a distroless base, no shell at all.

/** The executables of the lab's in-pod tools. */
export type ToolName =
  'curl' | 'wget' | 'nc' | 'nslookup' | 'dig' | 'ping' | 'traceroute' | 'ip' | 'cat' | 'env' | 'hostname'

export interface ImageProfile {
  /** the family, as the lab names it in messages and tests */
  family: string
  /** the lab's tools the image has on its PATH */
  tools: ReadonlySet<ToolName>
  /** /bin/sh: busybox's ash, Debian's dash, or none (distroless) */
  sh: 'ash' | 'dash' | 'none'
  bash: boolean
  /** curl's version, when the image has curl: its messages changed in 8.9 */
  curlVersion?: string
  /** busybox nc, or netcat-openbsd */
  nc: 'busybox' | 'openbsd'
  /** busybox nslookup, or bind's (with dig) */
  dns: 'busybox' | 'bind'
}

const BUSYBOX: ToolName[] = ['wget', 'nc', 'nslookup', 'ping', 'traceroute', 'ip', 'cat', 'env', 'hostname']
const COREUTILS: ToolName[] = ['cat', 'env', 'hostname']
const ALL: ToolName[] = [...BUSYBOX, 'curl', 'dig']

function profile(
  family: string,
  tools: ToolName[],
  rest: Partial<Omit<ImageProfile, 'family' | 'tools'>> = {},
): ImageProfile {
  return { family, tools: new Set(tools), sh: 'ash', bash: false, nc: 'busybox', dns: 'busybox', ...rest }
}

const ALPINE = profile('alpine', BUSYBOX)
const DEBIAN = profile('debian', COREUTILS, { sh: 'dash', bash: true })

/**
 * Families by repository (the image name without registry, tag or digest). The first
 * match wins; `tag` refines a repository whose variants differ (nginx vs nginx:alpine).
 */
const FAMILIES: { repo: RegExp; tag?: RegExp; profile: ImageProfile }[] = [
  { repo: /^(library\/)?busybox$/, profile: profile('busybox', BUSYBOX) },
  {
    repo: /(^|\/)curl$/,
    profile: profile('curlimages/curl', [...BUSYBOX, 'curl'], { curlVersion: '8.11.0' }),
  },
  {
    repo: /(^|\/)netshoot$/,
    profile: profile('netshoot', ALL, { bash: true, curlVersion: '8.11.0', nc: 'openbsd', dns: 'bind' }),
  },
  {
    repo: /(^|\/)(jessie-)?dnsutils$/,
    profile: profile('dnsutils', [...COREUTILS, 'nslookup', 'dig'], { sh: 'dash', bash: true, dns: 'bind' }),
  },
  { repo: /^(library\/)?nginx$/, tag: /alpine-slim/, profile: profile('nginx:alpine-slim', BUSYBOX) },
  {
    repo: /^(library\/)?nginx$/,
    tag: /alpine/,
    profile: profile('nginx:alpine', [...BUSYBOX, 'curl'], { curlVersion: '8.11.0' }),
  },
  {
    repo: /^(library\/)?nginx$/,
    profile: profile('nginx', [...COREUTILS, 'curl'], { sh: 'dash', bash: true, curlVersion: '7.88.1' }),
  },
  { repo: /^(library\/)?(redis|postgres)$/, tag: /alpine/, profile: ALPINE },
  { repo: /^(library\/)?(redis|postgres|debian|ubuntu)$/, profile: DEBIAN },
  { repo: /^(library\/)?alpine$/, profile: ALPINE },
  { repo: /(^|\/)coredns$/, profile: profile('coredns', [], { sh: 'none' }) },
]

/**
 * An image the table does not know (the scenario's own application images): the lab cannot
 * know what it ships, so it offers every tool rather than failing a lesson's command.
 */
const UNKNOWN = profile('unknown', ALL, { curlVersion: '8.11.0' })

/** Splits `registry:5000/team/app:1.2@sha256:…` into repository (`team/app`) and tag (`1.2`). */
function reference(image: string): { repo: string; tag: string } {
  let rest = image.trim().toLowerCase().replace(/@.*$/, '')
  const parts = rest.split('/')
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) rest = parts.slice(1).join('/')
  const colon = rest.lastIndexOf(':')
  return colon > rest.lastIndexOf('/') && colon >= 0
    ? { repo: rest.slice(0, colon), tag: rest.slice(colon + 1) }
    : { repo: rest, tag: 'latest' }
}

export function imageProfile(image: string): ImageProfile {
  const { repo, tag } = reference(image)
  for (const f of FAMILIES) if (f.repo.test(repo) && (!f.tag || f.tag.test(tag))) return f.profile
  return UNKNOWN
}

/** Whether `name` (a lab tool, a shell or a text utility) is an executable in the image. */
export function imageHas(image: string, name: string): boolean {
  const p = imageProfile(image)
  const base = name.replace(/^.*\//, '')
  if (base === 'bash') return p.bash
  if (base === 'sh' || base === 'ash') return p.sh !== 'none' && (base === 'sh' || p.sh === 'ash')
  if ((p.tools as ReadonlySet<string>).has(base)) return true
  if (base === 'netcat' || base === 'printenv') return p.tools.has(base === 'netcat' ? 'nc' : 'env')
  if (TOOL_NAMES.has(base)) return false
  // Everything else the lab runs (echo, grep, head, sleep, ls, …) is in busybox and coreutils.
  return p.sh !== 'none'
}

const TOOL_NAMES: ReadonlySet<string> = new Set(ALL)
