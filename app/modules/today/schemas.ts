import { z } from "zod";

/** The modules the plan covers, in the order goals are shown. Browser-safe. */
export const PLAN_MODULES = ["learn", "typing", "climb", "library", "stories"] as const;
export type PlanModule = (typeof PLAN_MODULES)[number];

export const MODULE_LABELS: Record<PlanModule, string> = {
  learn: "French",
  typing: "Typing",
  climb: "Climbing",
  library: "Library",
  stories: "Stories",
};

const minutes = z
  .number({ error: "minutes a day, a whole number" })
  .int("minutes a day, a whole number")
  .min(0, "0 (no goal) to 240 minutes")
  .max(240, "0 (no goal) to 240 minutes");

/** `PUT /api/today/goals`: any subset of modules, each 0–240 minutes a day. */
export const goalsSchema = z
  .strictObject(
    Object.fromEntries(PLAN_MODULES.map((m) => [m, minutes.optional()])) as Record<
      PlanModule,
      z.ZodOptional<typeof minutes>
    >,
  )
  .refine((g) => Object.values(g).some((v) => v !== undefined), "name at least one module");
export type GoalsInput = z.output<typeof goalsSchema>;

/** The same from the Today page's form (strings, blank = 0). */
export const goalsFormSchema = z.strictObject(
  Object.fromEntries(
    PLAN_MODULES.map((m) => [m, z.preprocess((v) => (v === "" || v === undefined ? 0 : Number(v)), minutes)]),
  ) as unknown as Record<PlanModule, z.ZodType<number, unknown>>,
);

export const activityQuerySchema = z.object({
  days: z.coerce.number().int().min(1, "1–28 days").max(28, "1–28 days").default(7),
});
