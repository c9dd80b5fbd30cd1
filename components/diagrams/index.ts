import type { DiagramName } from '@/lib/content/authoring'
import { andOrSelectors } from './and-or-selectors'
import { cniAdd } from './cni-add'
import { cniCompare } from './cni-compare'
import { dnsLookup } from './dns-lookup'
import { egressDns } from './egress-dns'
import { externalTrafficPolicy } from './external-traffic-policy'
import { ipblockExcept } from './ipblock-except'
import type { DiagramDef } from './kit'
import { policyTiers } from './policy-tiers'
import { serviceDnat } from './service-dnat'
import { serviceDnsKinds } from './service-dns-kinds'
import { threeTier } from './three-tier'
import { troubleshootingFlow } from './troubleshooting-flow'
import { vethPair } from './veth-pair'

// Every name in DIAGRAM_NAMES has its drawing here, and nothing else is (the type says both).
export const DIAGRAMS = {
  'veth-pair': vethPair,
  'service-dnat': serviceDnat,
  'external-traffic-policy': externalTrafficPolicy,
  'dns-lookup': dnsLookup,
  'cni-add': cniAdd,
  'and-or-selectors': andOrSelectors,
  'egress-dns': egressDns,
  'troubleshooting-flow': troubleshootingFlow,
  'three-tier': threeTier,
  'cni-compare': cniCompare,
  'policy-tiers': policyTiers,
  'ipblock-except': ipblockExcept,
  'service-dns-kinds': serviceDnsKinds,
} satisfies Record<DiagramName, DiagramDef>
