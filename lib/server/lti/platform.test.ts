// A simulated LMS platform on loopback (its own key pair, JWKS and token endpoint, a
// lineitem that records scores) checks the launch verification and the score passback.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, createLocalJWKSet } from 'jose'
import type { JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AGS_ENDPOINT, LaunchError, LTI, verifyLaunch } from './claims'
import type { PlatformRegistration } from './claims'
import { PassbackError, postScore } from './ags'
import type { ToolKey } from './ags'

let base = ''
let platformKey: CryptoKey
let platformPublic: CryptoKey
let otherKey: CryptoKey
let tool: ToolKey
let toolJwk: JWK
const scores: { auth: string | undefined; type: string | undefined; body: unknown; path: string }[] = []
let refuseScores = false
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString()
    if (req.url === '/jwks') {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ keys: [{ ...(await exportJWK(platformPublic)), kid: 'p1', alg: 'RS256' }] }))
    } else if (req.url === '/token') {
      const form = new URLSearchParams(body)
      try {
        // The platform checks our assertion with our published key, as a real one would.
        await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet({ keys: [toolJwk] }), {
          issuer: 'tool-client',
          subject: 'tool-client',
          audience: `${base}/token`,
        })
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ access_token: 'tok-123', token_type: 'Bearer', expires_in: 3600 }))
      } catch {
        res.statusCode = 401
        res.end(JSON.stringify({ error: 'invalid_client' }))
      }
    } else if (req.url?.startsWith('/lineitems/7/scores')) {
      scores.push({
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body: JSON.parse(body),
        path: req.url,
      })
      res.statusCode = refuseScores ? 503 : 200
      res.end()
    } else {
      res.statusCode = 404
      res.end()
    }
  })
})

const reg = (): PlatformRegistration => ({
  issuer: 'https://lms.example.org',
  clientId: 'tool-client',
  authEndpoint: `${base}/auth`,
  tokenEndpoint: `${base}/token`,
  jwksUrl: `${base}/jwks`,
  deploymentIds: ['dep-1'],
})

async function idToken(over: Record<string, unknown> = {}, key = platformKey) {
  return new SignJWT({
    nonce: 'n-1',
    [`${LTI}message_type`]: 'LtiResourceLinkRequest',
    [`${LTI}version`]: '1.3.0',
    [`${LTI}deployment_id`]: 'dep-1',
    [`${LTI}target_link_uri`]: 'https://lab.example.org/lti/launch/dns-basics',
    [`${LTI}resource_link`]: { id: 'link-1' },
    [`${LTI}context`]: { id: 'course-42', title: 'K8s networking' },
    [AGS_ENDPOINT]: {
      lineitem: `${base}/lineitems/7?type=x`,
      scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    },
    name: 'Ada',
    ...over,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'p1' })
    .setIssuer('https://lms.example.org')
    .setAudience('tool-client')
    .setSubject('user-9')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key)
}

beforeAll(async () => {
  const p = await generateKeyPair('RS256', { extractable: true })
  platformKey = p.privateKey
  platformPublic = p.publicKey
  otherKey = (await generateKeyPair('RS256')).privateKey
  const t = await generateKeyPair('RS256', { extractable: true })
  tool = { kid: 't1', privateKey: t.privateKey }
  toolJwk = { ...(await exportJWK(t.publicKey)), kid: 't1', alg: 'RS256' }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('LTI 1.3 launch verification', () => {
  it('accepts a resource-link launch and reads the exercise, context and lineitem', async () => {
    const l = await verifyLaunch(await idToken(), reg(), 'n-1')
    expect(l).toMatchObject({
      issuer: 'https://lms.example.org',
      subject: 'user-9',
      deploymentId: 'dep-1',
      resourceLinkId: 'link-1',
      exerciseId: 'dns-basics',
      context: { id: 'course-42', title: 'K8s networking' },
      ags: { lineitem: `${base}/lineitems/7?type=x` },
    })
  })

  it('the custom parameter "exercise" wins over the target link', async () => {
    const l = await verifyLaunch(await idToken({ [`${LTI}custom`]: { exercise: 'np-egress' } }), reg(), 'n-1')
    expect(l.exerciseId).toBe('np-egress')
  })

  it('a link to the course home names no exercise', async () => {
    const l = await verifyLaunch(
      await idToken({ [`${LTI}target_link_uri`]: 'https://lab.example.org/' }),
      reg(),
      'n-1',
    )
    expect(l.exerciseId).toBeUndefined()
  })

  it.each([
    ['a token signed by another key', async () => idToken({}, otherKey), /signature/],
    ['the wrong nonce', async () => idToken({ nonce: 'n-2' }), /nonce/],
    [
      'a deep-linking message',
      async () => idToken({ [`${LTI}message_type`]: 'LtiDeepLinkingRequest' }),
      /message_type/,
    ],
    ['LTI 1.1 version', async () => idToken({ [`${LTI}version`]: '1.1' }), /version/],
    [
      'an unregistered deployment',
      async () => idToken({ [`${LTI}deployment_id`]: 'dep-9' }),
      /deployment_id/,
    ],
    [
      'several audiences without our azp',
      async () => idToken({ aud: ['tool-client', 'x'], azp: 'x' }),
      /azp/,
    ],
    [
      'a target link whose last part is no exercise id',
      async () => idToken({ [`${LTI}target_link_uri`]: 'https://lab.example.org/Some_Page' }),
      /exercise id/,
    ],
    ['no resource link', async () => idToken({ [`${LTI}resource_link`]: {} }), /resource_link/],
  ])('rejects %s', async (_name, make, message) => {
    await expect(verifyLaunch(await make(), reg(), 'n-1')).rejects.toThrow(message)
    await expect(verifyLaunch(await make(), reg(), 'n-1')).rejects.toBeInstanceOf(LaunchError)
  })

  it('rejects an expired token and another issuer', async () => {
    const later = new Date(Date.now() + 60 * 60 * 1000)
    await expect(verifyLaunch(await idToken(), reg(), 'n-1', later)).rejects.toThrow(/exp|age/)
    await expect(verifyLaunch(await idToken(), { ...reg(), issuer: 'https://other' }, 'n-1')).rejects.toThrow(
      /iss/,
    )
  })
})

describe('AGS score passback', () => {
  const score = {
    userId: 'user-9',
    scoreGiven: 1,
    scoreMaximum: 1,
    activityProgress: 'Completed' as const,
    gradingProgress: 'FullyGraded' as const,
    timestamp: '2026-12-06T20:00:00.000Z',
  }

  it('gets a token with a signed assertion and posts the score to the lineitem', async () => {
    scores.length = 0
    refuseScores = false
    await postScore(reg(), tool, `${base}/lineitems/7?type=x`, score)
    expect(scores).toEqual([
      {
        auth: 'Bearer tok-123',
        type: 'application/vnd.ims.lis.v1.score+json',
        body: score,
        path: '/lineitems/7/scores?type=x',
      },
    ])
  })

  it('reports a refused score and a refused assertion as PassbackError', async () => {
    refuseScores = true
    await expect(postScore(reg(), tool, `${base}/lineitems/7`, score)).rejects.toThrow(/503/)
    refuseScores = false
    const wrong = { kid: 't1', privateKey: otherKey }
    await expect(postScore(reg(), wrong, `${base}/lineitems/7`, score)).rejects.toBeInstanceOf(PassbackError)
  })
})
