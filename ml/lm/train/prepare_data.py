"""Story corpus for the story model: TinyStories (CDLA-Sharing-1.0) from shared/data/stories, split by story.

Only the original-case file is used: the all-lowercase copy would teach the model to drop capitals, and the
Gutenberg fairy tales are 19th-century prose far harder than a few-million-parameter model can learn from
this little data (shared/data/stories/SOURCE.md). Stories are de-duplicated, shuffled with a fixed seed and
5% of them held out for validation. Writes <out>/train.txt and <out>/val.txt, one story per block, blocks
separated by a line holding only <|endoftext|>.

    /usr/bin/python3 ml/lm/train/prepare_data.py --data ../shared/data/stories --out .cache/lm
"""
import argparse
import hashlib
import pathlib
import random

SEPARATOR = "<|endoftext|>"


def read_stories(path: pathlib.Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    stories = []
    seen = set()
    for block in text.split(SEPARATOR):
        story = "\n".join(line.strip() for line in block.strip().splitlines()).strip()
        # Very short fragments are cut-off heads of stories, not stories.
        if len(story) < 200:
            continue
        key = hashlib.sha1(story.encode()).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        stories.append(story)
    return stories


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="../shared/data/stories")
    parser.add_argument("--out", default=".cache/lm")
    parser.add_argument("--val-fraction", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1337)
    args = parser.parse_args()
    stories = read_stories(pathlib.Path(args.data) / "tinystories" / "tinystories_00.txt")
    random.Random(args.seed).shuffle(stories)
    n_val = max(1, round(len(stories) * args.val_fraction))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, part in (("val", stories[:n_val]), ("train", stories[n_val:])):
        (out / f"{name}.txt").write_text(f"\n{SEPARATOR}\n".join(part) + "\n", encoding="utf-8")
        chars = sum(len(s) for s in part)
        print(f"{name}: {len(part)} stories, {chars:,} characters")


if __name__ == "__main__":
    main()
