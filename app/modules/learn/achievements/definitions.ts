/**
 * The achievements (the seed's categories). `threshold` is compared with the learner's figure for the
 * category: completed sessions, longest streak in days, words learned (cards in FSRS review state), total XP;
 * accuracy needs `threshold` completed sessions with at least 95% of turns free of corrections.
 */
export type AchievementCategory = "session" | "streak" | "vocabulary" | "xp" | "accuracy";

export interface AchievementDefinition {
  key: string;
  category: AchievementCategory;
  title: string;
  description: string;
  threshold: number;
}

export const ACCURACY_TARGET = 0.95;

export const ACHIEVEMENTS: AchievementDefinition[] = [
  {
    key: "session-1",
    category: "session",
    title: "First conversation",
    description: "Complete a tutoring session",
    threshold: 1,
  },
  {
    key: "session-10",
    category: "session",
    title: "Regular",
    description: "Complete 10 tutoring sessions",
    threshold: 10,
  },
  {
    key: "session-50",
    category: "session",
    title: "Conversationalist",
    description: "Complete 50 tutoring sessions",
    threshold: 50,
  },
  {
    key: "streak-3",
    category: "streak",
    title: "Three in a row",
    description: "Practise 3 days in a row",
    threshold: 3,
  },
  {
    key: "streak-7",
    category: "streak",
    title: "A full week",
    description: "Practise 7 days in a row",
    threshold: 7,
  },
  {
    key: "streak-30",
    category: "streak",
    title: "A month of French",
    description: "Practise 30 days in a row",
    threshold: 30,
  },
  {
    key: "vocabulary-50",
    category: "vocabulary",
    title: "50 words",
    description: "Learn 50 words (each past its learning steps)",
    threshold: 50,
  },
  {
    key: "vocabulary-200",
    category: "vocabulary",
    title: "200 words",
    description: "Learn 200 words",
    threshold: 200,
  },
  {
    key: "vocabulary-500",
    category: "vocabulary",
    title: "500 words",
    description: "Learn 500 words",
    threshold: 500,
  },
  { key: "xp-500", category: "xp", title: "500 XP", description: "Earn 500 XP", threshold: 500 },
  { key: "xp-2000", category: "xp", title: "2,000 XP", description: "Earn 2,000 XP", threshold: 2000 },
  { key: "xp-5000", category: "xp", title: "5,000 XP", description: "Earn 5,000 XP", threshold: 5000 },
  {
    key: "accuracy-95",
    category: "accuracy",
    title: "Precise",
    description: "Over 100 completed sessions, at least 95% of your messages need no correction",
    threshold: 100,
  },
];
