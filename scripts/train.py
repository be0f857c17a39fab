"""Train the block scorer (cleaner/data/scorer.json) from webeval, reproducibly.

Usage: python scripts/train.py [--data DIR] [--out cleaner/data/scorer.json]

1. Every page's full text is segmented and scanned exactly as ``clean`` does.
   The same pages as trafilatura.extract outputs them are a second source.
2. Block labels come from the annotation snippets: a block that a "with"
   snippet overlaps is main text (1), one a "without" snippet overlaps is
   boilerplate (0); blocks claimed by both, or by neither, are not used.
3. Pages are split by a hash of their id (80% train, 20% held back); five
   small perceptrons (one hidden layer) are fitted on the train blocks with
   full-batch Adam from fixed seeds, so the same data gives the same weights;
   the scorer averages them. Three rounds: each adds the block sequences that
   the previous scorer leaves in clean's fixpoint loop.
4. Block accuracy on both splits is printed; page-level F1 is measured with
   scripts/score_text.py (``--split test``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleaner.classify import BlockInfo, classify, describe_all, scorer_inputs
from cleaner.encoding import EncodingRepair
from cleaner.features import ALL_NAMES
from cleaner.pipeline import MAX_CONTEXT_PASSES
from cleaner.rules import RuleSet
from cleaner.scorer import HIDDEN, Scorer
from cleaner.segment import split_blocks
from cleaner.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score_text import find_webeval, load_inputs, split_of

SEED = 20240601
STEPS = 1500
ROUNDS = 3
MEMBERS = 5  # perceptrons averaged: one alone swings with its seed
# Full-page texts, and an HTML extractor's output of the same pages, so the
# scorer also learns what is left to remove in already-extracted text.
SOURCES = ("text", "trafilatura")
LEARNING_RATE = 0.01
L2 = 1e-4
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def block_labels(texts: list[str], item: dict) -> np.ndarray:
    """1 = main, 0 = boilerplate, -1 = unknown or claimed by both, per block."""
    normed = [norm(t) for t in texts]
    starts, pos = [], 0
    for t in normed:
        starts.append(pos)
        pos += len(t) + 1
    doc = " ".join(normed)
    starts_arr = np.array(starts)
    keep = np.zeros(len(texts), bool)
    drop = np.zeros(len(texts), bool)
    for snippets, mark in ((item["with"], keep), (item["without"], drop)):
        for snippet in snippets:
            s = norm(snippet)
            if not s:
                continue
            at = doc.find(s)
            while at >= 0:
                first = np.searchsorted(starts_arr, at, side="right") - 1
                last = np.searchsorted(starts_arr, at + len(s) - 1, side="right") - 1
                mark[first : last + 1] = True
                at = doc.find(s, at + 1)
    labels = np.full(len(texts), -1)
    labels[keep & ~drop] = 1
    labels[drop & ~keep] = 0
    return labels


@dataclass
class Page:
    key: str
    infos: list[BlockInfo]
    labels: np.ndarray
    test: bool


def load(data: Path) -> list[Page]:
    ann = json.loads((data / "annotations.json").read_text(encoding="utf-8"))
    settings = Settings(language_backend="none")
    repair = EncodingRepair(settings)
    rules = RuleSet(settings.categories)
    pages = []
    inputs = [load_inputs(data, ann, source) for source in SOURCES]
    for key, source_text in ((k, i[k]) for i in inputs for k in sorted(ann)):
        text = repair(source_text).text
        blocks = split_blocks(text)
        if not blocks:
            continue
        hits = rules.scan(text, blocks)
        infos = describe_all([b.text for b in blocks], hits)
        labels = block_labels([b.text for b in blocks], ann[key])
        pages.append(Page(key, infos, labels, split_of(key) == "test"))
    return pages


def states(page: Page, scorer: Scorer | None) -> list[np.ndarray]:
    """The alive block indices at each context pass of ``clean`` (just one without a scorer)."""
    alive = np.arange(len(page.infos))
    if scorer is None:
        return [alive]
    seen = [alive]
    for _ in range(MAX_CONTEXT_PASSES):
        verdicts = classify([page.infos[i] for i in alive], scorer)
        keep = np.array([v is None for v in verdicts], dtype=bool)
        if keep.all():
            break
        alive = alive[keep]
        if not len(alive):
            break
        seen.append(alive)
    return seen


def rows(pages: list[Page], scorer: Scorer | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows of the labelled blocks in every pass state the scorer leads to."""
    xs, ys, tests = [], [], []
    for page in pages:
        for alive in states(page, scorer):
            infos = [page.infos[i] for i in alive]
            x = scorer_inputs(
                [b.text for b in infos], [b.hit for b in infos], [b.features for b in infos]
            )
            y = page.labels[alive]
            use = y >= 0
            xs.append(x[use])
            ys.append(y[use])
            tests.append(np.full(int(use.sum()), page.test))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(tests)


def fit(x: np.ndarray, y: np.ndarray, seed: int = SEED) -> dict:
    """Full-batch Adam on a one-hidden-layer perceptron; returns the weights as lists."""
    rng = np.random.default_rng(seed)
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    d = z.shape[1]
    params = {
        "w1": rng.normal(0, 1 / np.sqrt(d), (d, HIDDEN)),
        "b1": np.zeros(HIDDEN),
        "w2": rng.normal(0, 1 / np.sqrt(HIDDEN), HIDDEN),
        "b2": np.zeros(1),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    # Balance the classes so the threshold 0.5 means "as likely main as not".
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    for step in range(1, STEPS + 1):
        h = np.tanh(z @ params["w1"] + params["b1"])
        p = 1 / (1 + np.exp(-(h @ params["w2"] + params["b2"][0])))
        g = weight * (p - y) / len(y)
        grads = {
            "w2": h.T @ g + L2 * params["w2"],
            "b2": np.array([g.sum()]),
        }
        gh = np.outer(g, params["w2"]) * (1 - h**2)
        grads["w1"] = z.T @ gh + L2 * params["w1"]
        grads["b1"] = gh.sum(0)
        for k, grad in grads.items():
            m, v = moments[k]
            m[:] = 0.9 * m + 0.1 * grad
            v[:] = 0.999 * v + 0.001 * grad**2
            m_hat = m / (1 - 0.9**step)
            v_hat = v / (1 - 0.999**step)
            params[k] -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + 1e-8)
    return {
        "mean": mean.tolist(),
        "std": std.tolist(),
        **{k: v.tolist() for k, v in params.items()},
    }


def fit_ensemble(x: np.ndarray, y: np.ndarray) -> dict:
    """``MEMBERS`` perceptrons from consecutive seeds, stacked member-first."""
    fits = [fit(x, y, SEED + k) for k in range(MEMBERS)]
    out = {"mean": fits[0]["mean"], "std": fits[0]["std"]}
    for key in ("w1", "b1", "w2", "b2"):
        out[key] = [f[key] for f in fits]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--out", type=Path, default=Path("cleaner/data/scorer.json"))
    args = ap.parse_args()
    data = args.data or find_webeval()
    started = time.perf_counter()
    pages = load(data)
    scorer = None
    xs, ys, tests = [], [], []
    for round_ in range(ROUNDS):
        # Each round adds the states the previous scorer leads clean's fixpoint
        # loop into, so the final scorer is trained where it will be applied.
        x, y, test = rows(pages, scorer)
        xs.append(x)
        ys.append(y)
        tests.append(test)
        x, y, test = np.vstack(xs), np.concatenate(ys), np.concatenate(tests)
        print(f"round {round_}: rows {len(y)} (main {int(y.sum())}), held back {int(test.sum())}")
        weights = fit_ensemble(x[~test], y[~test])
        weights["features"] = list(ALL_NAMES)
        scorer = Scorer.from_dict(weights)
    weights["trained_on"] = "webeval pages whose sha256(id) first byte < 0.8*256"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
    for name, part in (("train", ~test), ("held-out", test)):
        pred = scorer.probabilities(x[part]) >= 0.5
        acc = (pred == (y[part] == 1)).mean()
        print(f"{name} block accuracy: {acc:.4f} ({int(part.sum())} blocks)")
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
