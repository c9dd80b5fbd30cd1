import { describe, expect, it } from 'vitest'
import { manifestJsonSchema } from './json-schema'
import { FIELD_DESCRIPTIONS } from './k8s-descriptions.generated'

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema(FIELD_DESCRIPTIONS) as {
    allOf: { if: { properties: { kind: { const: string } } }; then: { $ref: string } }[]
    definitions: Record<
      string,
      {
        properties: Record<string, Record<string, unknown>>
        additionalProperties: boolean
        required?: string[]
      }
    >
  }

  it('routes each kind to its definition', () => {
    const np = schema.allOf.find((b) => b.if.properties.kind.const === 'NetworkPolicy')!
    expect(np.then.$ref).toBe('#/definitions/V1NetworkPolicy')
    expect(schema.definitions.V1NetworkPolicy!.properties.apiVersion!.enum).toEqual(['networking.k8s.io/v1'])
  })

  it('refuses unknown fields where strict decoding would', () => {
    expect(schema.definitions.V1NetworkPolicyIngressRule!.additionalProperties).toBe(false)
    expect(Object.keys(schema.definitions.V1NetworkPolicyIngressRule!.properties).sort()).toEqual([
      'from',
      'ports',
    ])
  })

  it('offers the values the API accepts, and documentation', () => {
    expect(schema.definitions.V1NetworkPolicyPort!.properties.protocol!.enum).toEqual(['TCP', 'UDP', 'SCTP'])
    expect(schema.definitions.V1NetworkPolicyPort!.properties.port!.type).toEqual(['integer', 'string'])
    expect(schema.definitions.V1NetworkPolicySpec!.properties.policyTypes!.items).toEqual({
      type: 'string',
      enum: ['Ingress', 'Egress'],
    })
    expect(schema.definitions.V1NetworkPolicySpec!.properties.ingress!.description).toMatch(
      /^ingress is a list of ingress rules/,
    )
    expect(schema.definitions.V1NetworkPolicyPeer!.properties.namespaceSelector!.description).toMatch(/ANDed/)
    expect(schema.definitions.V1IPBlock!.required).toEqual(['cidr'])
  })
})
