"""Exports the best checkpoint in the layout @huggingface/transformers loads offline (story-model-facts.md):
config.json (model_type gpt2), generation_config.json, tokenizer.json + tokenizer_config.json converted from
the SentencePiece model, and onnx/model.onnx with a key/value cache.

    /usr/bin/python3 ml/lm/train/export.py --dir .cache/lm --out models/story
"""
import argparse
import json
import pathlib

import sentencepiece as spm
import torch
from torch import nn

from model import GPT, GPTConfig


class WithCache(nn.Module):
    """The ONNX signature transformers.js drives: ids, mask and positions plus one past key/value per layer in,
    logits and the grown key/values out. The mask is applied (padding support), so it stays in the graph."""

    def __init__(self, model: GPT):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        m = self.model
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(m.h))]
        x = m.wte(input_ids) + m.wpe(position_ids)
        # Additive key mask from attention_mask (batch, past + new): 0 where attended, -1e4 where padded.
        key_mask = (1.0 - attention_mask.to(x.dtype))[:, None, None, :] * -1e4
        presents = []
        for block, layer_past in zip(m.h, past):
            h = block.ln_1(x)
            attn = block.attn
            q, k, v = attn.c_attn(h).split(h.shape[-1], dim=2)
            q, k, v = attn.split(q), attn.split(k), attn.split(v)
            k = torch.cat([layer_past[0], k], dim=2)
            v = torch.cat([layer_past[1], v], dim=2)
            t, s = q.shape[2], k.shape[2]
            att = (q @ k.transpose(-2, -1)) * (attn.head_dim**-0.5)
            att = att.masked_fill(~attn.mask[:, :, s - t : s, :s], float("-inf")) + key_mask
            y = (torch.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(h.shape)
            x = x + attn.c_proj(y)
            x = x + block.mlp(block.ln_2(x))
            presents += [k, v]
        logits = m.ln_f(x) @ m.wte.weight.t()
        return (logits, *presents)


def tokenizer_json(sp: spm.SentencePieceProcessor) -> dict:
    """A Hugging Face BPE tokenizer equal to the SentencePiece one: vocab by id, merges ranked by the merged
    piece's score, byte fallback, Llama-style "▁" handling of spaces."""
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    special = {0, 1, 2}
    merges = []
    for piece, pid in vocab.items():
        if pid in special or sp.is_byte(pid) or len(piece) < 2:
            continue
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in vocab and right in vocab:
                merges.append((sp.get_score(pid), pid, left, right))
    merges.sort(key=lambda m: (-m[0], m[1]))
    added = [
        {"id": i, "content": sp.id_to_piece(i), "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}
        for i in sorted(special)
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        # SentencePiece's default normaliser trims the text and collapses runs of spaces before the dummy prefix.
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Strip", "strip_left": True, "strip_right": True},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "},
            {"type": "Prepend", "prepend": "▁"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
        ]},
        "pre_tokenizer": None,
        # Every story starts with <s>, as in training.
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"},
            {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0},
        ]},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": True,
            "byte_fallback": True,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [f"{l} {r}" for _, _, l, r in merges],
        },
    }


@torch.no_grad()
def check_cache(model: GPT, config: GPTConfig) -> None:
    """The exported graph's cached path must give the full forward pass's logits, token by token."""
    ids = torch.tensor([[1, 423, 434, 261, 397, 4027, 401, 284, 261, 388]])
    full, _, _ = model(ids)
    wrapped = WithCache(model)
    head_dim = config.n_embd // config.n_head
    past = [torch.zeros(1, config.n_head, 0, head_dim) for _ in range(2 * config.n_layer)]
    worst = 0.0
    for t in range(ids.shape[1]):
        out = wrapped(ids[:, t : t + 1], torch.ones(1, t + 1, dtype=torch.int64), torch.tensor([[t]]), *past)
        worst = max(worst, (out[0][0, 0] - full[0, t]).abs().max().item())
        past = list(out[1:])
    if worst > 1e-3:
        raise SystemExit(f"cached logits differ from the full pass by {worst}")
    print(f"cache check: cached and full-pass logits agree to {worst:.2e}")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default=".cache/lm")
    p.add_argument("--out", default="ml/lm/story-model")
    p.add_argument("--ckpt", default="ckpt.pt", help="checkpoint file name inside --dir")
    args = p.parse_args()
    d, out = pathlib.Path(args.dir), pathlib.Path(args.out)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    ckpt = torch.load(d / args.ckpt, map_location="cpu")
    config = GPTConfig(**ckpt["config"])
    config.dropout = 0.0
    model = GPT(config)
    model.load_state_dict(ckpt["model"])
    model.eval()
    sp = spm.SentencePieceProcessor(model_file=str(d / "tokenizer.model"))
    head_dim = config.n_embd // config.n_head

    (out / "config.json").write_text(json.dumps({
        "model_type": "gpt2",
        "architectures": ["GPT2LMHeadModel"],
        "vocab_size": config.vocab_size,
        "n_positions": config.n_positions,
        "n_ctx": config.n_positions,
        "n_layer": config.n_layer,
        "n_head": config.n_head,
        "n_embd": config.n_embd,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "praxis_name": "praxis-story-5m",
    }, indent=2) + "\n")
    (out / "generation_config.json").write_text(json.dumps({
        "bos_token_id": 1, "eos_token_id": 2, "max_length": config.n_positions,
    }, indent=2) + "\n")
    (out / "tokenizer.json").write_text(json.dumps(tokenizer_json(sp), ensure_ascii=False) + "\n")
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "LlamaTokenizer",
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
        "add_bos_token": True, "add_eos_token": False,
        "model_max_length": config.n_positions, "clean_up_tokenization_spaces": False,
        "legacy": False,
    }, indent=2) + "\n")

    check_cache(model, config)
    past_len, new = 3, 2
    past = []
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(config.n_layer):
        for kv in ("key", "value"):
            past.append(torch.zeros(1, config.n_head, past_len, head_dim))
            names_in.append(f"past_key_values.{i}.{kv}")
            names_out.append(f"present.{i}.{kv}")
            axes[f"past_key_values.{i}.{kv}"] = {0: "batch_size", 2: "past_sequence_length"}
            axes[f"present.{i}.{kv}"] = {0: "batch_size", 2: "total_sequence_length"}
    inputs = (
        torch.tensor([[5, 6]]),
        torch.ones(1, past_len + new, dtype=torch.int64),
        torch.tensor([[past_len, past_len + 1]]),
        *past,
    )
    torch.onnx.export(
        WithCache(model), inputs, str(out / "onnx" / "model.onnx"),
        input_names=names_in, output_names=names_out, dynamic_axes=axes, opset_version=17,
        do_constant_folding=True,
    )
    print(f"exported {model.n_params() / 1e6:.2f}M parameters (step {ckpt['step']}, val loss {ckpt['val_loss']:.4f}) to {out}")


if __name__ == "__main__":
    main()
