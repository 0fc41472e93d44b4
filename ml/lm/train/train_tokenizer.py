"""A 4,096-piece SentencePiece BPE tokenizer (byte fallback: any text encodes) trained on the training stories
only, then both splits encoded to uint16 token files with BOS before and EOS after every story.

    /usr/bin/python3 ml/lm/train/train_tokenizer.py --dir .cache/lm
Writes <dir>/tokenizer.model, <dir>/train.bin, <dir>/val.bin.
"""
import argparse
import pathlib

import numpy as np
import sentencepiece as spm

SEPARATOR = "<|endoftext|>"
BOS, EOS = 1, 2


def stories(path: pathlib.Path) -> list[str]:
    return [s.strip() for s in path.read_text(encoding="utf-8").split(f"\n{SEPARATOR}\n") if s.strip()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default=".cache/lm")
    parser.add_argument("--vocab", type=int, default=4096)
    args = parser.parse_args()
    d = pathlib.Path(args.dir)
    train = stories(d / "train.txt")
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(train),
        model_prefix=str(d / "tokenizer"),
        model_type="bpe",
        vocab_size=args.vocab,
        byte_fallback=True,
        character_coverage=1.0,
        split_digits=True,
        # Keep text as written (no NFKC): the Hugging Face conversion then needs no normaliser of its own.
        normalization_rule_name="identity",
        unk_id=0,
        bos_id=BOS,
        eos_id=EOS,
        pad_id=-1,
        num_threads=2,
        max_sentence_length=16384,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(d / "tokenizer.model"))
    for name in ("train", "val"):
        ids: list[int] = []
        for story in stories(d / f"{name}.txt"):
            ids += [BOS, *sp.encode(story), EOS]
        np.array(ids, dtype=np.uint16).tofile(d / f"{name}.bin")
        print(f"{name}: {len(ids):,} tokens")


if __name__ == "__main__":
    main()
