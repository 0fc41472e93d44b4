import type { Random } from "../random.ts";
import { KEY_ALPHABET } from "./snippet-policy.ts";
import type { Keystroke } from "./key-stats.ts";

/**
 * Simulated typists for tests, demo data and offline policy evaluation. Each key has a current latency and
 * error probability that fall with practice toward a personal floor (an exponential learning curve, the
 * usual shape of motor-skill practice). Practice counts more when the typist is accurate: a text far too
 * hard for them produces errors, and errors teach less than clean repetitions.
 */
export interface SimulatedKey {
  latencyMs: number;
  floorMs: number;
  errorRate: number;
  floorErrorRate: number;
}

export interface SimulatedTypist {
  keys: Map<string, SimulatedKey>;
  /** How many effective repetitions halve the gap to the floor. */
  halfLife: number;
}

export function createTypist(
  random: Random,
  options: { weakKeys?: number; skill?: number } = {},
): SimulatedTypist {
  const skill = options.skill ?? 0.5 + random.next(); // 0.5 (slow) .. 1.5 (fast)
  const keys = new Map<string, SimulatedKey>();
  for (const key of [...KEY_ALPHABET, " "]) {
    const letter = /[a-z ]/.test(key);
    const base = (letter ? 260 : 420) / skill;
    keys.set(key, {
      latencyMs: base * (0.85 + 0.3 * random.next()),
      floorMs: (letter ? 150 : 220) / skill,
      errorRate: letter ? 0.02 + 0.02 * random.next() : 0.06,
      floorErrorRate: 0.005,
    });
  }
  // A few letters start much slower and less accurate: the ones a good policy should find and drill.
  const letters = [..."abcdefghijklmnopqrstuvwxyz"];
  random.shuffle(letters);
  for (const key of letters.slice(0, options.weakKeys ?? 3)) {
    const k = keys.get(key)!;
    k.latencyMs *= 2.2 + random.next();
    k.errorRate = 0.12 + 0.1 * random.next();
  }
  return { keys, halfLife: 200 + 200 * random.next() };
}

export interface TypedSnippet {
  keystrokes: Keystroke[];
  wpm: number;
  accuracy: number;
  durationMs: number;
}

/** Types a text: per character a latency with noise, sometimes a wrong key then Backspace. Learns as it goes. */
export function typeText(typist: SimulatedTypist, text: string, random: Random): TypedSnippet {
  const keystrokes: Keystroke[] = [];
  let t = 0;
  let errors = 0;
  const practice = new Map<string, { n: number; clean: number }>();
  for (const char of text) {
    const key = typist.keys.get(char.toLowerCase()) ?? typist.keys.get(" ")!;
    const latency = () => Math.max(40, key.latencyMs * Math.exp(0.25 * random.normal()));
    const p = practice.get(char.toLowerCase()) ?? { n: 0, clean: 0 };
    practice.set(char.toLowerCase(), p);
    p.n++;
    if (random.next() < key.errorRate) {
      errors++;
      t += latency();
      keystrokes.push({ key: wrongKeyFor(char, random), expected: char, t: Math.round(t), correct: false });
      t += 150 + 100 * random.next();
      keystrokes.push({ key: "Backspace", expected: char, t: Math.round(t), correct: false });
      t += latency();
    } else {
      p.clean++;
      t += keystrokes.length === 0 ? 0 : latency();
    }
    keystrokes.push({ key: char, expected: char, t: Math.round(t), correct: true });
  }
  const presses = text.length + errors;
  const accuracy = text.length / presses;
  // Learning: each clean repetition counts fully, a mistyped one a quarter, scaled down further when the
  // whole text was typed badly (overload).
  const overload = Math.max(0.2, 1 - 4 * Math.max(0, 0.97 - accuracy));
  for (const [char, p] of practice) {
    const key = typist.keys.get(char);
    if (!key) continue;
    const effective = (p.clean + 0.25 * (p.n - p.clean)) * overload;
    const decay = Math.pow(0.5, effective / typist.halfLife);
    key.latencyMs = key.floorMs + (key.latencyMs - key.floorMs) * decay;
    key.errorRate = key.floorErrorRate + (key.errorRate - key.floorErrorRate) * decay;
  }
  const durationMs = Math.max(1, t);
  return { keystrokes, wpm: text.length / 5 / (durationMs / 60_000), accuracy, durationMs };
}

function wrongKeyFor(char: string, random: Random): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let wrong = letters[random.int(26)]!;
  if (wrong === char) wrong = wrong === "a" ? "s" : "a";
  return wrong;
}

/** The true mean latency of the given keys: what a policy should bring down. */
export function meanLatency(typist: SimulatedTypist, keys: readonly string[]): number {
  return keys.reduce((s, k) => s + (typist.keys.get(k)?.latencyMs ?? 0), 0) / Math.max(1, keys.length);
}

/** The typist's weakest letters by true latency (ground truth the policy never sees). */
export function trueWeakestKeys(typist: SimulatedTypist, n = 3): string[] {
  return [..."abcdefghijklmnopqrstuvwxyz"]
    .sort((a, b) => typist.keys.get(b)!.latencyMs - typist.keys.get(a)!.latencyMs)
    .slice(0, n);
}
