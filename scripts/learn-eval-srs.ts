// npm run learn:eval-srs -- <revlog.csv> [--timezone Europe/Paris] [--next-day-starts-at 4] [--train-fraction 0.8]
// npm run learn:eval-srs -- --simulate [--seed 1] [--days 200] [--new-per-day 10] [--write revlog.csv]
// Scores memory models on one learner's review log, srs-benchmark style: the earliest 80% of reviews (in
// time) train, the most recent 20% are predicted. Prints log loss, RMSE(bins) and AUC for FSRS-6 with
// default weights, FSRS-6 optimised on the training part, SM-2 and a constant baseline. The CSV columns
// are documented in ml/srs/revlog-csv.ts (Anki revlog: card_id, review_time ms, review_rating 1-4, ...).
// --simulate scores a simulated learner whose true memory weights are known (and adds them as a row).
import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { evaluateModels, MIN_TEST_REVIEWS, MIN_TRAIN_ITEMS } from "../ml/srs/evaluation.ts";
import { cardHistories, DEFAULT_DAY_OPTIONS, type RevlogEntry } from "../ml/srs/revlog.ts";
import { parseRevlogCsv, revlogCsv } from "../ml/srs/revlog-csv.ts";
import { simulateLearner } from "../ml/srs/simulated-learners.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    timezone: { type: "string", default: DEFAULT_DAY_OPTIONS.timeZone },
    "next-day-starts-at": { type: "string", default: String(DEFAULT_DAY_OPTIONS.nextDayStartsAt) },
    "train-fraction": { type: "string", default: "0.8" },
    simulate: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    days: { type: "string", default: "200" },
    "new-per-day": { type: "string", default: "10" },
    write: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(message);
  console.error(
    "usage: npm run learn:eval-srs -- <revlog.csv> [--timezone Z] [--next-day-starts-at H] [--train-fraction F]\n" +
      "       npm run learn:eval-srs -- --simulate [--seed N] [--days D] [--new-per-day K] [--write revlog.csv]",
  );
  process.exit(2);
}

const trainFraction = Number(values["train-fraction"]);
if (!(trainFraction > 0 && trainFraction < 1)) fail("--train-fraction must be between 0 and 1");
const nextDayStartsAt = Number(values["next-day-starts-at"]);
if (!Number.isInteger(nextDayStartsAt) || nextDayStartsAt < 0 || nextDayStartsAt > 23)
  fail("--next-day-starts-at must be an hour 0-23");
try {
  new Intl.DateTimeFormat("en", { timeZone: values.timezone });
} catch {
  fail(`unknown time zone: ${values.timezone}`);
}

let entries: RevlogEntry[];
const extra: Record<string, number[]> = {};
let source: string;
if (values.simulate) {
  const sim = simulateLearner({
    seed: Number(values.seed),
    days: Number(values.days),
    newPerDay: Number(values["new-per-day"]),
  });
  entries = sim.revlog;
  extra["FSRS-6 true weights (oracle)"] = sim.trueWeights;
  source = `simulated learner (seed ${values.seed}, ${values.days} days, ${values["new-per-day"]} new a day)`;
  if (values.write) {
    await fs.writeFile(values.write, revlogCsv(entries));
    console.log(`wrote ${entries.length} reviews to ${values.write}`);
  }
} else {
  const file = positionals[0];
  if (!file) fail("give a revlog CSV, or --simulate");
  const parsed = parseRevlogCsv(await fs.readFile(file, "utf8").catch(() => fail(`cannot read ${file}`)));
  for (const p of parsed.problems.slice(0, 20)) console.error(`  line ${p.line}: ${p.message}`);
  if (parsed.problems.length > 20) console.error(`  ... and ${parsed.problems.length - 20} more`);
  entries = parsed.entries;
  source = `${file}: ${entries.length} reviews read, ${parsed.skipped} manual entries skipped, ${parsed.problems.length} rows rejected`;
}

if (entries.length === 0) {
  console.error("no reviews to evaluate");
  process.exit(1);
}
const histories = cardHistories(entries, { timeZone: values.timezone, nextDayStartsAt });
const evaluation = await evaluateModels(histories, { trainFraction, extra });
const tested = evaluation.rows[0]?.scores.n ?? 0;
console.log(source);
console.log(
  `${histories.length} cards; trained on ${evaluation.trainItems} long-term reviews before ${new Date(evaluation.cutoff).toISOString()}, ` +
    `scored on the ${tested} long-term reviews from then on`,
);
if (evaluation.trainItems < MIN_TRAIN_ITEMS || tested < MIN_TEST_REVIEWS)
  console.log(
    `warning: fewer than ${MIN_TRAIN_ITEMS} training or ${MIN_TEST_REVIEWS} test reviews; the figures are noisy`,
  );
const f = (x: number | null) => (x === null || Number.isNaN(x) ? "     -" : x.toFixed(4));
console.log(`\n${"model".padEnd(30)}  log loss  RMSE(bins)     AUC`);
for (const { model, scores } of evaluation.rows)
  console.log(
    `${model.padEnd(30)}  ${f(scores.logLoss).padStart(8)}  ${f(scores.rmseBins).padStart(10)}  ${f(scores.auc).padStart(6)}`,
  );
console.log(
  "\nsrs-benchmark (10k Anki users, mean per user): FSRS-6 optimised 0.321 / 0.046 / 0.706, " +
    "default 0.339 / 0.072 / 0.689, constant 0.363 / 0.088 / 0.509, SM-2 0.547 / 0.148 / 0.601",
);
