import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { tutorErrors } from "../../db/schema";
import { parseEnv } from "../../app/lib/env.server";
import { configuredProviders } from "../../app/lib/llm/providers.server";
import {
  createSession,
  postMessage,
  tutorMode,
  type TurnEvent,
} from "../../app/modules/learn/tutor/tutor.server";
import { ensureDefaultVocabulary } from "../../app/modules/learn/vocabulary.server";
import { createLearner } from "../support/learners";
import { startFakeLlmServer, type Behaviour, type FakeLlmServer } from "../support/fake-llm-server";

let fake: FakeLlmServer;
const hook = globalThis as typeof globalThis & { __praxisTutorProviders?: () => unknown };

beforeAll(async () => {
  await ensureDefaultVocabulary();
  fake = await startFakeLlmServer();
  const providers = configuredProviders(
    parseEnv({
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake.openAiBaseUrl,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
      LLM_REQUEST_TIMEOUT_SECONDS: "2",
      LLM_MAX_RETRIES: "0",
    }),
  );
  hook.__praxisTutorProviders = () => providers;
});
afterAll(async () => {
  hook.__praxisTutorProviders = undefined;
  await fake.close();
});

const isCorrections = (body: Record<string, unknown>) =>
  JSON.stringify(body).includes("You mark a French learner");
/** Both vendors: the reply and the corrections, told apart by the request (they arrive concurrently). */
function answer(vendor: "openai" | "anthropic", reply: Behaviour, corrections: Behaviour) {
  fake.respond(vendor, (body) => (isCorrections(body) ? corrections : reply));
}
beforeEach(() => {
  fake.requests.length = 0;
  answer("openai", { text: "Salut ! Tu aimes la maison ?" }, { text: '{"errors":[]}' });
  answer("anthropic", { text: "Bonjour ! (anthropic)" }, { text: '{"errors":[]}' });
});

async function session() {
  const userId = await createLearner({ timezone: "Europe/Paris" });
  const created = await createSession(userId, { planned_minutes: 10, scenario: "cafe" });
  return { userId, sessionId: created.session.id, opening: created.messages[0]! };
}

describe("the LLM tutor (against a local server speaking the OpenAI and Anthropic wire formats)", () => {
  it("streams OpenAI's reply, prompting with the level, the scenario and today's words", async () => {
    expect(tutorMode().mode).toBe("llm");
    const { userId, sessionId, opening } = await session();
    expect(opening.content).toBe("Bonjour ! Qu'est-ce que je vous sers ?");
    const events: TurnEvent[] = [];
    const turn = await postMessage(userId, sessionId, { content: "Je voudrais un café." }, (e) =>
      events.push(e),
    );
    expect(turn.reply).toMatchObject({ provider: "openai", content: "Salut ! Tu aimes la maison ?" });
    expect(events.map((e) => (e.type === "delta" ? e.text : "")).join("")).toBe(turn.reply.content);
    const prompt = fake.requests.find((r) => !isCorrections(r.body))!;
    const system = (prompt.body.messages as { role: string; content: string }[])[0]!.content;
    expect(system).toMatch(/CEFR A1/);
    expect(system).toMatch(/a waiter in a busy Paris café/);
    expect(system).toMatch(/de \(from\)/);
    const history = (prompt.body.messages as { role: string; content: string }[]).slice(1);
    expect(history).toEqual([
      { role: "assistant", content: "Bonjour ! Qu'est-ce que je vous sers ?" },
      { role: "user", content: "Je voudrais un café." },
    ]);
  });

  it("merges the LLM's corrections after the rule checker's, dropping overlaps", async () => {
    answer(
      "openai",
      { text: "D'accord !" },
      {
        text: JSON.stringify({
          errors: [
            {
              text: "Le homme",
              category: "elision",
              correction: "L'homme",
              explanation: "Elide before a vowel.",
            },
            {
              text: "grand café",
              category: "vocabulary",
              correction: "grand crème",
              explanation: "Say it like a Parisian.",
            },
          ],
        }),
      },
    );
    const { userId, sessionId } = await session();
    const text = "Le homme veut un grand café.";
    const turn = await postMessage(userId, sessionId, { content: text });
    expect(turn.feedback.errors.map((e) => [e.source, e.category, text.slice(e.start, e.end)])).toEqual([
      ["checker", "elision", "Le homme"],
      ["llm", "vocabulary", "grand café"],
    ]);
    const stored = await db().select().from(tutorErrors).where(eq(tutorErrors.userId, userId));
    expect(stored.map((e) => e.source).sort()).toEqual(["checker", "llm"]);
  });

  it("falls back to Anthropic when OpenAI fails, and keeps the checker's errors when corrections are invalid", async () => {
    answer("openai", { status: 500 }, { status: 500 });
    answer("anthropic", { text: "Très bien, et avec ça ?" }, { text: "I think it's fine" });
    const { userId, sessionId } = await session();
    const turn = await postMessage(userId, sessionId, { content: "Je ai faim." });
    expect(turn.reply).toMatchObject({ provider: "anthropic", content: "Très bien, et avec ça ?" });
    expect(turn.feedback.errors.map((e) => e.category)).toEqual(["elision"]);
    // The invalid corrections were sent back once for repair before giving up.
    expect(fake.requests.filter((r) => r.vendor === "anthropic" && isCorrections(r.body))).toHaveLength(2);
  });

  it("answers offline for the turn, and says so, when every provider times out", async () => {
    answer("openai", { hang: true }, { hang: true });
    answer("anthropic", { hang: true }, { hang: true });
    const { userId, sessionId } = await session();
    const events: TurnEvent[] = [];
    const turn = await postMessage(userId, sessionId, { content: "Un café, s'il vous plaît." }, (e) =>
      events.push(e),
    );
    expect(turn.reply.provider).toBe("offline");
    expect(turn.feedback.note).toMatch(/offline tutor answered/);
    expect(turn.reply.content).toMatch(/\?/);
    expect(events.at(-1)).toEqual({ type: "delta", text: turn.reply.content });
  });
});
