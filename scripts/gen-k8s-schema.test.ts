import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DESCRIPTIONS_PATH, GENERATED_PATH, generateSchemaSources } from './gen-k8s-schema'

describe('generated Kubernetes field tree', () => {
  it('is up to date with the OpenAPI models it is generated from', async () => {
    const { schema, descriptions } = await generateSchemaSources()
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(schema)
    expect(readFileSync(DESCRIPTIONS_PATH, 'utf8')).toBe(descriptions)
  })
})
