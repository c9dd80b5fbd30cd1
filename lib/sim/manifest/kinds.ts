// Every kind the simulator reads: the Kubernetes kinds generated from the OpenAPI models,
// and the policy kinds of the network-policy API project, Calico and Cilium written by
// hand (crd-schema.ts). One table, so loading, strict decoding and the editor's schema
// never disagree about which kinds exist.
import { EXTRA_KINDS, EXTRA_SCHEMA_TYPES } from './crd-schema'
import type { ExtraKind } from './crd-schema'
import { SCHEMA_TYPES, SUPPORTED_KINDS } from './k8s-schema.generated'
import type { SchemaTypes } from './k8s-schema-types'

export type KindSpec = { apiVersions: string[]; model: string } & Partial<
  Omit<ExtraKind, 'apiVersions' | 'model'>
>

export const ALL_KINDS: Readonly<Record<string, KindSpec>> = { ...SUPPORTED_KINDS, ...EXTRA_KINDS }

export const ALL_SCHEMA_TYPES: SchemaTypes = { ...SCHEMA_TYPES, ...EXTRA_SCHEMA_TYPES }

/** Kinds without a namespace. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  ...Object.entries(EXTRA_KINDS)
    .filter(([, k]) => k.clusterScoped)
    .map(([kind]) => kind),
])
