/**
 * The practice modules that exist in this build, in navigation order. A module adds itself here when its
 * UI ships; the header and dashboard list only these, so there are never links to pages that do not exist.
 */
export interface ModuleEntry {
  path: string;
  label: string;
  description: string;
}

export const modules: ModuleEntry[] = [
  {
    path: "/typing",
    label: "Typing",
    description: "Adaptive typing practice: snippets picked to drill your slowest and most-missed keys.",
  },
  {
    path: "/library",
    label: "Library",
    description:
      "Videos, articles and quizzes, with a feed picked for you from what you read, finish and like.",
  },
  {
    path: "/climb",
    label: "Climbing",
    description:
      "A climbing coach: log sessions and readiness, and get today's session from safety rules and a Bayesian model that learns what works for you.",
  },
  {
    path: "/stories",
    label: "Stories",
    description:
      "Write how a story begins and watch a small language model, trained by Praxis, finish it word by word.",
  },
  {
    path: "/learn",
    label: "French",
    description:
      "French vocabulary by frequency, each word brought back just before you would forget it (FSRS).",
  },
];
