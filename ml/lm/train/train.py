"""Trains the story model on <dir>/train.bin, evaluates on <dir>/val.bin, keeps the best checkpoint.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 ml/lm/train/train.py --dir .cache/lm --minutes 40

CPU: bf16 autocast with two torch threads (shared/notes/story-model-facts.md); a CUDA device is used when
present. Deterministic for a seed on one device. Writes <dir>/ckpt.pt and <dir>/train-log.jsonl.
"""
import argparse
import json
import math
import pathlib
import time
from dataclasses import asdict

import numpy as np
import torch

from model import GPT, GPTConfig


def batches(data: np.ndarray, block: int, batch: int, gen: torch.Generator):
    while True:
        ix = torch.randint(len(data) - block - 1, (batch,), generator=gen)
        x = torch.stack([torch.from_numpy(data[i : i + block].astype(np.int64)) for i in ix])
        y = torch.stack([torch.from_numpy(data[i + 1 : i + 1 + block].astype(np.int64)) for i in ix])
        yield x, y


@torch.no_grad()
def evaluate(model: GPT, data: np.ndarray, block: int, device: str, autocast) -> float:
    """Mean per-token loss over every full window of the validation split (no sampling noise)."""
    model.eval()
    losses, counts = 0.0, 0
    starts = range(0, len(data) - block - 1, block)
    for s in range(0, len(starts), 16):
        chunk = starts[s : s + 16]
        x = torch.stack([torch.from_numpy(data[i : i + block].astype(np.int64)) for i in chunk]).to(device)
        y = torch.stack([torch.from_numpy(data[i + 1 : i + 1 + block].astype(np.int64)) for i in chunk]).to(device)
        with autocast():
            _, loss, _ = model(x, y)
        losses += loss.item() * len(chunk)
        counts += len(chunk)
    model.train()
    return losses / max(1, counts)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default=".cache/lm")
    p.add_argument("--layers", type=int, default=5)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--context", type=int, default=512)
    p.add_argument("--block", type=int, default=256)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: use --minutes)")
    p.add_argument("--minutes", type=float, default=40)
    p.add_argument("--eval-every", type=int, default=200)
    p.add_argument("--seed", type=int, default=1337)
    args = p.parse_args()
    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        torch.set_num_threads(2)
    d = pathlib.Path(args.dir)
    train = np.fromfile(d / "train.bin", dtype=np.uint16)
    val = np.fromfile(d / "val.bin", dtype=np.uint16)
    config = GPTConfig(
        n_positions=args.context, n_layer=args.layers, n_head=args.heads, n_embd=args.dim, dropout=args.dropout
    )
    model = GPT(config).to(device)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
        betas=(0.9, 0.95),
    )
    dtype = torch.bfloat16
    autocast = lambda: torch.autocast(device, dtype=dtype)  # noqa: E731
    print(f"{model.n_params() / 1e6:.2f}M parameters, {len(train):,} train / {len(val):,} val tokens, {device}")
    gen = torch.Generator().manual_seed(args.seed)
    it = batches(train, args.block, args.batch, gen)
    budget = args.minutes * 60
    # Step budget for the schedule: measured from the first steps when running on a time budget.
    total = args.steps or None
    warmup = 100
    best = math.inf
    log = open(d / "train-log.jsonl", "w")
    started = time.time()
    step = 0
    tokens = 0
    while True:
        if total is None and step == 50:
            per_step = (time.time() - started) / 50
            total = max(100, int(budget / per_step))
            print(f"{per_step * 1000:.0f} ms/step: planning {total} steps")
        horizon = total or 10_000
        lr = args.lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / horizon))))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = next(it)
        with autocast():
            _, loss, _ = model(x.to(device), y.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += x.numel()
        done = total is not None and step >= total
        if step % args.eval_every == 0 or done:
            val_loss = evaluate(model, val, args.block, device, autocast)
            elapsed = time.time() - started
            row = {
                "step": step,
                "tokens": tokens,
                "epochs": tokens / len(train),
                "train_loss": loss.item(),
                "val_loss": val_loss,
                "lr": lr,
                "tokens_per_s": tokens / elapsed,
                "seconds": elapsed,
            }
            log.write(json.dumps(row) + "\n")
            log.flush()
            print(json.dumps(row))
            if val_loss < best:
                best = val_loss
                torch.save({"model": model.state_dict(), "config": asdict(config), "step": step, "val_loss": val_loss, "args": vars(args)}, d / "ckpt.pt")
        if done:
            break
    print(f"best val loss {best:.4f} (perplexity {math.exp(best):.2f})")


if __name__ == "__main__":
    main()
