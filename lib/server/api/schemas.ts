// Request and response shapes shared by several operations. Limits on sizes and counts
// keep any one request cheap to store and to grade.
import { z } from 'zod'
import { CNI_NAMES } from '../../sim/cni/profiles'
import type { CniName } from '../../sim/cni/profiles'

export const id = z.string().regex(/^[0-9a-f-]{36}$/, { error: 'must be an id' })

export const displayName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(60, { error: 'must be at most 60 characters' })
  // Control characters would break CSV rows and log lines.
  .regex(/^[^\p{Cc}]*$/u, { error: 'must not contain control characters' })

export const email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((e) => e.toLowerCase())

export const password = z
  .string({ error: 'must be a string' })
  .min(12, { error: 'must be at least 12 characters' })
  .max(200, { error: 'must be at most 200 characters' })

export const title = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(120, { error: 'must be at most 120 characters' })
  .regex(/^[^\p{Cc}]*$/u, { error: 'must not contain control characters' })

export const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,80}$/, { error: 'must be lowercase letters, digits and hyphens' })
export const exerciseId = slug
export const lessonSlug = slug

const fileName = z.string().max(200)
const objectKey = z.string().max(300)
const labelChanges = z.record(
  objectKey,
  z.record(
    z.string().max(317),
    z
      .string()
      .max(63 * 1024)
      .nullable(),
  ),
)

/** The learner's workspace, as the lab session records it (lib/grading's Workspace). */
export const workspace = z
  .object({
    cni: z.enum(CNI_NAMES as unknown as [CniName, ...CniName[]]).optional(),
    files: z.record(fileName, z.string()).optional(),
    applied: z.record(objectKey, z.string()).optional(),
    deleted: z.array(objectKey).max(1000).optional(),
    labels: labelChanges.optional(),
    annotations: labelChanges.optional(),
  })
  .strict()

export const errorBody = z.object({ error: z.string(), field: z.string().optional() })

export const userBody = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(['admin', 'instructor', 'learner']),
})

export const cohortSummary = z.object({
  id: z.string(),
  title: z.string(),
  open: z.boolean(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
})

export const cohortDetail = cohortSummary.extend({
  joinCode: z.string().optional().describe('instructors only'),
  joinUrl: z.string().optional().describe('instructors only'),
  joinExpiresAt: z.string().nullable().optional(),
  joinMaxUses: z.number().nullable().optional(),
  joinUses: z.number().optional(),
  learners: z.number().optional(),
})

export const checkResult = z.object({ name: z.string(), passed: z.boolean(), message: z.string() })
export const gradeIssue = z.object({
  file: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  message: z.string(),
  text: z.string(),
})

export const submissionBody = z.object({
  id: z.string(),
  exerciseId: z.string(),
  passed: z.boolean(),
  checks: z.array(checkResult),
  issues: z.array(gradeIssue).optional(),
  createdAt: z.string(),
})

export const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString())
export const ms = (isoText: string | null | undefined) => (isoText == null ? null : Date.parse(isoText))
