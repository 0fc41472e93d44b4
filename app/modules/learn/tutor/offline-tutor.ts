import type { LanguageError } from "../../../../ml/french/checker.ts";
import { checkAnswer } from "../answer-check.ts";

/**
 * The tutor without an LLM: it drills today's words (translation, cloze and "use it in a sentence"),
 * checks the answer to its last drill (accent-tolerant), recasts the rule checker's corrections, and asks
 * the next question. Pure: the service gives it the words and what the checker found.
 */
export interface TutorWord {
  id: number;
  french: string;
  english: string;
  partOfSpeech: string | null;
  gender: "m" | "f" | null;
}

export type DrillKind = "translate" | "cloze" | "use";

export interface Drill {
  kind: DrillKind;
  wordId: number;
  french: string;
  english: string;
  partOfSpeech: string | null;
  gender: "m" | "f" | null;
}

export type DrillVerdict = "correct" | "accent" | "wrong";

export interface DrillResult {
  wordId: number;
  verdict: DrillVerdict;
  expected: string;
}

export interface OfflineTurnInput {
  learnerText: string;
  lastDrill: Drill | null;
  /** Words to drill, most urgent first (today's due words, then new ones). */
  words: TutorWord[];
  /** Words drilled recently in this session (not asked again straight away). */
  recentWordIds: ReadonlySet<number>;
  /** For "use" drills: whether the learner used that word, and whether without an error on it. */
  usage: ReadonlyMap<number, "correct" | "incorrect">;
  errors: readonly LanguageError[];
  turn: number;
  beginner: boolean;
}

export interface OfflineTurn {
  reply: string;
  drill: Drill | null;
  drillResult: DrillResult | null;
}

const gloss = (english: string) => english.split(/[,;]/)[0]!.trim();
const OPEN_QUESTIONS = [
  "Qu'est-ce que tu as fait aujourd'hui ?",
  "Qu'est-ce que tu aimes faire le week-end ?",
  "Parle-moi de ta ville.",
  "Qu'est-ce que tu manges le matin ?",
  "Quel temps fait-il chez toi ?",
];

/** The question that sets a drill. */
export function drillPrompt(drill: Drill, beginner: boolean): string {
  const en = gloss(drill.english);
  switch (drill.kind) {
    case "translate":
      return `Comment dit-on « ${en} » en français ?`;
    case "cloze":
      return `Complète : ${clozeSentence(drill)}${beginner ? ` (${en})` : ""}`;
    case "use":
      return `Écris une phrase avec le mot « ${drill.french} »${beginner ? ` (${en})` : ""}.`;
  }
}

function clozeSentence(drill: Drill): string {
  if (drill.partOfSpeech === "noun") return `Voici ${drill.gender === "f" ? "une" : "un"} ___ .`;
  if (drill.partOfSpeech === "verb") return "Demain, je voudrais ___ .";
  return "C'est vraiment ___ !";
}

const CONTENT = ["noun", "verb", "adjective"];

function nextDrill(input: OfflineTurnInput): Drill | null {
  const kinds: DrillKind[] = ["translate", "cloze", "use"];
  let kind = kinds[input.turn % 3]!;
  const fresh = input.words.filter((w) => !input.recentWordIds.has(w.id));
  // Cloze and "use it in a sentence" need a content word ("Écris une phrase avec « le »" teaches little).
  const content = fresh.find((w) => CONTENT.includes(w.partOfSpeech ?? ""));
  if (kind !== "translate" && !content) kind = "translate";
  const word = kind === "translate" ? (fresh[0] ?? input.words[0]) : content;
  if (!word) return null;
  return {
    kind,
    wordId: word.id,
    french: word.french,
    english: word.english,
    partOfSpeech: word.partOfSpeech,
    gender: word.gender,
  };
}

function judge(drill: Drill, input: OfflineTurnInput): { result: DrillResult; line: string } {
  const en = gloss(drill.english);
  if (drill.kind === "use") {
    const used = input.usage.get(drill.wordId);
    const verdict: DrillVerdict = used === "correct" ? "correct" : "wrong";
    const line =
      used === "correct"
        ? `Bravo, tu as bien utilisé « ${drill.french} ».`
        : used === "incorrect"
          ? `Tu as utilisé « ${drill.french} », mais regarde la correction ci-dessous.`
          : `Je ne vois pas « ${drill.french} » (${en}) dans ta phrase. On le réessaiera plus tard.`;
    return { result: { wordId: drill.wordId, verdict, expected: drill.french }, line };
  }
  const verdict = checkAnswer(input.learnerText, drill.french);
  const line =
    verdict.result === "correct"
      ? `Très bien ! « ${drill.french} » = ${en}.`
      : verdict.result === "accent"
        ? `Presque ! Attention à l'accent : « ${drill.french} ».`
        : `Pas tout à fait : on dit « ${drill.french} » (${en}).`;
  return { result: { wordId: drill.wordId, verdict: verdict.result, expected: drill.french }, line };
}

export function offlineTurn(input: OfflineTurnInput): OfflineTurn {
  const lines: string[] = [];
  let drillResult: DrillResult | null = null;
  if (input.lastDrill) {
    const judged = judge(input.lastDrill, input);
    drillResult = judged.result;
    lines.push(judged.line);
  } else if (input.learnerText.trim()) {
    lines.push("Merci !");
  }
  // One or two recasts, the way a teacher corrects without drowning the learner.
  for (const e of input.errors.slice(0, 2))
    lines.push(`Petite correction : « ${e.text} » → « ${e.suggestion} ». ${e.explanation}`);
  const drill = nextDrill(input);
  lines.push(
    drill ? drillPrompt(drill, input.beginner) : OPEN_QUESTIONS[input.turn % OPEN_QUESTIONS.length]!,
  );
  return { reply: lines.join("\n"), drill, drillResult };
}

/** The first tutor message of a session: a greeting (or the scenario's opening line) and a first question. */
export function offlineOpening(words: TutorWord[], beginner: boolean, opening?: string): OfflineTurn {
  const input: OfflineTurnInput = {
    learnerText: "",
    lastDrill: null,
    words,
    recentWordIds: new Set(),
    usage: new Map(),
    errors: [],
    turn: 0,
    beginner,
  };
  const drill = nextDrill(input);
  const greeting = opening ?? "Bonjour ! On pratique un peu ensemble ?";
  const question = drill ? drillPrompt(drill, beginner) : OPEN_QUESTIONS[0]!;
  return { reply: `${greeting}\n${question}`, drill, drillResult: null };
}
