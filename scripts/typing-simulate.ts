// npm run typing:simulate -- [--learners 40] [--sessions 20] [--seed 7]
// Offline policy study with simulated typists on the shipped corpus (no database): trains the ranker on
// logged simulated telemetry, reports NDCG@3 against the baselines, then how much each policy improves
// fresh learners' weakest keys.
import { parseArgs } from "node:util";
import { defaultCorpus, bigramModel } from "../app/modules/typing/corpus.server.ts";
import { analyseSnippet } from "../ml/typing/snippet-features.ts";
import { buildSnippetIndex } from "../ml/typing/snippet-policy.ts";
import { runPolicyStudy } from "../ml/typing/policy-simulation.ts";

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "40" },
    sessions: { type: "string", default: "20" },
    seed: { type: "string", default: "7" },
  },
});
const corpus = await defaultCorpus();
const model = bigramModel();
const index = buildSnippetIndex(
  corpus.map((c, i) => ({
    id: `s${i}`,
    mode: c.mode,
    text: c.text.replace(/\s+/g, " ").trim(),
    difficulty: analyseSnippet(c.text, model).difficulty,
  })),
);
const started = performance.now();
const report = runPolicyStudy(index, {
  learners: Number(values.learners),
  sessions: Number(values.sessions),
  seed: Number(values.seed),
});
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `\nRanker evaluation (time-based hold-out, ${report.evaluation.queries} sessions, trained on ${report.trainingQueries}): NDCG@${report.evaluation.k}`,
);
for (const [name, v] of Object.entries(report.evaluation.ndcg))
  console.log(`  ${name.padEnd(22)} ${v === null ? "-" : v.toFixed(4)}`);
console.log(
  `\nPolicies on fresh simulated learners (${values.learners} learners x ${values.sessions} sessions of 5 word snippets):`,
);
console.log(
  `  ${"policy".padEnd(18)} ${"weak-key speedup".padStart(17)} ${"all-letter speedup".padStart(19)} ${"WPM, last session".padStart(18)}`,
);
for (const c of report.cohorts) {
  console.log(
    `  ${c.policy.padEnd(18)} ${pct(c.weakKeyImprovement).padStart(17)} ${pct(c.overallImprovement).padStart(19)} ${c.meanWpmLastSession.toFixed(1).padStart(18)}`,
  );
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
