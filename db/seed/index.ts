import { randomBytes } from "node:crypto";
import { countUsers, createUser } from "../../app/modules/auth/users.server.ts";
import { recordSimulatedClimbing } from "../../app/modules/climb/simulated-history.server.ts";
import { loadSample, recordSampleReading } from "../../app/modules/recs/sample-loader.server.ts";
import { optimizeLearner } from "../../app/modules/learn/optimize.server.ts";
import { recordSimulatedReviews } from "../../app/modules/learn/simulated-reviews.server.ts";
import { recordSimulatedHistory } from "../../app/modules/typing/simulated-history.server.ts";

/** Demo accounts printed at start-up in local mode. Never seeded unless SEED_DEMO_DATA allows it. */
export const DEMO_LEARNER = {
  email: "demo@praxis.local",
  password: "practise-daily",
  displayName: "Demo Learner",
};

const DEMO_COHORT = 10;

/**
 * Seeds an empty database (no users) with demo data; returns whether it did anything. The demo learner gets
 * eight days of simulated typing practice, so progress charts and drills have something to show, and a
 * cohort of simulated typists (accounts that cannot log in: their passwords are random) gives the ranker
 * enough sessions for an admin to train it on a fresh install. The demo learner also has two months of
 * simulated French reviews (a memory that differs from the FSRS defaults), optimised once, so the French
 * queue has cards due and the admin's FSRS page has figures. The demo learner and the cohort also climb
 * (simulated sessions with readiness and quality): the demo coach is past cold start, and an admin can run the
 * full hierarchical fit on eleven climbers. The library gets a sample catalog of 120 items read by 200
 * simulated people.
 */
export async function seedIfEmpty(): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  const demo = await createUser(DEMO_LEARNER, "learner");
  await recordSimulatedHistory(demo.id, { sessions: 8, seed: 2026 });
  await recordSimulatedReviews(demo.id, { seed: 2026, days: 60, newPerDay: 10 });
  await optimizeLearner(demo.id);
  await recordSimulatedClimbing(demo.id, { sessions: 18, days: 42, seed: 2026 });
  for (let i = 0; i < DEMO_COHORT; i++) {
    const typist = await createUser(
      {
        email: `simulated-typist-${i + 1}@praxis.local`,
        displayName: `Simulated typist ${i + 1}`,
        password: randomBytes(24).toString("base64url"),
      },
      "learner",
    );
    await recordSimulatedHistory(typist.id, { sessions: 10, seed: 3000 + i });
    await recordSimulatedClimbing(typist.id, { sessions: 20 + 4 * i, days: 60, seed: 4000 + i });
  }
  // The library: a sample catalog with simulated readers (`npm run recs:sample` loads a bigger one).
  await loadSample({ users: 300, items: 120, events: 15_000, seed: 42 });
  // The demo learner reads about climbing: their "For you" feed follows from it.
  await recordSampleReading(demo.id, "climber", "climbing");
  return true;
}
