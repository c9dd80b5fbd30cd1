// Verifies an LTI 1.3 resource-link launch (the id_token a platform form-posts after the
// OIDC login) against the platform's registration, following the IMS security framework:
// signature by the platform's JWKS, iss/aud/azp, exp/iat, the nonce we issued, the LTI
// message type and version, and a registered deployment.
import { createRemoteJWKSet, jwtVerify } from 'jose'
import type { JWTVerifyGetKey } from 'jose'
import { findNul } from '../api/nul'

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/'
export const AGS_ENDPOINT = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'

export interface PlatformRegistration {
  issuer: string
  clientId: string
  authEndpoint: string
  tokenEndpoint: string
  jwksUrl: string
  deploymentIds: readonly string[]
}

export interface Launch {
  issuer: string
  subject: string
  deploymentId: string
  /** the placement in the course; scores for it go to its lineitem */
  resourceLinkId: string
  /**
   * the exercise named by the custom parameter `exercise`, else by the target link's last
   * path part; undefined when the link names none (the course home)
   */
  exerciseId?: string
  context?: { id: string; title?: string }
  name?: string
  email?: string
  ags?: { lineitem?: string; lineitems?: string; scope: string[] }
}

export class LaunchError extends Error {}

const jwksCache = new Map<string, JWTVerifyGetKey>()
function jwksFor(url: string): JWTVerifyGetKey {
  let jwks = jwksCache.get(url)
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url))
    jwksCache.set(url, jwks)
  }
  return jwks
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

export async function verifyLaunch(
  idToken: string,
  reg: PlatformRegistration,
  expectedNonce: string,
  now: Date = new Date(),
): Promise<Launch> {
  let payload: Record<string, unknown>
  try {
    ;({ payload } = await jwtVerify(idToken, jwksFor(reg.jwksUrl), {
      issuer: reg.issuer,
      audience: reg.clientId,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
      maxTokenAge: '10m',
    }))
  } catch (e) {
    throw new LaunchError(`id_token rejected: ${(e as Error).message}`)
  }
  // With several audiences the platform must name us as the authorized party.
  const several = Array.isArray(payload.aud) && payload.aud.length > 1
  if ((payload.azp !== undefined || several) && payload.azp !== reg.clientId) {
    throw new LaunchError(`id_token azp ${JSON.stringify(payload.azp)} is not our client_id ${reg.clientId}`)
  }
  if (payload.nonce !== expectedNonce)
    throw new LaunchError('id_token nonce does not match the login request')
  if (payload[`${LTI}message_type`] !== 'LtiResourceLinkRequest') {
    throw new LaunchError(`unsupported message_type ${JSON.stringify(payload[`${LTI}message_type`])}`)
  }
  if (payload[`${LTI}version`] !== '1.3.0') {
    throw new LaunchError(`unsupported LTI version ${JSON.stringify(payload[`${LTI}version`])}`)
  }
  const deploymentId = str(payload[`${LTI}deployment_id`])
  if (!deploymentId || !reg.deploymentIds.includes(deploymentId)) {
    throw new LaunchError(`deployment_id ${JSON.stringify(deploymentId)} is not registered for ${reg.issuer}`)
  }
  // A signed token is still input: a NUL in any text we store would make PostgreSQL refuse
  // the insert, so such a launch is refused like any other malformed one.
  const nul = findNul(payload)
  if (nul) throw new LaunchError(`the id_token's ${nul.map(String).join('.')} contains a NUL character`)
  const custom = (payload[`${LTI}custom`] ?? {}) as Record<string, unknown>
  const target = str(payload[`${LTI}target_link_uri`])
  let fromTarget: string | undefined
  if (target) {
    let url: URL
    try {
      url = new URL(target)
    } catch {
      throw new LaunchError(`target_link_uri ${JSON.stringify(target.slice(0, 200))} is not a URL`)
    }
    fromTarget = url.pathname.split('/').filter(Boolean).pop()
  }
  const exerciseId = str(custom.exercise) ?? fromTarget
  if (exerciseId !== undefined && !/^[a-z0-9][a-z0-9-]{0,80}$/.test(exerciseId)) {
    throw new LaunchError(
      `the launch names ${JSON.stringify(exerciseId.slice(0, 100))}, which is not an exercise id (custom parameter "exercise" or the target link's last part)`,
    )
  }
  const link = payload[`${LTI}resource_link`] as { id?: unknown } | undefined
  const resourceLinkId = str(link?.id)
  if (!resourceLinkId) throw new LaunchError('the launch has no resource_link id')
  const ctx = payload[`${LTI}context`] as { id?: unknown; title?: unknown } | undefined
  const ags = payload[AGS_ENDPOINT] as
    { lineitem?: unknown; lineitems?: unknown; scope?: unknown } | undefined
  const subject = str(payload.sub)
  if (!subject) throw new LaunchError('the id_token has no sub')
  return {
    issuer: reg.issuer,
    subject,
    deploymentId,
    resourceLinkId,
    exerciseId,
    context: str(ctx?.id) ? { id: ctx!.id as string, title: str(ctx!.title) } : undefined,
    name: str(payload.name),
    email: str(payload.email),
    ags: ags
      ? {
          lineitem: str(ags.lineitem),
          lineitems: str(ags.lineitems),
          scope: Array.isArray(ags.scope) ? ags.scope.filter((s): s is string => typeof s === 'string') : [],
        }
      : undefined,
  }
}
