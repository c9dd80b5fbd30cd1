import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GENERATED_PATH, generateSchemaSource } from './gen-k8s-schema'

describe('generated Kubernetes field tree', () => {
  it('is up to date with the OpenAPI models it is generated from', async () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await generateSchemaSource())
  })
})
