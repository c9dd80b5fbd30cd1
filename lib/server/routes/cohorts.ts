// Cohorts as instructors see them: create, list, read, change settings, new join code.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ServerContext } from '../context'
import type { Cohort } from '../db/schema'
import { defineRoute } from '../api/route'
import { badRequest } from '../api/errors'
import { cohortDetail, cohortSummary, id, iso, ms, timestamp, title } from '../api/schemas'
import { joinCode } from '../auth/secrets'

export const cohortParams = z.object({ cohortId: id })

export function isOpen(c: Cohort, now: number): boolean {
  return c.open === 1 && (c.expires_at === null || c.expires_at > now)
}

export const summary = (c: Cohort, now: number) => ({
  id: c.id,
  title: c.title,
  open: isOpen(c, now),
  expiresAt: iso(c.expires_at),
  createdAt: iso(c.created_at)!,
})

export const joinUrl = (origin: string, code: string) => `${origin}/join/${code}`

async function detail(server: ServerContext, c: Cohort, origin: string) {
  const { n } = await server.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cohort_id', '=', c.id)
    .executeTakeFirstOrThrow()
  return {
    ...summary(c, server.now()),
    joinCode: c.join_code,
    joinUrl: joinUrl(origin, c.join_code),
    joinExpiresAt: iso(c.join_expires_at),
    joinMaxUses: c.join_max_uses,
    joinUses: c.join_uses,
    learners: Number(n),
  }
}

const settings = {
  joinExpiresAt: timestamp.nullable().optional().describe('the join link stops working after this'),
  joinMaxUses: z.int().min(1).max(100_000).nullable().optional().describe('at most this many joins'),
  expiresAt: timestamp.nullable().optional().describe('the cohort closes after this'),
}

function future(value: string | null | undefined, field: string, now: number) {
  if (value && Date.parse(value) <= now) throw badRequest(`${field}: must be in the future`, field)
}

export const cohortRoutes = [
  defineRoute({
    id: 'listCohorts',
    method: 'GET',
    path: '/api/cohorts',
    tag: 'cohorts',
    summary: 'The cohorts of the signed-in instructor (every cohort for an admin)',
    access: 'instructor',
    responses: {
      200: { description: 'cohorts, newest first', schema: z.object({ cohorts: z.array(cohortSummary) }) },
    },
    async handler({ server, principal }) {
      let q = server.db.selectFrom('cohorts').selectAll().orderBy('created_at', 'desc')
      if (principal!.user.role !== 'admin') q = q.where('owner_id', '=', principal!.user.id)
      const rows = await q.execute()
      return { body: { cohorts: rows.map((c) => summary(c, server.now())) } }
    },
  }),

  defineRoute({
    id: 'createCohort',
    method: 'POST',
    path: '/api/cohorts',
    tag: 'cohorts',
    summary: 'Creates a cohort with a join link',
    access: 'instructor',
    body: z.object({ title, ...settings }).strict(),
    responses: { 201: { description: 'the new cohort', schema: cohortDetail } },
    async handler({ server, principal, body, origin }) {
      const now = server.now()
      future(body.joinExpiresAt, 'body.joinExpiresAt', now)
      future(body.expiresAt, 'body.expiresAt', now)
      const c: Cohort = {
        id: randomUUID(),
        title: body.title,
        owner_id: principal!.user.id,
        join_code: joinCode(),
        open: 1,
        join_expires_at: ms(body.joinExpiresAt),
        join_max_uses: body.joinMaxUses ?? null,
        join_uses: 0,
        expires_at: ms(body.expiresAt),
        created_at: now,
      }
      await server.db.insertInto('cohorts').values(c).execute()
      return { status: 201, body: await detail(server, c, origin) }
    },
  }),

  defineRoute({
    id: 'getCohort',
    method: 'GET',
    path: '/api/cohorts/{cohortId}',
    tag: 'cohorts',
    summary: 'A cohort: its title and state for learners, its settings and join link for its instructor',
    access: 'cohort-member',
    params: cohortParams,
    responses: { 200: { description: 'the cohort', schema: cohortDetail } },
    async handler({ server, cohort, principal, origin }) {
      const c = cohort!
      const instructs = principal!.user.role === 'admin' || c.owner_id === principal!.user.id
      return { body: instructs ? await detail(server, c, origin) : summary(c, server.now()) }
    },
  }),

  defineRoute({
    id: 'updateCohort',
    method: 'PATCH',
    path: '/api/cohorts/{cohortId}',
    tag: 'cohorts',
    summary: 'Changes a cohort’s title, open/closed state, expiry or join-link limits',
    access: 'cohort-instructor',
    params: cohortParams,
    body: z.object({ title: title.optional(), open: z.boolean().optional(), ...settings }).strict(),
    responses: { 200: { description: 'the cohort', schema: cohortDetail } },
    async handler({ server, cohort, body, origin }) {
      const now = server.now()
      future(body.joinExpiresAt, 'body.joinExpiresAt', now)
      future(body.expiresAt, 'body.expiresAt', now)
      const set: Partial<Cohort> = {}
      if (body.title !== undefined) set.title = body.title
      if (body.open !== undefined) set.open = body.open ? 1 : 0
      if (body.joinExpiresAt !== undefined) set.join_expires_at = ms(body.joinExpiresAt)
      if (body.joinMaxUses !== undefined) set.join_max_uses = body.joinMaxUses
      if (body.expiresAt !== undefined) set.expires_at = ms(body.expiresAt)
      if (Object.keys(set).length)
        await server.db.updateTable('cohorts').set(set).where('id', '=', cohort!.id).execute()
      const c = await server.db
        .selectFrom('cohorts')
        .selectAll()
        .where('id', '=', cohort!.id)
        .executeTakeFirstOrThrow()
      return { body: await detail(server, c, origin) }
    },
  }),

  defineRoute({
    id: 'rotateJoinCode',
    method: 'POST',
    path: '/api/cohorts/{cohortId}/join-code',
    tag: 'cohorts',
    summary: 'Replaces the join link (the old one stops working) and resets its use count',
    access: 'cohort-instructor',
    params: cohortParams,
    responses: { 200: { description: 'the cohort with its new join link', schema: cohortDetail } },
    async handler({ server, cohort, origin }) {
      await server.db
        .updateTable('cohorts')
        .set({ join_code: joinCode(), join_uses: 0 })
        .where('id', '=', cohort!.id)
        .execute()
      const c = await server.db
        .selectFrom('cohorts')
        .selectAll()
        .where('id', '=', cohort!.id)
        .executeTakeFirstOrThrow()
      return { body: await detail(server, c, origin) }
    },
  }),

  defineRoute({
    id: 'deleteCohort',
    method: 'DELETE',
    path: '/api/cohorts/{cohortId}',
    tag: 'cohorts',
    summary: 'Deletes a cohort with every submission and event in it',
    access: 'cohort-instructor',
    params: cohortParams,
    responses: { 204: { description: 'deleted' } },
    async handler({ server, cohort }) {
      await server.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('events').where('cohort_id', '=', cohort!.id).execute()
        await tx.deleteFrom('submissions').where('cohort_id', '=', cohort!.id).execute()
        await tx.deleteFrom('memberships').where('cohort_id', '=', cohort!.id).execute()
        await tx.deleteFrom('cohorts').where('id', '=', cohort!.id).execute()
      })
      return { status: 204 }
    },
  }),
]
