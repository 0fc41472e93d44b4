// npm run climb:validate -- [--seed 1] [--climbers-per-count 100]
// Validates the climb session-quality model on simulated climbers whose true coefficients are known: a
// population deliberately unlike the literature priors, climbers with 3 to 60 sessions of realistic
// readiness, and four estimators (each climber's own least squares, one pooled least squares, the quick
// conjugate update from the literature priors, the full hierarchical fit). Then checks the sampler against
// the eight-schools quadrature reference. Exits 1 if that check fails or the fit has not converged.
import { parseArgs } from "node:util";
import { MAX_RHAT, NIGHTLY_SETTINGS } from "../app/modules/climb/fit-settings.ts";
import { designRow } from "../app/modules/climb/model-design.ts";
import { drawReadiness } from "../app/modules/climb/simulated-climbers.ts";
import {
  COEFFICIENT_NAMES,
  hierarchicalPrior,
  INTERCEPT_SD,
  priorPopulation,
  READINESS_PRIORS,
} from "../app/modules/climb/priors.ts";
import { MODELLED_TYPES, READINESS_FIELDS } from "../app/modules/climb/session-types.ts";
import { checkEightSchools } from "../ml/bayes/eight-schools.ts";
import { ESTIMATORS, runShrinkageStudy, type Estimator } from "../ml/bayes/shrinkage-study.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    "climbers-per-count": { type: "string", default: "100" },
  },
});
const seed = Number(values.seed);
const climbersPerCount = Number(values["climbers-per-count"]);
if (!Number.isInteger(seed) || !Number.isInteger(climbersPerCount) || climbersPerCount < 1) {
  console.error("usage: npm run climb:validate -- [--seed N] [--climbers-per-count N]");
  process.exit(2);
}

// The true population, in prior sds away from the literature priors: intercepts ±1–2 INTERCEPT_SD,
// slopes ±1–2 slopeSd, so the quick update's cached population is genuinely wrong.
const prior = hierarchicalPrior();
const shifts = [1.5, -1, 2, -1.5, 1, -1.5, 1, 2, -1, 1.5, -1];
const priorSds = [
  ...MODELLED_TYPES.map(() => INTERCEPT_SD),
  ...READINESS_FIELDS.map((f) => READINESS_PRIORS[f].slopeSd),
];
const trueMean = prior.mean.map((m, k) => m + shifts[k]! * priorSds[k]!);
// Climbers differ by 0.8 quality points in each type intercept (correlated 0.6: a strong climber is strong
// at everything) and by each slope's between-climber scale.
const trueSds = [
  ...MODELLED_TYPES.map(() => 0.8),
  ...READINESS_FIELDS.map((f) => READINESS_PRIORS[f].betweenClimberScale),
];
const types = MODELLED_TYPES.length;
const trueCovariance = trueSds.map((si, i) =>
  trueSds.map((sj, j) => (i === j ? si * si : i < types && j < types ? 0.6 * si * sj : 0)),
);
const TRUE_NOISE_SD = 1;

const population = priorPopulation();
const sessionCounts = [3, 5, 10, 20, 30, 60];
const started = performance.now();
const study = runShrinkageStudy({
  truth: { mean: trueMean, covariance: trueCovariance, noiseSd: TRUE_NOISE_SD },
  drawRow: (r) => ({ x: designRow(r.pick(MODELLED_TYPES), drawReadiness(r)) }),
  sessionCounts,
  groupsPerCount: climbersPerCount,
  heldOutSessions: 20,
  prior,
  cachedPopulation: {
    mean: population.mean,
    covariance: population.covariance,
    noiseVariance: population.noiseSd ** 2,
  },
  fit: {
    ...NIGHTLY_SETTINGS,
    onProgress: process.stderr.isTTY
      ? (f) => process.stderr.write(`\rhierarchical fit ${Math.round(100 * f)}%`)
      : undefined,
  },
  seed,
});
if (process.stderr.isTTY) process.stderr.write("\n");
const seconds = (performance.now() - started) / 1000;

const f = (v: number, digits = 3) => v.toFixed(digits);
console.log(`# Climb session-quality model: simulated validation (seed ${seed})\n`);
console.log("| coefficient | prior mean | true mean | true between-climber sd |");
console.log("| --- | ---: | ---: | ---: |");
COEFFICIENT_NAMES.forEach((name, k) =>
  console.log(`| ${name} | ${f(prior.mean[k]!, 2)} | ${f(trueMean[k]!, 2)} | ${f(trueSds[k]!, 2)} |`),
);
console.log(`\nnoise sd: prior ${f(population.noiseSd, 2)}, true ${f(TRUE_NOISE_SD, 2)}\n`);

const labels: Record<Estimator, string> = {
  perGroupLs: "own LS",
  pooledLs: "pooled LS",
  quickUpdate: "quick (priors)",
  quickFromFit: "quick (fitted pop.)",
  hierarchical: "hierarchical",
};
console.log(
  "RMSE of each climber's coefficients vs the truth (coef) and of predictions on 20 held-out sessions vs the",
);
console.log(
  "noiseless truth (pred). Own LS uses a tiny ridge: minimum-norm when sessions < 11 coefficients.\n",
);
console.log(
  `| sessions | climbers | ${ESTIMATORS.map((e) => `coef: ${labels[e]}`).join(" | ")} | ${ESTIMATORS.map((e) => `pred: ${labels[e]}`).join(" | ")} |`,
);
console.log(
  `| ---: | ---: | ${ESTIMATORS.map(() => "---:").join(" | ")} | ${ESTIMATORS.map(() => "---:").join(" | ")} |`,
);
for (const row of study.rows)
  console.log(
    `| ${row.sessions} | ${row.groups} | ${ESTIMATORS.map((e) => f(row.coefficientRmse[e])).join(" | ")} | ${ESTIMATORS.map((e) => f(row.predictionRmse[e])).join(" | ")} |`,
  );
const converged = study.fit.maxRhat <= MAX_RHAT;
console.log(
  `\nhierarchical fit: ${NIGHTLY_SETTINGS.chains} chains x (${NIGHTLY_SETTINGS.warmup} warmup + ${NIGHTLY_SETTINGS.draws} draws), ` +
    `max R-hat ${f(study.fit.maxRhat)}, min ESS ${f(study.fit.minEss, 0)}; study took ${f(seconds, 1)} s` +
    (converged ? "" : ` — NOT CONVERGED (R-hat > ${MAX_RHAT})`),
);

const eight = checkEightSchools({ chains: 4, warmup: 1000, draws: 5000, seed });
console.log("\n## Eight schools vs numerical quadrature\n");
console.log("| quantity | fitted | reference | abs error | tolerance | ok |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const row of eight.rows)
  console.log(
    `| ${row.quantity} | ${f(row.fitted)} | ${f(row.reference)} | ${f(row.absError)} | ${f(row.tolerance)} | ${row.ok ? "yes" : "NO"} |`,
  );

if (!eight.ok) console.error("eight-schools check failed");
if (!converged) console.error(`hierarchical fit did not converge: max R-hat ${f(study.fit.maxRhat)}`);
process.exit(eight.ok && converged ? 0 : 1);
