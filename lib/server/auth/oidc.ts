// Sign-in through the organisation's OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID,
// OIDC_CLIENT_SECRET). openid-client does the protocol: discovery, PKCE, the state and
// nonce checks, the ID token's signature and claims — the parts that are easy to get
// subtly wrong by hand. The provider's configuration is discovered once per process.
import * as client from 'openid-client'
import type { OidcConfig } from '../config'

const configs = new Map<string, Promise<client.Configuration>>()

export function oidcConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer} ${oidc.clientId}`
  let c = configs.get(key)
  if (!c) {
    const issuer = new URL(oidc.issuer)
    // Plain http is accepted only for a provider on this machine (tests, a local Keycloak).
    const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)
    c = client
      .discovery(
        issuer,
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        local ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        configs.delete(key)
        throw e
      })
    configs.set(key, c)
  }
  return c
}

export { client }
