import { z } from "zod";

const learner = { user_id: z.uuid().optional().describe("Admins only: another learner's analytics") };
export const analyticsQuerySchema = z.object(learner);
export const statisticsQuerySchema = z.object({
  days: z.coerce.number().int().min(7).max(365).default(30).describe("How many days back, today included"),
  ...learner,
});
export const errorsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(90),
  ...learner,
});
