// The JSX tags lesson authors may write. The MDX registry (components/mdx/registry.tsx)
// must provide each one; the course index refuses a lesson using any other, so a typo
// fails the build with the file and the line instead of breaking the page.
export const AUTHOR_COMPONENTS = [
  'Lab',
  'Callout',
  'Exercise',
  'Hint',
  'Solution',
  'PacketPath',
  'Diagram',
] as const

export type AuthorComponent = (typeof AUTHOR_COMPONENTS)[number]

// The drawings `<Diagram name="…">` can show (components/diagrams/ draws each one). Listed
// here so the course index can refuse an unknown name with the file and the line.
export const DIAGRAM_NAMES = [
  'veth-pair',
  'service-dnat',
  'external-traffic-policy',
  'dns-lookup',
  'cni-add',
  'and-or-selectors',
  'egress-dns',
  'troubleshooting-flow',
  'three-tier',
  'cni-compare',
  'policy-tiers',
  'ipblock-except',
  'service-dns-kinds',
] as const

export type DiagramName = (typeof DIAGRAM_NAMES)[number]

// The packet paths `<PacketPath variant="…">` can draw (components/mdx/PacketPath.tsx has
// one drawing per name; its type keeps the two lists equal).
export const PACKET_PATH_VARIANTS = ['flannel-vxlan', 'calico'] as const

export type PacketPathVariant = (typeof PACKET_PATH_VARIANTS)[number]
