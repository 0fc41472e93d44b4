import { countUsers, createUser } from "../../app/modules/auth/users.server.ts";

/** Demo accounts printed at start-up in local mode. Never seeded unless SEED_DEMO_DATA allows it. */
export const DEMO_LEARNER = {
  email: "demo@praxis.local",
  password: "practise-daily",
  displayName: "Demo Learner",
};

/** Seeds an empty database (no users) with demo data; returns whether it did anything. Idempotent. */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  await createUser(DEMO_LEARNER, "learner");
  return true;
}
