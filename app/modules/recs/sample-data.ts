import { createRandom, type Random } from "../../../ml/random.ts";
import { SAMPLE_CONTENT_TYPES, TOPICS, type QuizQuestion, type SampleContentType } from "./sample-topics.ts";

/**
 * Deterministic sample data for the library (`npm run recs:sample`), shaped like real use: cohorts with taste
 * clusters (each favours two or three topics and a content type), a heavy-tailed popularity per item, users
 * whose activity is heavy-tailed too, time-of-day habits per cohort, and a funnel per visit (impressions →
 * clicks → views → completions, likes, skips, quiz answers whose correctness depends on skill vs difficulty).
 */
export const EVENT_TYPES = [
  "impression",
  "view",
  "click",
  "complete",
  "like",
  "skip",
  "quiz_answer",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Cohort {
  key: string;
  /** Relative interest in each topic (by topic key). */
  tastes: Record<string, number>;
  preferredType: SampleContentType;
  /** Local hours when this cohort is most active. */
  peakHours: number[];
}

export const COHORTS: Cohort[] = [
  {
    key: "student",
    tastes: { algorithms: 4, web: 3, french: 2 },
    preferredType: "video",
    peakHours: [20, 22],
  },
  {
    key: "engineer",
    tastes: { ml: 4, algorithms: 3, productivity: 2 },
    preferredType: "article",
    peakHours: [12, 21],
  },
  { key: "climber", tastes: { climbing: 5, productivity: 1 }, preferredType: "video", peakHours: [7, 18] },
  {
    key: "language-learner",
    tastes: { french: 5, productivity: 1 },
    preferredType: "quiz",
    peakHours: [8, 19],
  },
  { key: "generalist", tastes: {}, preferredType: "article", peakHours: [19] },
];

export interface SampleItem {
  key: number;
  type: SampleContentType;
  topic: string;
  title: string;
  description: string;
  tags: string[];
  difficulty: number;
  durationMin: number;
  createdAt: Date;
  /** Article text, or a video's longer description. */
  body: string;
  url: string | null;
  quiz: QuizQuestion[] | null;
}

export interface SampleUser {
  key: number;
  cohort: string;
  skill: number;
}

export interface SampleEvent {
  userKey: number;
  itemKey: number;
  type: EventType;
  ts: Date;
  dwellMs: number | null;
  value: number | null;
  clientEventId: string;
}

export interface SampleOptions {
  users: number;
  items: number;
  events: number;
  seed: number;
  now?: Date;
  /** Days of history the events spread over. */
  days?: number;
}

const DAY = 86_400_000;

function makeItems(r: Random, count: number, now: Date): { items: SampleItem[]; appeal: number[] } {
  const items: SampleItem[] = [];
  const appeal: number[] = [];
  for (let key = 0; key < count; key++) {
    const topic = TOPICS[key % TOPICS.length]!;
    const type = SAMPLE_CONTENT_TYPES[r.int(SAMPLE_CONTENT_TYPES.length)]!;
    const stem = topic.titles[r.int(topic.titles.length)]!;
    const difficulty = 1 + r.int(5);
    const level = ["first steps", "basics", "in practice", "in depth", "advanced"][difficulty - 1]!;
    const sentences = r.shuffle([...topic.sentences]).slice(0, 3 + r.int(3));
    const tags = [...new Set([topic.tags[0]!, ...r.shuffle([...topic.tags]).slice(0, 2 + r.int(2))])];
    items.push({
      key,
      type,
      topic: topic.key,
      title: `${stem}: ${level}${type === "quiz" ? " (quiz)" : ""} #${key + 1}`,
      description: sentences[0]!,
      tags,
      difficulty,
      durationMin: type === "video" ? 3 + r.int(38) : type === "article" ? 2 + r.int(18) : 3 + r.int(8),
      createdAt: new Date(now.getTime() - r.int(365) * DAY - r.int(DAY)),
      body: sentences.join(" "),
      url: type === "video" ? `https://videos.praxis.local/${topic.key}/${key + 1}` : null,
      quiz: type === "quiz" ? r.shuffle([...topic.questions]) : null,
    });
    // Heavy-tailed appeal (log-normal): a few items draw most of the attention.
    appeal.push(Math.exp(0.9 * r.normal()));
  }
  return { items, appeal };
}

function makeUsers(r: Random, count: number): SampleUser[] {
  // Cohort sizes are uneven, as in any real product.
  const weights = [0.3, 0.25, 0.2, 0.15, 0.1];
  return Array.from({ length: count }, (_, key) => {
    let u = r.next();
    let c = 0;
    while (c < weights.length - 1 && (u -= weights[c]!) > 0) c++;
    return { key, cohort: COHORTS[c]!.key, skill: 1 + r.int(5) };
  });
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function generateSample(options: SampleOptions) {
  const r = createRandom(options.seed);
  const now = options.now ?? new Date("2026-11-01T00:00:00Z");
  const days = options.days ?? 60;
  const { items, appeal } = makeItems(r, options.items, now);
  const users = makeUsers(r, options.users);
  const activity = users.map(() => Math.exp(1.1 * r.normal()));
  const totalActivity = activity.reduce((s, a) => s + a, 0);
  const cohortOf = new Map(COHORTS.map((c) => [c.key, c]));
  // Each user's taste: the cohort's, blurred, plus one personal favourite topic.
  const tastes = users.map((u) => {
    const cohort = cohortOf.get(u.cohort)!;
    const favourite = TOPICS[r.int(TOPICS.length)]!.key;
    return TOPICS.map(
      (t) => (cohort.tastes[t.key] ?? 0.6) * Math.exp(0.4 * r.normal()) + (t.key === favourite ? 1 : 0),
    );
  });
  const topicIndex = new Map(TOPICS.map((t, i) => [t.key, i]));
  const affinity = (userKey: number, item: SampleItem) => {
    const user = users[userKey]!;
    const cohort = cohortOf.get(user.cohort)!;
    return (
      Math.log(tastes[userKey]![topicIndex.get(item.topic)!]!) +
      0.8 * Math.log(appeal[item.key]!) +
      (item.type === cohort.preferredType ? 0.5 : 0) -
      0.45 * Math.abs(item.difficulty - user.skill)
    );
  };
  const pickUser = () => {
    let u = r.next() * totalActivity;
    for (let i = 0; i < users.length; i++) if ((u -= activity[i]!) <= 0) return i;
    return users.length - 1;
  };
  const events: SampleEvent[] = [];
  const seen = users.map(() => new Set<number>());
  let visit = 0;
  while (events.length < options.events) {
    const userKey = pickUser();
    const cohort = cohortOf.get(users[userKey]!.cohort)!;
    const hour = (r.pick(cohort.peakHours) + Math.round(1.5 * r.normal()) + 24) % 24;
    const day = r.int(days);
    let t = now.getTime() - (day + 1) * DAY + hour * 3_600_000 + r.int(3_600_000);
    // A visit shows a handful of items drawn by appeal and taste (a Gumbel top-k over the catalog sample).
    const pool = Array.from({ length: Math.min(40, items.length) }, () => r.int(items.length));
    const shown = [...new Set(pool)]
      .map((k) => ({ k, score: affinity(userKey, items[k]!) - Math.log(-Math.log(1 - r.next() + 1e-12)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 4);
    visit++;
    let n = 0;
    const push = (
      itemKey: number,
      type: EventType,
      dwellMs: number | null = null,
      value: number | null = null,
    ) => {
      t += 1_000 + r.int(20_000);
      events.push({
        userKey,
        itemKey,
        type,
        ts: new Date(t),
        dwellMs,
        value,
        clientEventId: `sample-${options.seed}-${visit}-${n++}`,
      });
    };
    for (const { k } of shown) {
      const item = items[k]!;
      push(k, "impression");
      const a = affinity(userKey, item);
      if (seen[userKey]!.has(k) || r.next() > sigmoid(a - 0.5)) {
        if (r.next() < 0.3) push(k, "skip");
        continue;
      }
      seen[userKey]!.add(k);
      push(k, "click");
      const fullMs = item.durationMin * 60_000;
      const completes = r.next() < sigmoid(a + 0.5);
      push(k, "view", Math.round(fullMs * (completes ? 0.9 + 0.2 * r.next() : 0.1 + 0.5 * r.next())));
      if (item.quiz)
        for (const _ of item.quiz) {
          const correct = r.next() < sigmoid(1.2 * (users[userKey]!.skill - item.difficulty) + 0.8);
          push(k, "quiz_answer", null, correct ? 1 : 0);
        }
      if (completes) push(k, "complete");
      if (completes && r.next() < sigmoid(a - 1)) push(k, "like");
    }
  }
  events.length = options.events;
  events.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  return { items, users, events, cohorts: COHORTS };
}
