import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { learnerProfiles } from "../../../db/schema/index.ts";
import { invalidateOwner } from "../../lib/cache.server.ts";
import type { ProfileInput } from "./schemas.ts";

export type LearnerProfile = typeof learnerProfiles.$inferSelect;

export async function getProfile(userId: string): Promise<LearnerProfile | null> {
  const [row] = await db().select().from(learnerProfiles).where(eq(learnerProfiles.userId, userId));
  return row ?? null;
}

export async function saveProfile(userId: string, input: ProfileInput): Promise<LearnerProfile> {
  const values = {
    cefrLevel: input.cefr_level,
    dailyNewLimit: input.daily_new_limit,
    dailyReviewLimit: input.daily_review_limit,
    desiredRetention: input.desired_retention,
    timezone: input.timezone,
  };
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(learnerProfiles)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: learnerProfiles.userId, set: { ...values, updatedAt: sql`now()` } })
      .returning();
    // A new time zone or level changes every figure the analytics cached.
    await invalidateOwner(userId, tx);
    return row!;
  });
}

export function profileJson(p: LearnerProfile) {
  return {
    cefr_level: p.cefrLevel,
    daily_new_limit: p.dailyNewLimit,
    daily_review_limit: p.dailyReviewLimit,
    desired_retention: p.desiredRetention,
    timezone: p.timezone,
    personalised_fsrs: p.fsrsWeights !== null,
  };
}
