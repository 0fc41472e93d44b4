import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { snippets, type TypingMode } from "../../../db/schema/index.ts";
import { TARGET_MS_PER_KEY, type GramStat } from "../../../ml/typing/key-stats.ts";
import { createRandom } from "../../../ml/random.ts";
import { analyseSnippet, keysOf } from "../../../ml/typing/snippet-features.ts";
import type { SnippetIndex } from "../../../ml/typing/snippet-policy.ts";
import { bigramModel, normaliseText, rejectReason } from "./corpus.server.ts";
import { frenchDrill } from "./french-drill.server.ts";
import { packFit, rankForPack, type LessonPack, type PackCandidate } from "./lesson-packs.ts";
import { userTypingState, type NextSnippets } from "./next-snippets.server.ts";
import { PACK_SOURCE_PREFIX, snippetIndex } from "./snippet-index.server.ts";

/**
 * Serving a lesson pack (`/typing?pack=<key>`, `GET /api/snippets/next?pack=<key>`): the pool's best-fitting
 * snippets for the pack's keys (lesson-packs.ts), reordered for the user's weak keys and level, never one
 * typed recently while others are left. The French accents pack has no English snippets to draw on: it
 * serves the learner's own French words (french-drill.server.ts) first, then short French sentences
 * shipped with the pack.
 */
export const packSource = (pack: LessonPack) => `${PACK_SOURCE_PREFIX}${pack.key}`;

/** Short everyday French sentences, written for this pack, each with several accented letters. */
export const FRENCH_PACK_SENTENCES = [
  "Le café de ma mère est très fort, même le matin.",
  "Où est la clé ? Elle était près de la fenêtre.",
  "Le garçon a reçu une leçon de français à l'école.",
  "Mon frère préfère le thé à la crème.",
  "Ça coûte cher, mais la qualité est élevée.",
  "Sa sœur a déjà goûté la tarte aux pêches.",
  "Il faut être prêt à répéter la même phrase.",
  "La fête a commencé à côté du théâtre.",
  "Où as-tu acheté ce gâteau ? Il est délicieux.",
  "L'eau de la rivière était fraîche en août.",
  "L'hôpital est à gauche, après le marché.",
  "Chloé a écrit une lettre à Hélène cet été.",
  "Quel âge a ton élève ? Il a déjà dix-huit ans.",
  "Un œuf, du maïs et des crêpes pour le goûter.",
  "Le héros ôte son chapeau et salue la forêt.",
  "Ève a noté ses idées dans un cahier bleu.",
  "Noël approche : les élèves préparent une fête.",
  "J'ai été très ému par ce récit de voyage.",
];

const holder = globalThis as typeof globalThis & { __praxisPackSnippets?: Promise<void> };

/** Writes the packs' own sentences once (idempotent on the content hash); later calls are free. */
export function ensurePackSnippets(pack: LessonPack): Promise<void> {
  if (pack.key !== "french-accents") return Promise.resolve();
  holder.__praxisPackSnippets ??= (async () => {
    const model = bigramModel();
    const rows = FRENCH_PACK_SENTENCES.map(normaliseText)
      .filter((text) => rejectReason(text, { allowAccents: true }) === null)
      .map((text) => {
        const features = analyseSnippet(text, model);
        return {
          mode: "sentences" as const,
          text,
          contentHash: createHash("sha256")
            .update(`${packSource(pack)}\n${text}`)
            .digest("hex"),
          source: packSource(pack),
          length: features.length,
          difficulty: features.difficulty,
          features,
          keys: keysOf(text),
        };
      });
    await db().insert(snippets).values(rows).onConflictDoNothing({ target: snippets.contentHash });
  })().catch((error: unknown) => {
    holder.__praxisPackSnippets = undefined;
    throw error;
  });
  return holder.__praxisPackSnippets;
}

interface PoolSnippet extends PackCandidate {
  mode: TypingMode;
}

// The best-fitting slice of the corpus per pack, computed once per snippet index.
const POOL_SIZE = 400;
const pools = new WeakMap<SnippetIndex, Map<string, PoolSnippet[]>>();
function corpusPool(index: SnippetIndex, pack: LessonPack): PoolSnippet[] {
  let byPack = pools.get(index);
  if (!byPack) pools.set(index, (byPack = new Map()));
  let pool = byPack.get(pack.key);
  if (!pool) {
    pool = index.snippets
      .map((s) => ({ s, share: packFit(s.text, pack).share }))
      .sort((a, b) => b.share - a.share)
      .slice(0, POOL_SIZE)
      .map(({ s }) => s);
    byPack.set(pack.key, pool);
  }
  return pool;
}

/** How much practising each key is worth for this user, like the adaptive ranker's key profile. */
export function keyWeakness(stats: ReadonlyMap<string, GramStat>, targetMs = TARGET_MS_PER_KEY) {
  const weakness = new Map<string, number>();
  for (const [key, s] of stats) {
    if (key.length !== 1 || s.hits < 5 || !s.emaMs) continue;
    weakness.set(key, Math.max(0, 1 - targetMs / s.emaMs) + 2.5 * s.emaErrorRate);
  }
  return weakness;
}

export async function packSnippets(
  userId: string,
  pack: LessonPack,
  count: number,
  mode?: TypingMode,
): Promise<NextSnippets> {
  const index = await snippetIndex();
  const state = await userTypingState(userId, mode ?? "words", index);
  let pool: PoolSnippet[];
  let own = new Set<string>();
  if (pack.key === "french-accents") {
    await ensurePackSnippets(pack);
    const [drill, shipped] = await Promise.all([
      frenchDrill(userId),
      db()
        .select({
          id: snippets.id,
          text: snippets.text,
          difficulty: snippets.difficulty,
          mode: snippets.mode,
        })
        .from(snippets)
        .where(eq(snippets.source, packSource(pack))),
    ]);
    own = new Set(drill.snippets.map((s) => s.id));
    pool = [...drill.snippets, ...shipped];
  } else {
    pool = corpusPool(index, pack);
  }
  if (mode) pool = pool.filter((s) => s.mode === mode);
  const picks = rankForPack(pool, pack, {
    count,
    recent: state.recent,
    weakness: keyWeakness(state.stats),
    targetDifficulty: state.targetDifficulty,
    // The learner's own French words come before the pack's stock sentences.
    boost: (id) => (own.has(id) ? 1 : 0),
    random: createRandom(Date.now() % 2_147_483_647).next,
  });
  return {
    policy: "pack",
    modelId: null,
    focus: [],
    targetDifficulty: Math.round(state.targetDifficulty * 100) / 100,
    pack: { key: pack.key, title: pack.title, keys: pack.keys },
    snippets: picks.map((p) => ({
      id: p.snippet.id,
      text: p.snippet.text,
      mode: p.snippet.mode,
      difficulty: p.snippet.difficulty,
      reason: own.has(p.snippet.id) ? `From your French words · ${p.reason}` : p.reason,
      drills: p.drills,
    })),
  };
}
