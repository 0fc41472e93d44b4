import { randomBytes } from "node:crypto";
import { createUser } from "../../app/modules/auth/users.server";
import { saveProfile } from "../../app/modules/learn/profile.server";
import type { ProfileInput } from "../../app/modules/learn/schemas";

/** A new user with a French learner profile (A1, ten new words a day), straight through the services. */
export async function createLearner(profile: Partial<ProfileInput> = {}): Promise<string> {
  const tag = randomBytes(4).toString("hex");
  const user = await createUser({
    email: `learner-${tag}@example.test`,
    displayName: `Learner ${tag}`,
    password: "long-password-1",
  });
  await saveProfile(user.id, {
    cefr_level: "A1",
    daily_new_limit: 10,
    daily_review_limit: 100,
    desired_retention: 0.9,
    timezone: "UTC",
    ...profile,
  });
  return user.id;
}
