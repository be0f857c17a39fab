"""Score cleaner's text mode on webeval, quickly, for development.

Usage:
    python scripts/score_text.py [--source text|trafilatura|readability|justext|newspaper|
        goose|boilerpy|resiliparse]
        [--split all|train|test] [--out PRED.jsonl] [--raw] [--worst N]

``--source text`` cleans the full-page texts (webeval/text/ID.txt); the other
sources clean an HTML extractor's output (``scripts/extractors.py``, run in a
process pool with a per-page timeout, cached under ``.cache/``), and also
score the extractor alone, so the before/after of post-processing is printed
from the same run. Scoring matches ../shared/tools/score_webeval.py
(whitespace-normalized substring matching of the "with"/"without" snippets).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

from cleaner import Cleaner, Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extractors import EXTRACTORS

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
TEST_SHARE = 0.2  # the held-back split: pages whose id hashes into the last 20%


def find_webeval() -> Path:
    """The webeval folder: shared/ beside the repo, or beside its worktree folder."""
    for base in (ROOT.parent, ROOT.parent.parent, ROOT.parent.parent.parent):
        candidate = base / "shared" / "data" / "webeval"
        if candidate.is_dir():
            return candidate
    raise SystemExit("cannot find shared/data/webeval; pass --data")


def split_of(page_id: str) -> str:
    """'test' for the held-back pages (stable hash of the id), else 'train'.

    >>> split_of("2c1f41b0c9f4dd38") in ("train", "test")
    True
    """
    digest = hashlib.sha256(page_id.encode()).digest()
    return "test" if digest[0] / 256 >= 1 - TEST_SHARE else "train"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def score(ann: dict, preds: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for key, item in ann.items():
        res = norm(preds.get(key, ""))
        t = sum(1 for w in item["with"] if norm(w) in res)
        f = sum(1 for w in item["without"] if norm(w) in res)
        tp, fp = tp + t, fp + f
        fn += len(item["with"]) - t
        tn += len(item["without"]) - f
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def load_inputs(data: Path, ann: dict, source: str, jobs: int = 2) -> dict[str, str]:
    """The texts to clean: full-page texts, or an extractor's (cached) output."""
    if source == "text":
        return {k: (data / "text" / f"{k}.txt").read_text(encoding="utf-8") for k in ann}
    from extractors import load_or_extract

    return {k: r.text for k, r in load_or_extract(source, data, sorted(ann), jobs).items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--source", default="text", choices=("text", *EXTRACTORS))
    ap.add_argument("--jobs", type=int, default=2, help="extractor workers (uncached pages)")
    ap.add_argument("--split", default="all", choices=("all", "train", "test"))
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "webeval_text.jsonl")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages losing most")
    args = ap.parse_args()
    data = args.data or find_webeval()
    ann = json.loads((data / "annotations.json").read_text(encoding="utf-8"))
    if args.split != "all":
        ann = {k: v for k, v in ann.items() if split_of(k) == args.split}
    inputs = load_inputs(data, ann, args.source, args.jobs)
    cleaner = Cleaner(Settings(language_backend="none"))
    preds = {}
    start = time.perf_counter()
    for k, text in inputs.items():
        if k in ann:
            preds[k] = cleaner.clean(text).text
    elapsed = time.perf_counter() - start
    chars = sum(len(inputs[k]) for k in preds)
    before = score(ann, {k: inputs[k] for k in preds})
    after = score(ann, preds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for k, v in preds.items():
            fh.write(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n")
    print(f"source={args.source} split={args.split} pages={len(preds)}")
    for name, s in (("input", before), ("cleaned", after)):
        print(
            f"{name:8s} P={s['precision']:.4f} R={s['recall']:.4f} F1={s['f1']:.4f} "
            f"(tp={s['tp']} fp={s['fp']} fn={s['fn']})"
        )
    print(f"throughput={chars / elapsed / 1e6:.2f} MB/s (chars/s, language_backend=none)")
    if args.worst:
        losses = []
        for k, item in ann.items():
            res = norm(preds.get(k, ""))
            lost = [w for w in item["with"] if norm(w) not in res]
            kept = [w for w in item["without"] if norm(w) in res]
            if lost or kept:
                losses.append((len(lost) + len(kept), k, lost, kept))
        for _, k, lost, kept in sorted(losses, reverse=True)[: args.worst]:
            print(f"--- {k} lost={len(lost)} kept_bad={len(kept)}")
            for w in lost:
                print(f"   LOST {w[:110]!r}")
            for w in kept:
                print(f"   KEPT {w[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
