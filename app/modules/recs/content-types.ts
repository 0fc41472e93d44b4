/**
 * What the library holds (browser-safe: the filters and item pages use it). Videos, articles and quizzes are
 * the library's own; the rest are other modules' practice listed in the same catalog (cross-module-catalog
 * .server.ts keeps them in step), so one recommender learns from all of it through the same events.
 */
export const LIBRARY_CONTENT_TYPES = ["video", "article", "quiz"] as const;
export const MODULE_CONTENT_TYPES = ["story", "typing_pack", "scenario", "climb_drill"] as const;
export const CONTENT_TYPES = [...LIBRARY_CONTENT_TYPES, ...MODULE_CONTENT_TYPES] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
export type ModuleContentType = (typeof MODULE_CONTENT_TYPES)[number];

export const isModuleContentType = (type: string): type is ModuleContentType =>
  (MODULE_CONTENT_TYPES as readonly string[]).includes(type);

/** One item of a type, and the filter chip for all of them. */
export const CONTENT_TYPE_LABELS: Record<ContentType, { one: string; many: string }> = {
  video: { one: "Video", many: "Videos" },
  article: { one: "Article", many: "Articles" },
  quiz: { one: "Quiz", many: "Quizzes" },
  story: { one: "Story", many: "Stories" },
  typing_pack: { one: "Typing pack", many: "Typing packs" },
  scenario: { one: "French conversation", many: "French conversations" },
  climb_drill: { one: "Climbing drill", many: "Climbing drills" },
};

/** The link that starts an item's practice in its own module, as its page words it. */
export const START_LABELS: Partial<Record<ContentType, string>> = {
  video: "Watch the video",
  typing_pack: "Start typing",
  scenario: "Start conversation",
  climb_drill: "Plan it in Climbing",
};
