// npm run stories:eval -- [--model ml/lm/story-model] [--val <stories file>] [--threads 1] [--json]
// Evaluates the shipped story model the way the app runs it (ml/lm/story-model.ts on onnxruntime-node), once
// per dtype present: fp32 (onnx/model.onnx) and q8 (onnx/model_quantized.onnx, from ml/lm/train/quantize.py).
// Validation loss is the trainer's (ml/lm/train/train.py `evaluate`): every story tokenised as BOS + story +
// EOS, all concatenated, mean per-token cross-entropy in nats over consecutive full 256-token windows, each
// window a fresh pass from position 0. --val defaults to ml/lm/story-model/val-stories.txt when it ships, else
// the trainer's held-out split .cache/lm/val.txt (prepare_data.py); a sibling .bin of token ids (the trainer's
// val.bin) is compared with ours when present. The trainer evaluates under bf16 autocast, so its logged
// losses can differ from fp32 here in the last decimals. Then a few seeded sample stories with tokens/s.
// --json prints one JSON object with the same numbers instead of markdown.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Tensor } from "@huggingface/transformers";
import { z } from "zod";
import {
  generateStory,
  loadStoryModel,
  type StoryModel,
  type StoryModelDtype,
} from "../ml/lm/story-model.ts";

const BLOCK = 256;
const SEPARATOR = "<|endoftext|>";
const PROMPTS = ["Once upon a time", "Tom and his dog", "Lily found a shiny key"];
const SAMPLING = { temperature: 0.8, topK: 40, topP: 0.95, maxNewTokens: 200 };
const FILES: Record<StoryModelDtype, string> = { fp32: "model.onnx", q8: "model_quantized.onnx" };

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "ml/lm/story-model" },
    val: { type: "string" },
    threads: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
  },
});
const args = z
  .object({
    model: z.string().min(1),
    val: z.string().min(1).optional(),
    threads: z.coerce.number().int().min(1),
    json: z.boolean(),
  })
  .safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("\n"));
  console.error(
    "usage: npm run stories:eval -- [--model <dir>] [--val <stories file>] [--threads N] [--json]",
  );
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const modelDir = path.resolve(root, args.data.model);
const valFile = args.data.val
  ? path.resolve(args.data.val)
  : [path.join(modelDir, "val-stories.txt"), path.join(root, ".cache/lm/val.txt")].find((f) =>
      fs.existsSync(f),
    );
if (!valFile || !fs.existsSync(valFile)) {
  console.error(
    `no validation stories${valFile ? ` at ${valFile}` : ""}: pass --val, or run ml/lm/train/prepare_data.py`,
  );
  process.exit(2);
}
const dtypes = (Object.keys(FILES) as StoryModelDtype[]).filter((d) =>
  fs.existsSync(path.join(modelDir, "onnx", FILES[d])),
);
if (!dtypes.includes("fp32")) {
  console.error(`no onnx/model.onnx in ${modelDir}`);
  process.exit(2);
}
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** The trainer's story list (train_tokenizer.py `stories`): blocks between separator lines, trimmed. */
function readStories(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split(`\n${SEPARATOR}\n`)
    .map((s) => s.trim())
    .filter(Boolean);
}

function tokenise(lm: StoryModel, stories: string[]): number[] {
  const ids: number[] = [];
  // encode adds the BOS (tokenizer.json's post-processor); the trainer appends EOS after every story.
  for (const story of stories) ids.push(...(lm.tokenizer.encode(story) as number[]), lm.eosId);
  return ids;
}

/** The trainer's uint16 token file beside the stories (its val.bin), when there is one. */
const binFile = valFile.replace(/\.txt$/, ".bin");

function checkAgainstBin(ids: number[]): boolean | null {
  if (binFile === valFile || !fs.existsSync(binFile)) return null;
  const buffer = fs.readFileSync(binFile);
  const theirs = new Uint16Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 2);
  return theirs.length === ids.length && ids.every((id, i) => theirs[i] === id);
}

/** Mean next-token cross-entropy (nats) over the windows train.py's `evaluate` uses. */
async function validationLoss(lm: StoryModel, ids: number[]): Promise<{ loss: number; windows: number }> {
  let total = 0;
  let windows = 0;
  for (let start = 0; start < ids.length - BLOCK - 1; start += BLOCK) {
    const input = ids.slice(start, start + BLOCK);
    const outputs = (await lm.model.forward({
      input_ids: new Tensor("int64", BigInt64Array.from(input.map(BigInt)), [1, BLOCK]),
      attention_mask: new Tensor("int64", new BigInt64Array(BLOCK).fill(1n), [1, BLOCK]),
      past_key_values: null,
    })) as Record<string, Tensor>;
    const logits = outputs.logits!;
    const vocab = logits.dims.at(-1)!;
    const data = logits.data as Float32Array;
    for (let t = 0; t < BLOCK; t++) {
      const row = data.subarray(t * vocab, (t + 1) * vocab);
      let max = -Infinity;
      for (let v = 0; v < vocab; v++) if (row[v]! > max) max = row[v]!;
      let sum = 0;
      for (let v = 0; v < vocab; v++) sum += Math.exp(row[v]! - max);
      total += max + Math.log(sum) - row[ids[start + t + 1]!]!;
    }
    windows++;
  }
  return { loss: total / (windows * BLOCK), windows };
}

interface Sample {
  dtype: StoryModelDtype;
  prompt: string;
  seed: number;
  text: string;
  newTokens: number;
  stopReason: string;
  firstTokenMs: number | null;
  durationMs: number;
}

interface Result {
  dtype: StoryModelDtype;
  file: string;
  sizeMB: number;
  valLoss: number;
  perplexity: number;
  tokensPerS: number;
  meanFirstTokenMs: number;
  evalSeconds: number;
}

const stories = readStories(valFile);
const results: Result[] = [];
const samples: Sample[] = [];
let name = "";
let tokens: number[] = [];
let windows = 0;
let matchesBin: boolean | null = null;
for (const dtype of dtypes) {
  const file = path.join(modelDir, "onnx", FILES[dtype]);
  progress(`${dtype}: loading ${path.relative(root, file)}`);
  const lm = await loadStoryModel({ dir: modelDir, dtype, device: "cpu", threads: args.data.threads });
  name = lm.name;
  if (!tokens.length) {
    tokens = tokenise(lm, stories);
    matchesBin = checkAgainstBin(tokens);
    if (matchesBin === false) console.warn(`warning: token ids differ from the trainer's ${binFile}`);
  }
  const evalStarted = performance.now();
  const val = await validationLoss(lm, tokens);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
  windows = val.windows;
  progress(
    `${dtype}: val loss ${val.loss.toFixed(4)} over ${val.windows} windows (${evalSeconds.toFixed(1)} s)`,
  );
  let newTokens = 0;
  let ms = 0;
  let firstMs = 0;
  for (const [i, prompt] of PROMPTS.entries()) {
    const seed = i + 1;
    const g = await generateStory(lm, { prompt, seed, ...SAMPLING });
    samples.push({
      dtype,
      prompt,
      seed,
      text: g.promptText + g.text,
      newTokens: g.newTokens,
      stopReason: g.stopReason,
      firstTokenMs: g.firstTokenMs,
      durationMs: g.durationMs,
    });
    newTokens += g.newTokens;
    ms += g.durationMs;
    firstMs += g.firstTokenMs ?? 0;
  }
  results.push({
    dtype,
    file: path.relative(root, file),
    sizeMB: fs.statSync(file).size / 1e6,
    valLoss: val.loss,
    perplexity: Math.exp(val.loss),
    tokensPerS: newTokens / (ms / 1000),
    meanFirstTokenMs: firstMs / PROMPTS.length,
    evalSeconds,
  });
  await lm.model.dispose();
}

const fp32 = results.find((r) => r.dtype === "fp32");
const q8 = results.find((r) => r.dtype === "q8");
const q8MinusFp32 = fp32 && q8 ? q8.valLoss - fp32.valLoss : null;
const validation = {
  file: path.relative(root, valFile),
  stories: stories.length,
  tokens: tokens.length,
  windows,
  block: BLOCK,
  matchesTrainerTokens: matchesBin,
};

if (args.data.json) {
  console.log(
    JSON.stringify(
      {
        model: name,
        dir: path.relative(root, modelDir),
        validation,
        sampling: SAMPLING,
        results,
        q8MinusFp32,
        samples,
      },
      null,
      2,
    ),
  );
} else {
  const lines = [
    `## ${name}: validation and samples`,
    "",
    `Validation: ${validation.file}, ${stories.length} stories, ${tokens.length.toLocaleString("en")} tokens, ` +
      `${windows} windows of ${BLOCK} tokens` +
      (matchesBin === null
        ? ""
        : matchesBin
          ? " (token ids equal the trainer's)"
          : " (token ids DIFFER from the trainer's)"),
    "",
    "| dtype | file size MB | val loss | perplexity | tok/s |",
    "|---|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.dtype} | ${r.sizeMB.toFixed(2)} | ${r.valLoss.toFixed(4)} | ${r.perplexity.toFixed(2)} | ${r.tokensPerS.toFixed(0)} |`,
    ),
    "",
    q8MinusFp32 === null
      ? "No onnx/model_quantized.onnx: run ml/lm/train/quantize.py for q8."
      : `q8 − fp32 val loss: ${q8MinusFp32 >= 0 ? "+" : ""}${q8MinusFp32.toFixed(4)} nats`,
    "",
    `tok/s: new tokens over wall time of the ${PROMPTS.length} samples below (prompt pass included), ` +
      `${args.data.threads} onnxruntime thread(s).`,
    "",
    `### Samples (temperature ${SAMPLING.temperature}, top-k ${SAMPLING.topK}, top-p ${SAMPLING.topP}, ` +
      `up to ${SAMPLING.maxNewTokens} new tokens)`,
  ];
  for (const s of samples) {
    lines.push(
      "",
      `**${s.dtype}, seed ${s.seed}, "${s.prompt}"** (${s.newTokens} tokens, ${s.stopReason})`,
      "",
      ...s.text.split("\n").map((line) => `> ${line}`),
    );
  }
  console.log(lines.join("\n"));
}
