/**
 * One piece of practice, as every module reports it for the Today plan and the activity feed. Modules
 * aggregate fine-grained rows (single reviews, single events) into hour buckets, so a feed stays readable
 * and habits still see when practice happened.
 */
export type ActivityModule = "typing" | "library" | "climb" | "stories" | "learn";

export interface ActivityEntry {
  module: ActivityModule;
  at: Date;
  /** Time spent, in minutes, as well as the module can tell (measured where it can, estimated otherwise). */
  minutes: number;
  /** One line for the feed, e.g. "Typed 5 snippets at 48 wpm". */
  summary: string;
  href: string;
}
