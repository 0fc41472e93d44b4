import { sql } from "drizzle-orm";
import { db } from "../../../db/client.ts";
import { TARGET_MS_PER_KEY } from "../../../ml/typing/key-stats.ts";
import { getProfile } from "../learn/profile.server.ts";
import { LESSON_PACKS, lessonPack, packCatalogKey, type LessonPack } from "./lesson-packs.ts";
import { keyStatsForUser, type KeyStatView } from "./stats.server.ts";
import type { ModuleCatalogEntry } from "../recs/module-catalog-entry.ts";

/**
 * "The next typing lesson" for the Today plan, and the lesson packs as library catalog entries.
 *
 * How the lesson is chosen: a typist with no telemetry starts with the home-row pack. Otherwise the keys
 * with enough presses to trust (MIN_SAMPLES) are scored like the adaptive ranker scores them (slowness
 * against keybr's target speed plus 2.5 x the smoothed miss rate); the three weakest name the lesson. A
 * pack that holds at least two of them (or the only one) is the lesson; otherwise the adaptive session,
 * which drills exactly those keys. With every trusted key at target, the least-practised key-row pack
 * comes next, and when all of them are well practised, the adaptive session to keep the speed up.
 */
export interface TypingLesson {
  title: string;
  keys: string[];
  href: string;
  reason: string;
  minutes: number;
  practisedToday: boolean;
  lastPractisedAt: string | null;
}

/** A key's presses before its speed and miss rate name it in a lesson. */
export const MIN_SAMPLES = 20;
const WEAK_THRESHOLD = 0.05;
const ADAPTIVE_MINUTES = 10;
// Packs a typist moves through once the keys they use are at speed (capitals and accents are not in the
// per-key statistics as such: keys are stored lower-cased, and accents only by those who type French).
const PROGRESSION = ["home-row", "top-row", "bottom-row", "punctuation"] as const;

interface WeakKey {
  key: string;
  weakness: number;
  emaMs: number;
  errorRate: number;
  slow: boolean;
}

function weakKeys(stats: readonly KeyStatView[]): { trusted: KeyStatView[]; weak: WeakKey[] } {
  const trusted = stats.filter((s) => s.key.trim() !== "" && s.hits + s.misses >= MIN_SAMPLES && s.emaMs);
  const weak = trusted
    .map((s) => {
      const slowness = Math.max(0, 1 - TARGET_MS_PER_KEY / s.emaMs!);
      const errors = 2.5 * s.errorRate;
      return {
        key: s.key,
        weakness: slowness + errors,
        emaMs: s.emaMs!,
        errorRate: s.errorRate,
        slow: slowness >= errors,
      };
    })
    .filter((w) => w.weakness > WEAK_THRESHOLD)
    .sort((a, b) => b.weakness - a.weakness || (a.key < b.key ? -1 : 1))
    .slice(0, 3);
  return { trusted, weak };
}

/** "Your slowest keys: q, z, p (412 ms avg); most missed: ; (14% of presses)". */
export function weakKeysReason(weak: readonly WeakKey[]): string {
  const slow = weak.filter((w) => w.slow);
  const missed = weak.filter((w) => !w.slow);
  const parts: string[] = [];
  if (slow.length) {
    const avg = Math.round(slow.reduce((s, w) => s + w.emaMs, 0) / slow.length);
    parts.push(
      `${slow.length === 1 ? "Your slowest key" : "Your slowest keys"}: ${slow.map((w) => w.key).join(", ")} ` +
        `(${avg} ms avg, target ${Math.round(TARGET_MS_PER_KEY)} ms)`,
    );
  }
  if (missed.length) {
    const rates = missed.map((w) => `${w.key} (${Math.round(w.errorRate * 100)}% missed)`).join(", ");
    parts.push(`${parts.length ? "most missed" : "Your most missed keys"}: ${rates}`);
  }
  return parts.join("; ");
}

function packLesson(pack: LessonPack, keys: string[], reason: string) {
  return { title: pack.title, keys, href: `/typing?pack=${pack.key}`, reason, minutes: pack.minutes };
}

/** The lesson to suggest, without the practice-today fields. */
export function chooseTypingLesson(
  stats: readonly KeyStatView[],
  hasPractised: boolean,
): Omit<TypingLesson, "practisedToday" | "lastPractisedAt"> {
  const { trusted, weak } = weakKeys(stats);
  if (!trusted.length) {
    if (!hasPractised) {
      const home = lessonPack("home-row")!;
      return packLesson(
        home,
        home.keys,
        "Start here: the home row is where your fingers rest, and every other key is a reach from it",
      );
    }
    return {
      title: "Adaptive practice",
      keys: [],
      href: "/typing",
      reason: "A few more snippets and Praxis can name your slowest keys",
      minutes: 5,
    };
  }
  if (weak.length) {
    const reason = weakKeysReason(weak);
    const covering = LESSON_PACKS.map((pack) => ({
      pack,
      keys: weak.filter((w) => pack.keys.includes(w.key)).map((w) => w.key),
    })).sort((a, b) => b.keys.length - a.keys.length || a.pack.difficulty - b.pack.difficulty);
    const best = covering[0]!;
    if (best.keys.length >= Math.min(2, weak.length))
      return packLesson(
        best.pack,
        best.keys,
        `${reason}. The ${best.pack.title.toLowerCase()} pack drills them`,
      );
    const keys = weak.map((w) => w.key);
    return {
      title: `Adaptive practice: ${keys.join(", ")}`,
      keys,
      href: "/typing",
      reason,
      minutes: ADAPTIVE_MINUTES,
    };
  }
  // Every trusted key is at speed: the key-row pack whose keys have the fewest presses comes next.
  const presses = new Map(stats.map((s) => [s.key, s.hits + s.misses]));
  const next = PROGRESSION.map((key) => lessonPack(key)!)
    .map((pack) => ({
      pack,
      untrusted: pack.keys.filter((k) => (presses.get(k) ?? 0) < MIN_SAMPLES),
    }))
    .filter((p) => p.untrusted.length > 0)
    .sort((a, b) => b.untrusted.length / b.pack.keys.length - a.untrusted.length / a.pack.keys.length)[0];
  const avg = Math.round(trusted.reduce((s, k) => s + k.emaMs!, 0) / trusted.length);
  if (next)
    return packLesson(
      next.pack,
      next.untrusted,
      `Your practised keys are at target speed (${avg} ms avg); ${next.untrusted.slice(0, 5).join(" ")} ` +
        `have had fewer than ${MIN_SAMPLES} presses`,
    );
  return {
    title: "Adaptive practice",
    keys: [],
    href: "/typing",
    reason: `Every key is at target speed (${avg} ms avg): keep it there`,
    minutes: 5,
  };
}

/** When the user last finished a snippet, and whether that was today in their time zone (UTC without one). */
async function lastPractice(userId: string, now: Date, timezone?: string) {
  timezone ??= (await getProfile(userId))?.timezone ?? "UTC";
  const [row] = await db().execute<{ last_ms: number | null; today: boolean | null }>(sql`
    select (extract(epoch from max(received_at)) * 1000)::float8 as last_ms,
      max(received_at) >= (date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${timezone})
        at time zone ${timezone}) as today
    from telemetry_snippet_raw
    where user_id = ${userId} and received_at <= ${now.toISOString()}::timestamptz`);
  return {
    lastPractisedAt: row?.last_ms != null ? new Date(Number(row.last_ms)).toISOString() : null,
    practisedToday: row?.today === true,
  };
}

/** `timezone`: the person's, when the caller knows it (the Today plan); else their French profile's, or UTC. */
export async function nextTypingLesson(
  userId: string,
  now = new Date(),
  timezone?: string,
): Promise<TypingLesson> {
  const [stats, practice] = await Promise.all([keyStatsForUser(userId), lastPractice(userId, now, timezone)]);
  return { ...chooseTypingLesson(stats, practice.lastPractisedAt !== null), ...practice };
}

export function typingCatalogEntries(): ModuleCatalogEntry[] {
  return LESSON_PACKS.map((pack) => ({
    externalKey: packCatalogKey(pack.key),
    title: `Typing lesson: ${pack.title}`,
    description: pack.description,
    body:
      `A ${pack.minutes}-minute typing lesson on ${pack.keys.length} keys: ${pack.keys.join(" ")}. ` +
      "Praxis serves the practice texts densest in these keys and, once it knows your typing, puts the ones " +
      "with your slowest keys first. Live speed and accuracy as you type; every snippet updates your key map." +
      (pack.key === "french-accents"
        ? " If you are learning French in Praxis, the texts come from your own words and their example sentences."
        : ""),
    tags: ["typing", ...pack.tags],
    difficulty: pack.difficulty,
    durationMin: pack.minutes,
    url: `/typing?pack=${pack.key}`,
  }));
}
