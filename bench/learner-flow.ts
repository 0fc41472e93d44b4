/**
 * The seed's load test (locust: registration, session creation, conversational turns, analytics reads)
 * as 100 concurrent virtual learners against the real server: each signs up, picks a level, starts a
 * tutoring session, takes five turns with the offline tutor, and reads its analytics, pausing 1-3 s between
 * actions as a person does (locust's `between(1, 3)`; without pauses it is a saturation test, not 100
 * learners). Latency is recorded per request and step, measured from this process (which shares the
 * machine's two cores with the server).
 */
import { createRandom } from "../ml/random.ts";

const SENTENCES = [
  "Bonjour, je voudrais un café.",
  "Le homme mange une pomme.",
  "Nous mange du pain le matin.",
  "J'aime beaucoup la ville.",
  "Elle est content de son travail.",
];

export interface FlowResult {
  learners: number;
  wallMs: number;
  steps: Record<string, number[]>;
  failures: string[];
}

export async function runLearnerFlow(
  url: string,
  learners = 100,
  turns = 5,
  thinkMs: [number, number] = [1_000, 3_000],
): Promise<FlowResult> {
  const random = createRandom(42);
  const think = () =>
    new Promise((r) => setTimeout(r, thinkMs[0] + random.next() * (thinkMs[1] - thinkMs[0])));
  const steps: Record<string, number[]> = {};
  const failures: string[] = [];
  const timed = async (step: string, run: () => Promise<Response>, expected: number[]) => {
    await think();
    const start = performance.now();
    const response = await run();
    const body = await response.text();
    (steps[step] ??= []).push(performance.now() - start);
    if (!expected.includes(response.status))
      throw new Error(`${step}: ${response.status} ${body.slice(0, 200)}`);
    return { response, body };
  };
  const learner = async (i: number) => {
    const email = `load-${i}-${Date.now()}@praxis.local`;
    const { response } = await timed(
      "sign-up (argon2id)",
      () =>
        fetch(`${url}/signup`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
          body: new URLSearchParams({ email, displayName: `Load ${i}`, password: "load-password-1" }),
          redirect: "manual",
        }),
      [302],
    );
    const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
    const headers = { Cookie: cookie, Origin: url, "Content-Type": "application/json" };
    await timed(
      "PUT profile",
      () =>
        fetch(`${url}/api/v1/learn/profile`, {
          method: "PUT",
          headers,
          body: JSON.stringify({ cefr_level: "A1", timezone: "Europe/Paris" }),
        }),
      [200],
    );
    const created = await timed(
      "POST session",
      () =>
        fetch(`${url}/api/v1/sessions`, {
          method: "POST",
          headers,
          body: JSON.stringify({ scenario: "cafe" }),
        }),
      [201],
    );
    const { session } = JSON.parse(created.body) as { session: { id: string } };
    for (let t = 0; t < turns; t++)
      await timed(
        "POST message (offline tutor)",
        () =>
          fetch(`${url}/api/v1/sessions/${session.id}/messages`, {
            method: "POST",
            headers,
            body: JSON.stringify({ content: SENTENCES[(i + t) % SENTENCES.length] }),
          }),
        [201],
      );
    await timed("GET analytics summary", () => fetch(`${url}/api/v1/analytics/summary`, { headers }), [200]);
    await timed(
      "GET analytics statistics",
      () => fetch(`${url}/api/v1/analytics/statistics?days=30`, { headers }),
      [200],
    );
    await timed("GET analytics summary", () => fetch(`${url}/api/v1/analytics/summary`, { headers }), [200]);
  };
  const start = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: learners }, (_, i) => learner(i)));
  for (const o of outcomes) if (o.status === "rejected") failures.push(String(o.reason));
  return { learners, wallMs: performance.now() - start, steps, failures };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
