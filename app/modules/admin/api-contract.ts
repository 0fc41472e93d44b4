import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import { JOB_STATES } from "./job-states.ts";

const check = z.object({
  status: z.enum(["ok", "error"]),
  latency_ms: z.number(),
  error: z.string().optional(),
});
/** A job's state and reported progress (GET /api/admin/jobs/:id, and module admin reports). */
export const jobStatusSchema = z.object({
  id: z.uuid(),
  queue: z.string(),
  state: z.string(),
  progress: z
    .number()
    .nullable()
    .describe("0–1 as reported by the job; 1 once completed; null if it reports none"),
  message: z.string().nullable(),
  created_at: z.iso.datetime(),
  started_at: z.iso.datetime().nullable(),
  completed_at: z.iso.datetime().nullable(),
  retries: z.number().int(),
});

export const healthSchema = z.object({
  status: z.enum(["healthy", "unhealthy"]),
  timestamp: z.iso.datetime(),
  version: z.string(),
  checks: z.object({ database: check, queue: check }),
});

export const jobCommandSchema = z.strictObject({
  action: z.enum(["retry", "cancel"]),
  queue: z.string().min(1).max(200),
  id: z.uuid(),
});

export const roleChangeSchema = z.strictObject({ role: z.enum(["learner", "admin"]) });
export const userIdParams = z.object({ id: z.uuid() });

const counts = z.object(
  Object.fromEntries(JOB_STATES.map((s) => [s, z.number().int()])) as Record<
    (typeof JOB_STATES)[number],
    z.ZodNumber
  >,
);

export const platformEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/health",
    summary: "Liveness (no database)",
    tag: "operations",
    auth: "none",
    responses: { 200: { description: "The process is up", schema: z.object({ status: z.literal("ok") }) } },
  },
  {
    method: "get",
    path: "/api/health",
    summary: "Readiness: database and job queue",
    tag: "operations",
    auth: "none",
    responses: {
      200: { description: "Healthy", schema: healthSchema },
      503: { description: "A check failed; the failing check says why", schema: healthSchema },
    },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics",
    description: "Guarded by `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set.",
    tag: "operations",
    auth: "metrics",
    responses: {
      200: { description: "Prometheus text format", schema: z.string(), contentType: "text/plain" },
    },
  },
  {
    method: "get",
    path: "/api/admin/queues",
    summary: "Every job queue with counts by state, and recent failures",
    tag: "admin",
    auth: "admin",
    responses: {
      200: {
        description: "Queues and failures",
        schema: z.object({
          queues: z.array(
            z.object({
              name: z.string(),
              description: z.string(),
              cron: z.string().nullable(),
              deadLetter: z.string().nullable(),
              counts,
            }),
          ),
          failures: z.array(
            z.object({
              id: z.uuid(),
              name: z.string(),
              state: z.enum(["failed", "retry"]),
              error: z.string(),
              retryCount: z.number().int(),
              createdOn: z.iso.datetime(),
              completedOn: z.iso.datetime().nullable(),
            }),
          ),
        }),
      },
    },
  },
  {
    method: "get",
    path: "/api/admin/jobs/{id}",
    summary: "One job's state (pg-boss) and the progress it reported",
    tag: "admin",
    auth: "admin",
    params: z.object({ id: z.uuid() }),
    responses: {
      200: {
        description: "Job",
        schema: jobStatusSchema,
      },
      404: { description: "No such job" },
    },
  },
  {
    method: "post",
    path: "/api/admin/jobs",
    summary: "Retry a failed job or cancel a pending one",
    tag: "admin",
    auth: "admin",
    body: jobCommandSchema,
    responses: {
      200: { description: "Done", schema: z.object({ ok: z.literal(true) }) },
      404: { description: "Unknown queue" },
      409: { description: "The job is not in a state that allows it" },
    },
  },
  {
    method: "patch",
    path: "/api/admin/users/{id}",
    summary: "Change a user's role",
    tag: "admin",
    auth: "admin",
    params: userIdParams,
    body: roleChangeSchema,
    responses: {
      200: {
        description: "Updated",
        schema: z.object({ user: z.object({ id: z.uuid(), role: z.enum(["learner", "admin"]) }) }),
      },
      404: { description: "No such user" },
      409: { description: "Would remove the last admin" },
    },
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}/sessions",
    summary: "Revoke every session of a user",
    tag: "admin",
    auth: "admin",
    params: userIdParams,
    responses: { 200: { description: "Revoked", schema: z.object({ revoked: z.number().int() }) } },
  },
]);
