// Assignment and Grade Services score passback: an access token by the client-credentials
// grant with a JWT assertion signed by our key, then the score posted to the lineitem.
import { SignJWT } from 'jose'
import type { CryptoKey, KeyObject } from 'jose'
import type { PlatformRegistration } from './claims'

export const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score'

export interface ToolKey {
  kid: string
  privateKey: CryptoKey | KeyObject
}

export interface Score {
  userId: string
  scoreGiven: number
  scoreMaximum: number
  activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed'
  gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady'
  timestamp: string
}

export class PassbackError extends Error {}

// A platform that never answers must not hold the passback queue (or a claim on a row)
// for longer than this.
const TIMEOUT_MS = 15_000

export async function accessToken(
  reg: PlatformRegistration,
  key: ToolKey,
  scope = SCORE_SCOPE,
): Promise<string> {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setIssuer(reg.clientId)
    .setSubject(reg.clientId)
    .setAudience(reg.tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(crypto.randomUUID())
    .sign(key.privateKey)
  const res = await fetch(reg.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }),
  })
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown }
  if (!res.ok || typeof body.access_token !== 'string') {
    throw new PassbackError(
      `token endpoint ${reg.tokenEndpoint} answered ${res.status} ${String(body.error ?? '')}`,
    )
  }
  return body.access_token
}

/** Posts the score to `${lineitem}/scores` (keeping the lineitem URL's query, as the spec asks). */
export async function postScore(reg: PlatformRegistration, key: ToolKey, lineitem: string, score: Score) {
  const token = await accessToken(reg, key)
  const url = new URL(lineitem)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    body: JSON.stringify(score),
  })
  if (!res.ok) throw new PassbackError(`score POST to ${url} answered ${res.status}`)
}
