// A small OpenID Connect provider on 127.0.0.1 for the sign-in tests: discovery, an
// authorization endpoint that signs in a fixed person at once, a token endpoint that checks
// the client secret and the PKCE verifier, and a JWKS with one RS256 key.
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

export interface Person {
  sub: string
  name?: string
  email?: string
  email_verified?: boolean
}

export async function startOidcProvider(clientId: string, clientSecret: string, person: Person) {
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  const codes = new Map<string, { challenge: string; nonce: string; redirect: string }>()
  let issuer = ''
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      })
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] })
    if (url.pathname === '/authorize') {
      const p = url.searchParams
      if (p.get('client_id') !== clientId || p.get('code_challenge_method') !== 'S256')
        return json(400, { error: 'invalid_request' })
      const code = randomBytes(16).toString('hex')
      codes.set(code, {
        challenge: p.get('code_challenge')!,
        nonce: p.get('nonce')!,
        redirect: p.get('redirect_uri')!,
      })
      const back = new URL(p.get('redirect_uri')!)
      back.searchParams.set('code', code)
      back.searchParams.set('state', p.get('state')!)
      back.searchParams.set('iss', issuer)
      res.writeHead(302, { location: back.href })
      return res.end()
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = ''
      for await (const chunk of req) body += chunk
      const form = new URLSearchParams(body)
      const basic = req.headers.authorization?.replace(/^Basic /, '')
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
        : [form.get('client_id'), form.get('client_secret')]
      if (id !== clientId || secret !== clientSecret) return json(401, { error: 'invalid_client' })
      const grant = codes.get(form.get('code') ?? '')
      codes.delete(form.get('code') ?? '')
      const verifier = form.get('code_verifier') ?? ''
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      if (!grant || grant.challenge !== challenge || grant.redirect !== form.get('redirect_uri'))
        return json(400, { error: 'invalid_grant' })
      const idToken = await new SignJWT({ ...person, nonce: grant.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(person.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey)
      return json(200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      })
    }
    json(404, { error: 'not found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
