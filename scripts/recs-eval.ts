// npm run recs:eval -- --dataset movielens-100k | --file <ratings> [--split random|temporal] [--seed 1]
// Offline evaluation of the library's recommenders on a public ratings file: popularity, ItemKNN, the
// two-tower retrieval model and two-tower + LambdaMART ranker, with Recall@10, NDCG@10, MAP@10 and catalog
// coverage. --dataset reads shared/data/<name>/u.data beside the repository (research-only data: it is read
// where it lies, never copied in); --file takes any ratings file in the same shapes (user, item, rating[,
// time], tab-, comma- or ::-separated, header optional). Every rating counts as a positive (implicit).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseRatings, randomSplit, temporalSplit } from "../ml/recs-eval/interactions.ts";
import { DEFAULT_CONFIG, formatTable, runEvaluation } from "../ml/recs-eval/run-eval.ts";

const { values } = parseArgs({
  options: {
    dataset: { type: "string" },
    file: { type: "string" },
    split: { type: "string", default: "random" },
    seed: { type: "string", default: "1" },
  },
});
const args = z
  .object({
    dataset: z
      .string()
      .regex(/^[a-z0-9-]+$/, "a data set name such as movielens-100k")
      .optional(),
    file: z.string().min(1).optional(),
    split: z.enum(["random", "temporal"]),
    seed: z.coerce.number().int(),
  })
  .refine((a) => Boolean(a.dataset) !== Boolean(a.file), "give --dataset or --file")
  .safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("\n"));
  console.error(
    "usage: npm run recs:eval -- --dataset movielens-100k | --file <ratings> [--split random|temporal] [--seed N]",
  );
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const file = args.data.file ?? path.resolve(root, "../shared/data", args.data.dataset!, "u.data");
if (!fs.existsSync(file)) {
  console.error(`no ratings file at ${file}`);
  process.exit(2);
}
const data = parseRatings(fs.readFileSync(file, "utf8"));
console.log(
  `${path.basename(path.dirname(file))}/${path.basename(file)}: ${data.nUsers} users, ${data.nItems} items, ${data.users.length} interactions (each rating a positive)`,
);
const split =
  args.data.split === "temporal" ? temporalSplit(data, 0.8) : randomSplit(data, 0.8, args.data.seed);
const started = performance.now();
console.log(formatTable(runEvaluation(split, DEFAULT_CONFIG)));
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s (training and scoring all four)`);
