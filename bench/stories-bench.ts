/**
 * The stories section of `npm run bench`: POST /api/stories with each writer pinned (`provider`: "local" is
 * the story model in the app process, "sidecar" the same model in a PRAXIS_ROLE=ml process), at 1, 3 and 8
 * requests at once, a few rounds each. Writers take turns round by round, so both see the same background
 * load; both get the same prompts and seeds, so both write the same stories and their speeds compare.
 * Times are the client's (request sent → first `token` event, → `done`), beside the model's own
 * (done.story.stats: firstTokenMs and tokensPerSecond, counted from when the writer started, so without any
 * wait for a turn).
 */
import { readSse } from "../tests/support/sse.ts";
import { percentile } from "./learner-flow.ts";

export type StoryWriter = "local" | "sidecar";

export const STORY_WRITERS: readonly StoryWriter[] = ["local", "sidecar"];
export const STORY_LEVELS: readonly number[] = [1, 3, 8];
export const STORY_SAMPLING = { maxTokens: 200, temperature: 0.8, topK: 40, topP: 0.95 } as const;

/** The seed's targets for story generation. */
export const STORY_TARGETS = { avgSeconds: 10, maxSeconds: 15, minSuccess: 0.8, concurrent: 3 } as const;

/** Fixed openings: request i of round r at concurrency c gets PROMPTS[(r * c + i) % length], seed below. */
const PROMPTS = [
  "Once upon a time",
  "Tom and his dog",
  "Lily found a shiny key",
  "The little bird wanted to fly",
  "One day, Sam went to the park",
  "There was a big red ball",
  "Mia and her mom baked a cake",
  "The sun was shining and",
];
const seedFor = (round: number, i: number) => 1_000 + round * 16 + i;

/** A request that takes longer than this is cut and counted as failed. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface StoryRequestResult {
  writer: StoryWriter;
  concurrency: number;
  round: number;
  index: number;
  ok: boolean;
  /** Why it failed (HTTP status and detail, an `error` event, a stream without `done`, a network error). */
  error?: string;
  /** Client: request sent → first `token` event. */
  ttftMs: number | null;
  /** Client: request sent → `done` (or to the failure). */
  totalMs: number;
  newTokens: number | null;
  /** The model's own numbers (done.story.stats), counted from when the writer started. */
  serverFirstTokenMs: number | null;
  serverDurationMs: number | null;
  serverTokensPerSecond: number | null;
  body: string | null;
}

export interface StoryLevelSummary {
  writer: StoryWriter;
  concurrency: number;
  requests: number;
  succeeded: number;
  successRate: number;
  ttftP50: number;
  ttftP95: number;
  totalAvgS: number;
  totalMaxS: number;
  /** newTokens / client total time, median over the successful requests. */
  tokPerSecMedian: number;
  /** All new tokens of a level / the sum of its rounds' wall times (first request sent → last one done). */
  aggregateTokPerSec: number;
  serverFirstTokenP50: number;
  serverTokPerSecMedian: number;
  serverDurationAvgS: number;
  newTokensAvg: number;
  /** The level's rounds' wall time, first request sent to last one done. */
  wallS: number;
  /** This level meets the per-level targets (average, maximum and success rate). */
  met: boolean;
}

export interface StoriesBenchResult {
  results: StoryRequestResult[];
  levels: StoryLevelSummary[];
  /** local / sidecar, median tok/s per request at concurrency 1: client-side and the model's own. */
  ratioAt1: { client: number; server: number };
  /** Every target met by every writer. */
  met: boolean;
  lines: string[];
}

export interface StoriesBenchOptions {
  writers?: readonly StoryWriter[];
  levels?: readonly number[];
  rounds?: number;
  log?: (line: string) => void;
}

interface StoryView {
  provider: string;
  body: string;
  stats: {
    newTokens: number | null;
    firstTokenMs: number | null;
    durationMs: number;
    tokensPerSecond: number | null;
  };
}

async function oneStory(
  url: string,
  token: string,
  writer: StoryWriter,
  prompt: string,
  seed: number,
): Promise<Omit<StoryRequestResult, "writer" | "concurrency" | "round" | "index">> {
  const at = { sent: performance.now(), firstToken: null as number | null, done: null as number | null };
  const failed = (error: string) => ({
    ok: false,
    error,
    ttftMs: at.firstToken === null ? null : at.firstToken - at.sent,
    totalMs: performance.now() - at.sent,
    newTokens: null,
    serverFirstTokenMs: null,
    serverDurationMs: null,
    serverTokensPerSecond: null,
    body: null,
  });
  try {
    const response = await fetch(`${url}/api/stories`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ prompt, seed, provider: writer, stream: true, ...STORY_SAMPLING }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      const detail = (await response.text()).slice(0, 200).replace(/\s+/g, " ");
      return failed(`HTTP ${response.status}: ${detail}`);
    }
    const events = await readSse(response, (e) => {
      if (e.event === "token") at.firstToken ??= performance.now();
      else if (e.event === "done") at.done = performance.now();
      return false;
    });
    const error = events.find((e) => e.event === "error");
    if (error) return failed(`error event: ${JSON.stringify(error.data).slice(0, 200)}`);
    const story = events.find((e) => e.event === "done")?.data.story as StoryView | undefined;
    if (!story || at.done === null) return failed(`stream ended without done (${events.length} events)`);
    if (story.provider !== writer) return failed(`written by ${story.provider}, not ${writer}`);
    return {
      ok: true,
      ttftMs: at.firstToken === null ? null : at.firstToken - at.sent,
      totalMs: at.done - at.sent,
      newTokens: story.stats.newTokens,
      serverFirstTokenMs: story.stats.firstTokenMs,
      serverDurationMs: story.stats.durationMs,
      serverTokensPerSecond: story.stats.tokensPerSecond,
      body: story.body,
    };
  } catch (error) {
    return failed(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

/** One full story per writer, not measured: loads what loads lazily and waits for the sidecar's model. */
async function warmUp(url: string, token: string, writer: StoryWriter, log: (line: string) => void) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${url}/api/stories`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        prompt: "Once upon a time",
        provider: writer,
        seed: 1,
        stream: false,
        ...STORY_SAMPLING,
      }),
    });
    const text = await response.text();
    if (response.status === 201) return;
    if (Date.now() > deadline)
      throw new Error(`the ${writer} writer did not answer within 2 minutes: ${response.status} ${text}`);
    log(`stories: ${writer} not ready (${response.status}), retrying...`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const present = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

function summarise(
  writer: StoryWriter,
  concurrency: number,
  results: StoryRequestResult[],
  wallMs: number,
): StoryLevelSummary {
  const ok = results.filter((r) => r.ok);
  const perRequest = ok
    .filter((r) => r.newTokens !== null && r.totalMs > 0)
    .map((r) => r.newTokens! / (r.totalMs / 1000));
  const tokens = ok.reduce((sum, r) => sum + (r.newTokens ?? 0), 0);
  const totals = ok.map((r) => r.totalMs / 1000);
  const successRate = results.length ? ok.length / results.length : 0;
  const totalAvgS = mean(totals);
  const totalMaxS = totals.length ? Math.max(...totals) : Number.NaN;
  return {
    writer,
    concurrency,
    requests: results.length,
    succeeded: ok.length,
    successRate,
    ttftP50: percentile(present(ok.map((r) => r.ttftMs)), 50),
    ttftP95: percentile(present(ok.map((r) => r.ttftMs)), 95),
    totalAvgS,
    totalMaxS,
    tokPerSecMedian: percentile(perRequest, 50),
    aggregateTokPerSec: wallMs > 0 ? tokens / (wallMs / 1000) : Number.NaN,
    serverFirstTokenP50: percentile(present(ok.map((r) => r.serverFirstTokenMs)), 50),
    serverTokPerSecMedian: percentile(present(ok.map((r) => r.serverTokensPerSecond)), 50),
    serverDurationAvgS: mean(present(ok.map((r) => r.serverDurationMs)).map((ms) => ms / 1000)),
    newTokensAvg: mean(present(ok.map((r) => r.newTokens))),
    wallS: wallMs / 1000,
    met:
      totalAvgS <= STORY_TARGETS.avgSeconds &&
      totalMaxS <= STORY_TARGETS.maxSeconds &&
      successRate >= STORY_TARGETS.minSuccess,
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const pct = (x: number) => `${fmt(x * 100, 0)}%`;
const yes = (b: boolean) => (b ? "yes" : "NO");

/**
 * Runs the stories section against a running app (`url`) for the user behind `token` and returns its
 * markdown (lines) and whether every target was met.
 */
export async function runStoriesBench(
  url: string,
  token: string,
  {
    writers = STORY_WRITERS,
    levels = STORY_LEVELS,
    rounds = 5,
    log = (line) => process.stderr.write(`${line}\n`),
  }: StoriesBenchOptions = {},
): Promise<StoriesBenchResult> {
  for (const writer of writers) await warmUp(url, token, writer, log);
  const results: StoryRequestResult[] = [];
  const wall = new Map<string, number>();
  const key = (writer: StoryWriter, c: number) => `${writer}/${c}`;
  for (const c of levels) {
    for (let round = 0; round < rounds; round++) {
      // The writers take turns, round by round, so slow phases of the machine fall on both.
      for (const writer of writers) {
        const started = performance.now();
        const batch = await Promise.all(
          Array.from({ length: c }, async (_, index) => ({
            writer,
            concurrency: c,
            round,
            index,
            ...(await oneStory(
              url,
              token,
              writer,
              PROMPTS[(round * c + index) % PROMPTS.length]!,
              seedFor(round, index),
            )),
          })),
        );
        const ms = performance.now() - started;
        wall.set(key(writer, c), (wall.get(key(writer, c)) ?? 0) + ms);
        results.push(...batch);
        const ok = batch.filter((r) => r.ok).length;
        log(
          `stories: ${writer} x${c} round ${round + 1}/${rounds}: ${ok}/${c} ok in ${fmt(ms / 1000)} s` +
            (ok < c ? ` (${batch.find((r) => !r.ok)!.error})` : ""),
        );
      }
    }
  }

  const summaries = levels.flatMap((c) =>
    writers.map((writer) =>
      summarise(
        writer,
        c,
        results.filter((r) => r.writer === writer && r.concurrency === c),
        wall.get(key(writer, c)) ?? 0,
      ),
    ),
  );
  const level = (writer: StoryWriter, c: number) =>
    summaries.find((s) => s.writer === writer && s.concurrency === c);

  // Same prompt, seed and model: both writers should have written the same story.
  const pairs = results.filter((r) => r.writer === writers[0] && r.ok);
  const matched = pairs.filter((a) =>
    results.some(
      (b) =>
        b.writer !== a.writer &&
        b.ok &&
        b.concurrency === a.concurrency &&
        b.round === a.round &&
        b.index === a.index &&
        b.body === a.body,
    ),
  ).length;

  const local1 = level("local", 1);
  const sidecar1 = level("sidecar", 1);
  const ratioAt1 = {
    client: local1 && sidecar1 ? local1.tokPerSecMedian / sidecar1.tokPerSecMedian : Number.NaN,
    server: local1 && sidecar1 ? local1.serverTokPerSecMedian / sidecar1.serverTokPerSecMedian : Number.NaN,
  };

  const concurrentLevels = levels.filter((c) => c >= STORY_TARGETS.concurrent);
  const targets = writers.flatMap((writer) => {
    const mine = levels.map((c) => level(writer, c)!);
    const cells = (f: (s: StoryLevelSummary) => string) => levels.map((c) => f(level(writer, c)!));
    return [
      {
        name: `avg generation ≤ ${STORY_TARGETS.avgSeconds} s`,
        writer,
        cells: cells((s) => `${fmt(s.totalAvgS)} s`),
        met: mine.every((s) => s.totalAvgS <= STORY_TARGETS.avgSeconds),
      },
      {
        name: `max generation ≤ ${STORY_TARGETS.maxSeconds} s`,
        writer,
        cells: cells((s) => `${fmt(s.totalMaxS)} s`),
        met: mine.every((s) => s.totalMaxS <= STORY_TARGETS.maxSeconds),
      },
      {
        name: `success ≥ ${pct(STORY_TARGETS.minSuccess)}`,
        writer,
        cells: cells((s) => pct(s.successRate)),
        met: mine.every((s) => s.successRate >= STORY_TARGETS.minSuccess),
      },
      {
        name: `${STORY_TARGETS.concurrent}+ concurrent requests handled (success ≥ ${pct(STORY_TARGETS.minSuccess)} at ${concurrentLevels.join(" and ")} at once)`,
        writer,
        cells: cells((s) => (s.concurrency >= STORY_TARGETS.concurrent ? pct(s.successRate) : "–")),
        met:
          concurrentLevels.length > 0 &&
          concurrentLevels.every((c) => level(writer, c)!.successRate >= STORY_TARGETS.minSuccess),
      },
    ];
  });
  const met = targets.every((t) => t.met);
  const failures = results.filter((r) => !r.ok);

  const lines = [
    `## Stories: writing a story (POST /api/stories, streamed)`,
    ``,
    `Each writer pinned with \`provider\`: **local** is the story model in the app process, **sidecar** the same model in a`,
    `PRAXIS_ROLE=ml process on the same machine (CPU), reached over HTTP. ${rounds} rounds at each level; the writers take`,
    `turns round by round and get the same ${PROMPTS.length} fixed prompts and seeds; maxTokens ${STORY_SAMPLING.maxTokens}, temperature ${STORY_SAMPLING.temperature},`,
    `topK ${STORY_SAMPLING.topK}, topP ${STORY_SAMPLING.topP}. Times are the client's, from the request being sent: TTFT to the first \`token\` event, total to`,
    `\`done\` (so they include any wait for one of the STORY_MAX_CONCURRENT slots). tok/s per request is`,
    `done.story.stats.newTokens / total time; aggregate tok/s is a level's new tokens / its rounds' wall time.`,
    `Times and tok/s are over the successful requests; a 429, an \`error\` event or a stream without \`done\` is a failure.`,
    ``,
    `| writer | concurrent | requests | success % | TTFT p50 / p95 ms | total avg / max s | tok/s per request (median) | aggregate tok/s |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...summaries.map(
      (s) =>
        `| ${s.writer} | ${s.concurrency} | ${s.requests} | ${pct(s.successRate)} | ${fmt(s.ttftP50, 0)} / ${fmt(s.ttftP95, 0)} | ${fmt(s.totalAvgS, 2)} / ${fmt(s.totalMaxS, 2)} | ${fmt(s.tokPerSecMedian)} | ${fmt(s.aggregateTokPerSec)} |`,
    ),
    ``,
    `The model's own numbers (done.story.stats, counted from when the writer started: no wait for a slot, no HTTP)`,
    `beside the client's:`,
    ``,
    `| writer | concurrent | new tokens avg | first token p50 ms (model / client) | generation avg s (model / client) | tok/s median (model / client) |`,
    `| --- | ---: | ---: | ---: | ---: | ---: |`,
    ...summaries.map(
      (s) =>
        `| ${s.writer} | ${s.concurrency} | ${fmt(s.newTokensAvg, 0)} | ${fmt(s.serverFirstTokenP50, 0)} / ${fmt(s.ttftP50, 0)} | ${fmt(s.serverDurationAvgS, 2)} / ${fmt(s.totalAvgS, 2)} | ${fmt(s.serverTokPerSecMedian)} / ${fmt(s.tokPerSecMedian)} |`,
    ),
    ``,
    `In-process vs sidecar at 1 request at a time (same run, same stories): local / sidecar tok/s per request =`,
    `**${fmt(ratioAt1.client, 2)}** client-side (${fmt(local1?.tokPerSecMedian ?? Number.NaN)} vs ${fmt(sidecar1?.tokPerSecMedian ?? Number.NaN)}), ${fmt(ratioAt1.server, 2)} by the model's own count (${fmt(local1?.serverTokPerSecMedian ?? Number.NaN)} vs ${fmt(sidecar1?.serverTokPerSecMedian ?? Number.NaN)}).`,
    ...(writers.length > 1
      ? [`Same story from both writers for the same prompt and seed: ${matched}/${pairs.length}.`]
      : []),
    ``,
    `| target (every level) | writer | ${levels.map((c) => `${c} at once`).join(" | ")} | met |`,
    `| --- | --- | ${levels.map(() => "---:").join(" | ")} | --- |`,
    ...targets.map((t) => `| ${t.name} | ${t.writer} | ${t.cells.join(" | ")} | ${yes(t.met)} |`),
    ``,
    ...(failures.length
      ? [
          `Failed requests (${failures.length}; first 5):`,
          ``,
          ...failures
            .slice(0, 5)
            .map((f) => `- ${f.writer} x${f.concurrency} round ${f.round + 1} #${f.index + 1}: ${f.error}`),
          ``,
        ]
      : []),
  ];
  return { results, levels: summaries, ratioAt1, met, lines };
}
