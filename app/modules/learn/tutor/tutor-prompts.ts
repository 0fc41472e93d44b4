import { z } from "zod";
import type { TutorWord } from "./offline-tutor.ts";
import type { Scenario } from "./scenarios.ts";

/** What the LLM tutor is told: the learner's level, the scene, and today's words to weave in. */
export function tutorSystemPrompt(options: {
  level: string;
  topic: string;
  scenario: Scenario | null;
  words: TutorWord[];
}): string {
  const words = options.words
    .slice(0, 8)
    .map((w) => `${w.french} (${w.english.split(/[,;]/)[0]!.trim()})`)
    .join(", ");
  const scene = options.scenario
    ? `Role-play: you are ${options.scenario.role}. The learner's goal: ${options.scenario.goal} Stay in role.`
    : `Conversation topic: ${options.topic}.`;
  const beginner = ["A1", "A2"].includes(options.level);
  return [
    "You are a warm, patient French tutor in a chat.",
    `The learner's level is CEFR ${options.level}: use vocabulary and grammar they can follow.`,
    scene,
    "Reply in French in one to three short sentences, and end with a question that keeps the conversation going.",
    "If the learner made a mistake, recast the correct form once, naturally, without a lecture.",
    words
      ? `Use one or two of the words the learner is reviewing today, and invite them to use them: ${words}.`
      : "",
    beginner ? "After a word they may not know, add a short English gloss in parentheses." : "",
    "Never answer in English unless the learner asks for an explanation in English.",
  ]
    .filter(Boolean)
    .join("\n");
}

export const LLM_ERROR_CATEGORIES = [
  "gender",
  "number",
  "agreement",
  "elision",
  "contraction",
  "conjugation",
  "accent",
  "spelling",
  "vocabulary",
  "word-order",
  "tense",
  "other",
] as const;

/** The corrections the LLM returns: each error quoted exactly as written in the learner's message. */
export const llmCorrectionsSchema = z.object({
  errors: z
    .array(
      z.object({
        text: z.string().min(1),
        category: z.enum(LLM_ERROR_CATEGORIES),
        correction: z.string(),
        explanation: z.string().min(1),
      }),
    )
    .max(10),
});

export function correctionsSystemPrompt(level: string): string {
  return [
    `You mark a French learner's chat message (CEFR ${level}). Find real mistakes only: grammar, spelling,`,
    "accents, agreement, conjugation, wrong word. Ignore style, punctuation and missing capitals.",
    'Reply with JSON: {"errors": [{"text": the exact wrong words copied from the message, "category": one of',
    `${LLM_ERROR_CATEGORIES.join(", ")}, "correction": the corrected words, "explanation": one short English`,
    'sentence}]}. If the message is correct, reply {"errors": []}.',
  ].join(" ");
}
