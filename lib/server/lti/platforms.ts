// Registered platforms, read the way verifyLaunch and the AGS client take them.
import type { ServerContext } from '../context'
import type { Selectable } from 'kysely'
import type { LtiPlatformsTable } from '../db/schema'
import type { PlatformRegistration } from './claims'

export type PlatformRow = Selectable<LtiPlatformsTable>

export function registration(p: PlatformRow): PlatformRegistration {
  return {
    issuer: p.issuer,
    clientId: p.client_id,
    authEndpoint: p.auth_login_url,
    tokenEndpoint: p.token_url,
    jwksUrl: p.jwks_url,
    deploymentIds: JSON.parse(p.deployment_ids) as string[],
  }
}

export function platformView(p: PlatformRow) {
  return {
    id: p.id,
    issuer: p.issuer,
    clientId: p.client_id,
    deploymentIds: JSON.parse(p.deployment_ids) as string[],
    authLoginUrl: p.auth_login_url,
    tokenUrl: p.token_url,
    jwksUrl: p.jwks_url,
    createdAt: new Date(p.created_at).toISOString(),
  }
}

/**
 * The registrations of an issuer, narrowed by client_id when the platform sent one (it
 * must when it has registered this tool more than once).
 */
export async function findPlatforms(server: ServerContext, issuer: string, clientId?: string) {
  let q = server.db.selectFrom('lti_platforms').selectAll().where('issuer', '=', issuer)
  if (clientId) q = q.where('client_id', '=', clientId)
  return q.execute()
}
