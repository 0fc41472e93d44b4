import type { PlanCandidate } from "../../../ml/today/plan-ranking.ts";
import type { ActivityModule } from "./activity-entry.ts";

/** One thing the plan can offer, as a module proposes it (before ranking). Browser-safe. */
export interface PlanItem extends PlanCandidate {
  module: ActivityModule;
  /** What it is, stable for clients and tests: "learn-reviews", "climb-advice", "library-pick" … */
  kind: string;
  title: string;
  /** One line under the title: counts, minutes, keys. */
  detail: string;
  /** Why the module offers it, from the person's data. The ranking adds its own reasons. */
  why: string[];
  minutes: number | null;
  action: { label: string; href: string };
}
