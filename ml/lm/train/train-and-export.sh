#!/usr/bin/env bash
# The story model from the corpus to the files the app loads, in one command (`npm run stories:train`):
# data split -> SentencePiece tokenizer -> training -> export (fp32 ONNX with a key/value cache) -> int8 ->
# the shipped validation split -> `npm run stories:eval`. Needs the Debian CPU tool chain (README.md here);
# on a machine with CUDA and a CUDA build of torch, train.py uses the GPU.
#   STORY_DATA   the corpus folder (default ../shared/data/stories)
#   STORY_WORK   scratch (default .cache/lm)
#   STORY_STEPS  training steps (default 2500, about 30 min on 2 CPU cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PYTHON:-/usr/bin/python3}
DATA=${STORY_DATA:-../shared/data/stories}
WORK=${STORY_WORK:-.cache/lm}
STEPS=${STORY_STEPS:-2500}
OUT=ml/lm/story-model

"$PY" ml/lm/train/prepare_data.py --data "$DATA" --out "$WORK"
"$PY" ml/lm/train/train_tokenizer.py --dir "$WORK"
OPENBLAS_NUM_THREADS=1 "$PY" ml/lm/train/train.py --dir "$WORK" --steps "$STEPS" --eval-every 250
"$PY" ml/lm/train/export.py --dir "$WORK" --out "$OUT"
"$PY" ml/lm/train/quantize.py --model "$OUT"
cp "$WORK/val.txt" "$OUT/val-stories.txt"
cp "$WORK/train-log.jsonl" "$OUT/train-log.jsonl"
npm run stories:eval
