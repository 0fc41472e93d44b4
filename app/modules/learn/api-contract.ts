import { z } from "zod";
import { defineEndpoints } from "../../lib/openapi.server.ts";
import {
  profileSchema,
  progressParamsSchema,
  progressQuerySchema,
  queueQuerySchema,
  reviewSchema,
  learnerParamsSchema,
  undoSchema,
} from "./schemas.ts";

const cardSchema = z.object({
  state: z.enum(["new", "learning", "review", "relearning"]),
  due: z.iso.datetime(),
  stability: z.number(),
  difficulty: z.number(),
  reps: z.number().int(),
  lapses: z.number().int(),
  scheduled_days: z.number().int(),
  last_review: z.iso.datetime().nullable(),
  retrievability: z.number().nullable().describe("Probability of recall now; null before the first review"),
});
const wordSchema = z.object({
  word_id: z.number().int(),
  french: z.string(),
  english: z.string(),
  part_of_speech: z.string().nullable(),
  gender: z.enum(["m", "f"]).nullable(),
  cefr_level: z.string(),
  example_fr: z.string().nullable(),
  example_en: z.string().nullable(),
});
const scores = z
  .object({ logLoss: z.number(), rmseBins: z.number(), auc: z.number().nullable(), n: z.number().int() })
  .describe("Figures on the held-out reviews");
const optimizationOut = z.object({
  learners: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string(),
      email: z.string(),
      personalWeights: z.boolean(),
      totalReviews: z.number().int(),
      reviewsSinceOptimized: z.number().int(),
      runAt: z.iso.datetime().nullable(),
      runReviews: z.number().int().nullable(),
      trainReviews: z.number().int().nullable(),
      testReviews: z.number().int().nullable(),
      adopted: z.boolean().nullable(),
      reason: z.string().nullable(),
      metrics: z
        .object({ current: scores.optional(), fitted: scores.optional(), default: scores.optional() })
        .nullable(),
    }),
  ),
});
const interval = z.object({ due: z.iso.datetime(), label: z.string() });
const profileOut = z.object({
  cefr_level: z.string(),
  daily_new_limit: z.number().int(),
  daily_review_limit: z.number().int(),
  desired_retention: z.number(),
  timezone: z.string(),
  personalised_fsrs: z.boolean(),
});
const reviewOut = z.object({
  review_id: z.uuid(),
  word_id: z.number().int(),
  rating: z.number().int(),
  next_review: z.iso.datetime(),
  interval: z.string(),
  duplicate: z.boolean(),
  card: cardSchema.nullable(),
});

export const learnEndpoints = defineEndpoints([
  {
    method: "get",
    path: "/api/v1/learn/profile",
    summary: "My learner profile",
    tag: "learn",
    auth: "user",
    responses: {
      200: { description: "The profile", schema: z.object({ profile: profileOut }) },
      404: { description: "No profile yet" },
    },
  },
  {
    method: "put",
    path: "/api/v1/learn/profile",
    summary: "Choose my level, daily limits, desired retention and time zone",
    tag: "learn",
    auth: "user",
    body: profileSchema,
    responses: { 200: { description: "Saved", schema: z.object({ profile: profileOut }) } },
  },
  {
    method: "get",
    path: "/api/v1/progress/queue",
    summary: "Today's review queue: due cards first, then new words within today's limits",
    description:
      "Today is the learner's calendar day in their time zone. Review cards due today and (re)learning cards due " +
      "within 20 minutes come first, most overdue first; then new words in frequency order from the learner's " +
      "CEFR level up, while today's new-word and review limits allow. Each item carries the interval each " +
      "rating would give. Admins may pass user_id.",
    tag: "learn",
    auth: "user",
    query: queueQuerySchema,
    responses: {
      200: {
        description: "The queue",
        schema: z.object({
          items: z.array(
            wordSchema.extend({
              kind: z.enum(["due", "new"]),
              card: cardSchema,
              intervals: z.object({ again: interval, hard: interval, good: interval, easy: interval }),
            }),
          ),
          counts: z.object({
            due: z.number().int(),
            new_today: z.number().int(),
            reviews_today: z.number().int(),
            new_left_today: z.number().int(),
            reviews_left_today: z.number().int(),
          }),
          day_start: z.iso.datetime(),
          timezone: z.string(),
          next_due_at: z.iso.datetime().nullable(),
        }),
      },
      409: { description: "No learner profile yet" },
    },
  },
  {
    method: "post",
    path: "/api/v1/progress/review",
    summary: "Rate one review (0 again, 1 hard, 2 good, 3 easy); returns the next review time",
    description:
      "Scheduled by FSRS with the learner's parameters. A card reviewed before it is due is accepted and " +
      "scheduled as FSRS says. The same client_review_id twice returns the first result and stores one review.",
    tag: "learn",
    auth: "user",
    body: reviewSchema,
    responses: {
      201: { description: "Recorded", schema: reviewOut },
      200: { description: "A repeat of an earlier client_review_id: nothing new stored", schema: reviewOut },
      404: { description: "Unknown word" },
      409: { description: "No learner profile yet" },
    },
  },
  {
    method: "post",
    path: "/api/v1/progress/review/undo",
    summary: "Undo my most recent review (send {})",
    tag: "learn",
    auth: "user",
    body: undoSchema,
    responses: {
      200: {
        description: "The card is back as it was",
        schema: z.object({
          undone: z.object({ review_id: z.uuid(), word_id: z.number().int(), rating: z.number().int() }),
        }),
      },
      404: { description: "Nothing to undo" },
    },
  },
  {
    method: "get",
    path: "/api/v1/progress/{wordId}",
    summary: "My memory of one word: stability, difficulty, counters, retrievability now, review history",
    tag: "learn",
    auth: "user",
    params: progressParamsSchema,
    query: progressQuerySchema,
    responses: {
      200: {
        description: "Progress",
        schema: wordSchema.extend({
          card: cardSchema,
          reviews: z.array(
            z.object({
              rating: z.number().int(),
              reviewed_at: z.iso.datetime(),
              next_review: z.iso.datetime(),
            }),
          ),
        }),
      },
      404: { description: "Unknown word" },
    },
  },
  {
    method: "get",
    path: "/api/admin/learn/optimization",
    summary: "Each learner's FSRS optimisation: weights in use and the latest run's held-out figures",
    description:
      "metrics.current are the weights in use when the run started, metrics.fitted the weights fitted on the " +
      "earliest 80% of the learner's reviews, metrics.default the FSRS-6 defaults (when personal weights were in use); " +
      "each scored on the most recent 20%. Null figures: that learner has no run yet.",
    tag: "admin",
    auth: "admin",
    responses: { 200: { description: "Learners, latest run first", schema: optimizationOut } },
  },
  {
    method: "post",
    path: "/api/admin/learn/optimization",
    summary: "Queue learn.optimize-fsrs now for every learner with reviews since their last run",
    tag: "admin",
    auth: "admin",
    responses: { 202: { description: "Queued", schema: z.object({ jobId: z.string().nullable() }) } },
  },
  {
    method: "post",
    path: "/api/admin/learn/optimization/{userId}",
    summary: "Queue learn.optimize-fsrs now for one learner",
    tag: "admin",
    auth: "admin",
    params: learnerParamsSchema,
    responses: {
      202: {
        description: "Queued (null jobId: one was queued for this learner within the last minute)",
        schema: z.object({ jobId: z.string().nullable() }),
      },
      404: { description: "No learner profile for this user" },
    },
  },
]);
