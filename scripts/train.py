"""Train the block scorer (cleaner/data/scorer.json) from webeval, reproducibly.

Usage: python scripts/train.py [--data DIR] [--out cleaner/data/scorer.json]
       [--steps N] [--l2 X] [--hidden N] [--members N] [--rounds N] [--no-early-stop]
       [--no-stack] [--weak] [--no-weak-lexicon] [--weak-keep MAIN OTHER]
       [--more-sources NAME ...] [--no-eval]
       [--no-lexicon] [--lexicon-l2 X] [--lexicon-min-pages N]
       [--cv K] [--cv-byte B] [--threshold-grid] [--cv-out DIR]

1. Every page's full text is segmented and scanned exactly as ``clean`` does.
   The same pages as trafilatura.extract outputs them are a second source.
2. Block labels come from the annotation snippets: a block that a "with"
   snippet overlaps is main text (1), one a "without" snippet overlaps is
   boilerplate (0); blocks claimed by both, or by neither, are not used
   (``--weak`` labels a sample of the latter by trafilatura's output of the
   page, at a lower weight: tried, not shipped, see ``WEAK_SOURCE``).
   The lexicon (``cleaner.scorer.Lexicon``) is fitted first: a ridge logistic
   regression over each labelled block's hashed words, word pairs, first and
   last word (``cleaner.features.lexical_tokens``), by full-batch Adam from
   zeros; tokens seen on fewer than ``LEXICON_MIN_PAGES`` full pages get no
   weight (they name a site, not a kind of text). The perceptrons' rows get its
   logits out of fold (``lexical_logits``: each page's from a lexicon fitted on
   the other inner folds' pages), the logits of the neighbours and the token
   count (``LEX_NAMES``). 5-fold CV (folds by hash byte 2): text F1 0.8844
   without it, 0.8984 with its logit alone, 0.8975 with ``LEX_NAMES`` (kept: the
   mean over the five threshold shifts is 0.8975 against 0.8961, and the
   post-processing gains are as large or larger); with 2**16 buckets instead of
   2**15 (fewer words share a weight), 0.9010 (mean over the shifts 0.8990), the
   post-processing gains unchanged: shipped.
   The lexicon also learns from ``WEAK_SOURCE``'s labels of a sample of the blocks no
   snippet covers (``Config.weak_lexicon``; the perceptrons' rows keep the annotators'
   labels alone): its words then meet menus, footers and article lines from every
   page, not ~6 blocks a page. 5-fold CV text F1 (folds by hash byte 2 / 3 / 4, together
   with the prose-boilerplate rules of the same commit): 0.9029 / 0.9047 / 0.9043 against
   0.9010 / 0.9051 / 0.9020 before both (mean +0.0013: within the draws' noise); held-out
   split 0.9063 against 0.8936. Post-processing gains stay positive for all seven
   extractors and move by -0.0006..+0.0008 (resiliparse +0.0014..+0.0027).
   A larger weak sample (all main, 30% other) or ``lexicon_min_pages`` 3 did worse
   on the first folds (stopped).
   With the comment-header forms added next (counts, the reply form's cancel link):
   0.9039 (byte 2) and 0.9046 (byte 4); held-out split 0.9029, all pages 0.9238.
   Moving one threshold alone (``--threshold-grid``, byte 2) changed text F1 by at most
   +0.002: noise, thresholds kept.
   With the rules for a site's own furniture added next (``<Site> Newsletter`` headings,
   blog post footers, bylines ending with a comment count, previous/next post links,
   "Quelle:" credits, consent boxes, more related labels and headers in several
   languages, and the weak ``site_prompt``: follow us, the site's app or channel,
   subscriber notices, licence notes): 5-fold CV text F1 0.9039 -> 0.9096 (byte 2) and
   0.9046 -> 0.9095 (byte 3); post-processing gains (byte 2 / byte 3) trafilatura
   +0.0063 / +0.0061 -> +0.0084 / +0.0088, readability +0.0061 / +0.0063 -> +0.0078 /
   +0.0080, justext +0.0134 / +0.0134 -> +0.0146 / +0.0144, newspaper +0.0040 / +0.0037
   -> +0.0046 / +0.0043, goose +0.0023 / +0.0021 -> +0.0030 / +0.0030, boilerpy +0.0279 /
   +0.0283 -> +0.0312 / +0.0310, resiliparse +0.0495 / +0.0485 -> +0.0535 / +0.0525.
   Tried then, not kept: ``--lexicon-min-pages 6`` (byte 2: 0.9089 after four folds,
   against 0.9120), the page gate's threshold at 0.4 / 0.6 / 0.7 and ``EDGE_MAX_WORDS`` at
   6 / 8 / 10 (all-pages and held-out F1 within +-0.001 of the shipped values).
3. Pages are split by a hash of their id (80% train, 20% held back); small
   perceptrons (one hidden layer) are fitted on the train blocks with
   full-batch Adam from fixed seeds, so the same data gives the same weights;
   the scorer averages them. Each member stops early at the step where its
   loss on an inner validation part of the train pages (a second hash of the
   id) was lowest: the pages are few, and a longer fit learns their sites.
   Three rounds: each adds the block sequences that the previous scorer leaves
   in clean's fixpoint loop.
   In each round a second ensemble (the stacked stage, ``Scorer.second``) is fitted
   on the same rows plus ``STACK_NAMES``, the first stage's scores around each
   block; on the train pages those come from the member that did not train on
   the page (out of fold), so the second stage learns how far to trust scores
   as they are on unseen pages. ``--no-stack`` ships the first stage alone.
4. Block accuracy on both splits is printed, and (unless ``--no-eval``) the page-level
   F1 of the text mode (held-out split and all pages, as scripts/score_text.py
   measures it) and of trafilatura post-processing. ``--cv K`` instead trains K
   scorers, each without one of K page folds, and scores every page with the
   scorer that never saw it: the estimate used to choose the settings
   (``--cv-byte`` draws other folds, to see how much a difference is noise).
   Measured (text F1 at the shipped thresholds, folds by hash byte 2 / 3 / 4):
   first stage alone 0.8820 / 0.8791 / 0.8768, stacked 0.8799 / 0.8845 / 0.8829
   (mean +0.003; over the five threshold shifts tried, +0.004). Trafilatura
   post-processing is unchanged (0.9264-0.9267 either way).
   Tried and not kept: neighbours' own features (``prev_stop_ratio``...) in the
   first stage (0.860 and 0.871 on the first two folds, against 0.863 and 0.877),
   training only on the pass states the hand gate (before the learned page gate) let
   classify score (0.8780; the learned gate's form is ``--extracted-pages gated``),
   the first-stage scores' page rank and mean in the second stage (0.8797),
   those and readability's output as a third source (``--more-sources``: 0.8797).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# One BLAS thread: sums in the same order on any machine, so the same weights.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np

from cleaner import classify as classify_module
from cleaner.classify import (
    GATE_NAMES,
    BlockInfo,
    PageGate,
    classify,
    describe_all,
    page_gate_features,
    scorer_inputs,
)
from cleaner.encoding import EncodingRepair
from cleaner.features import (
    ALL_NAMES,
    LEX_NAMES,
    LEXICAL_BITS,
    STACK_NAMES,
    lexical_buckets,
    lexical_features,
    lexical_tokens,
)
from cleaner.pipeline import MAX_CONTEXT_PASSES, Cleaner
from cleaner.rules import RuleSet
from cleaner.scorer import HIDDEN, Lexicon, Scorer, stacked_columns
from cleaner.segment import split_blocks
from cleaner.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extractors import EXTRACTORS
from score_text import find_webeval, load_inputs, score, split_of

SEED = 20240601
# Full-page texts, and an HTML extractor's output of the same pages, so the
# scorer also learns what is left to remove in already-extracted text.
SOURCES = ("text", "trafilatura")
# The page gate (classify.is_whole_page) learns full-page texts (1) against these
# extractors' outputs of the same pages (0): trafilatura is a dependency, the
# other two are in the ``train`` extra.
GATE_SOURCES = ("trafilatura", "readability", "justext")
GATE_L2 = 1.0  # ridge penalty on the standardised gate weights
GATE_NEWTON_STEPS = 30
INNER_FOLDS = 5  # early stopping watches one fifth of the train pages
CHECK_EVERY = 25  # steps between two looks at the validation loss...
PATIENCE = 12  # ...and the looks without a new best after which the fit stops
_SPACES = re.compile(r"\s+")
# Most blocks of a page are in no annotation snippet; with --weak, those of the
# full-page texts are labelled by what an extractor kept of the page, at a
# lower weight than the annotators' labels.
WEAK_SOURCE = "trafilatura"
WEAK_WEIGHT = 0.3
WEAK_MIN_CHARS = 20  # a shorter line in its output may be a menu label it kept
# Share of the weak labels used (a fixed random sample): all of them would be
# twenty times the annotated blocks, mostly menu lines.
WEAK_KEEP_MAIN = 0.3
WEAK_KEEP_OTHER = 0.05


# The lexicon (cleaner.scorer.Lexicon): ridge logistic regression on the hashed tokens,
# full-batch Adam from zeros (deterministic).
LEXICON_L2 = 1e-4
LEXICON_STEPS = 300
LEXICON_RATE = 0.05
# A token seen on fewer training pages than this gets no weight: it names a site or a
# page, not a kind of text (at run time it only adds its bucket's noise).
LEXICON_MIN_PAGES = 4
LEXICON_SCALE_STEPS = 9999  # weights are shipped as whole multiples of max|w| / this


@dataclass(frozen=True)
class Config:
    """The training settings (the defaults are what ``make train`` ships)."""

    steps: int = 1500
    # Chosen by ``--cv 5`` (out-of-fold text F1): 1e-4 0.8789, 3e-3 0.8814, 1e-2 0.8766.
    l2: float = 3e-3
    hidden: int = HIDDEN
    members: int = 5  # perceptrons averaged: one alone swings with its seed
    rounds: int = 3
    learning_rate: float = 0.01
    early_stop: bool = True
    # Which extractor-output pages (``SOURCES``) train the scorer: all, none, or
    # "gated": those the page gate lets it see.
    extracted_pages: str = "all"
    # Whether the training states are those of a scorer free to remove blocks inside
    # the article on every page the gate passes (classify.GATE_SURE at 0), or the
    # shipped classify's, where a page below GATE_SURE loses only its edges.
    free_states: bool = True
    stack: bool = True  # a second stage over the first one's scores of the neighbours
    # A lexicon (a logistic model of the blocks' hashed words) as one more first-stage input.
    lexicon: bool = True
    lexicon_l2: float = LEXICON_L2
    lexicon_min_pages: int = LEXICON_MIN_PAGES
    # Extractor labels (``WEAK_SOURCE``) of the unannotated blocks: for the lexicon (its
    # words see twenty times the blocks; ``--no-weak-lexicon`` turns it off), and for the
    # perceptrons' rows too with ``--weak`` (tried, not shipped).
    weak_lexicon: bool = True
    weak_rows: bool = False


def norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold_of(page_id: str, folds: int, byte: int = 1) -> int:
    """A stable fold number of a page id (another byte of the hash than ``split_of``'s)."""
    return hashlib.sha256(page_id.encode()).digest()[byte] % folds


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


def extractor_labels(texts: list[str], extracted: str) -> np.ndarray:
    """Weak labels from an extractor's output of the same page, for the unannotated blocks.

    1 = the block is one of the extractor's lines (it judged it main text),
    0 = the block appears nowhere in its output, -1 = neither for sure.
    """
    lines = {norm(t) for t in extracted.splitlines()}
    lines.discard("")
    flat = norm(extracted)
    out = np.full(len(texts), -1)
    for i, t in enumerate(texts):
        s = norm(t)
        if len(s) >= WEAK_MIN_CHARS and s in lines:
            out[i] = 1
        elif s not in flat:
            out[i] = 0
    return out


@dataclass
class Page:
    key: str
    infos: list[BlockInfo]
    labels: np.ndarray
    test: bool
    weak: np.ndarray | None = None  # ``extractor_labels`` of the unannotated blocks
    extracted: bool = False  # an extractor's output, not a full-page text
    # ``lexical_tokens`` of the blocks: per token its block and hash, per block its tokens.
    tokens: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def load(
    data: Path,
    weak: bool = False,
    sources: tuple[str, ...] = SOURCES,
    weak_keep: tuple[float, float] = (WEAK_KEEP_MAIN, WEAK_KEEP_OTHER),
) -> list[Page]:
    ann = json.loads((data / "annotations.json").read_text(encoding="utf-8"))
    settings = Settings(language_backend="none")
    repair = EncodingRepair(settings)
    rules = RuleSet(settings.categories)
    pages = []
    inputs = [load_inputs(data, ann, source) for source in SOURCES]
    for source in sources[len(SOURCES) :]:  # experiments: straight from the extractor cache
        cached = Path(__file__).resolve().parent.parent / ".cache" / f"webeval_{source}.jsonl"
        with cached.open(encoding="utf-8") as fh:
            have = {r["id"]: r["text"] for r in map(json.loads, fh)}
        inputs.append({k: have.get(k, "") for k in ann})
    weak_source = load_inputs(data, ann, WEAK_SOURCE) if weak else None
    for n, key in ((n, k) for n in range(len(inputs)) for k in sorted(ann)):
        source_text = inputs[n][key]
        text = repair(source_text).text
        blocks = split_blocks(text)
        if not blocks:
            continue
        hits = rules.scan(text, blocks)
        infos = describe_all([b.text for b in blocks], hits)
        texts = [b.text for b in blocks]
        labels = block_labels(texts, ann[key])
        weak = None
        if weak_source is not None and source_text is inputs[0][key]:
            weak = np.where(labels < 0, extractor_labels(texts, weak_source[key]), -1)
            rng = np.random.default_rng([SEED, fold_of(key, 1 << 16)])
            keep = rng.random(len(weak)) < np.where(weak == 1, *weak_keep)
            weak[~keep] = -1
        page = Page(key, infos, labels, split_of(key) == "test", weak, sources[n] != "text")
        page.tokens = lexical_tokens(texts)
        pages.append(page)
    return pages


def gate_features(data: Path, keys: list[str], source: str) -> np.ndarray:
    """``page_gate_features`` of every page of ``source`` (as ``clean``'s first pass sees it)."""
    ann = {k: None for k in keys}
    settings = Settings(language_backend="none")
    repair = EncodingRepair(settings)
    rules = RuleSet(settings.categories)
    out = []
    inputs = load_inputs(data, ann, source)
    for key in sorted(inputs):
        text = repair(inputs[key]).text
        blocks = split_blocks(text)
        if not blocks:
            continue
        infos = describe_all([b.text for b in blocks], rules.scan(text, blocks))
        x = scorer_inputs([b.text for b in infos], [b.hit for b in infos],
                          [b.features for b in infos])  # fmt: skip
        out.append(page_gate_features(x, infos))
    return np.array(out).reshape(-1, len(GATE_NAMES))


def fit_gate(x: np.ndarray, y: np.ndarray) -> dict:
    """Ridge logistic regression by Newton's method (deterministic), classes balanced."""
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = np.column_stack([(x - mean) / std, np.ones(len(x))])
    weight = _class_weights(y)
    penalty = GATE_L2 * np.eye(z.shape[1])
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    beta = np.zeros(z.shape[1])
    for _ in range(GATE_NEWTON_STEPS):
        p = 1 / (1 + np.exp(-(z @ beta)))
        grad = z.T @ (weight * (p - y)) + penalty @ beta
        hess = (z * (weight * p * (1 - p))[:, None]).T @ z + penalty
        beta -= np.linalg.solve(hess, grad)
    return {"features": list(GATE_NAMES), "mean": mean.tolist(), "std": std.tolist(),
            "weights": beta[:-1].tolist(), "bias": float(beta[-1])}  # fmt: skip


def train_gate(data: Path, keys: list[str], log=print) -> dict:
    """The page gate fitted on the ``keys`` pages: full-page text against ``GATE_SOURCES``."""
    parts = [gate_features(data, keys, "text")]
    parts += [gate_features(data, keys, source) for source in GATE_SOURCES]
    x = np.vstack(parts)
    y = np.concatenate([np.ones(len(parts[0]))] + [np.zeros(len(p)) for p in parts[1:]])
    weights = fit_gate(x, y)
    gate = PageGate.from_dict(weights)
    share = [np.mean([gate.probability(r) >= 0.5 for r in p]) for p in parts]
    log("page gate, share judged whole pages: " + ", ".join(
        f"{s} {v:.3f}" for s, v in zip(("text", *GATE_SOURCES), share, strict=True)))  # fmt: skip
    return weights


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


@dataclass
class Rows:
    """Labelled feature rows, with the page each row comes from."""

    x: np.ndarray
    y: np.ndarray
    page: np.ndarray  # index into the page list
    w: np.ndarray  # 1 for annotated blocks, ``WEAK_WEIGHT`` for weakly labelled ones

    def take(self, mask: np.ndarray) -> Rows:
        return Rows(self.x[mask], self.y[mask], self.page[mask], self.w[mask])

    @staticmethod
    def stack(parts: list[Rows]) -> Rows:
        return Rows(
            np.vstack([p.x for p in parts]),
            np.concatenate([p.y for p in parts]),
            np.concatenate([p.page for p in parts]),
            np.concatenate([p.w for p in parts]),
        )


def scored_where(page: Page, extracted_pages: str) -> bool:
    """Whether a page's blocks are training rows: full-page texts always; an extractor's
    output always ("all"), never ("none") or where the page gate lets the scorer see it."""
    if not page.extracted or extracted_pages == "all":
        return True
    if extracted_pages == "none":
        return False
    x = scorer_inputs([b.text for b in page.infos], [b.hit for b in page.infos],
                      [b.features for b in page.infos])  # fmt: skip
    return classify_module.whole_page_probability(x, page.infos) >= classify_module.GATE_THRESHOLD


def rows(
    pages: list[Page],
    state_set: dict[int, list[np.ndarray]],
    first: list[Scorer] | None = None,
    extracted_pages: str = "all",
    lexical: dict[int, np.ndarray] | None = None,
    weak_rows: bool = True,
) -> Rows:
    """Feature rows of the labelled blocks of the pages in ``state_set`` (page index -> the
    alive block indices of each pass state, ``states``), of the pages ``extracted_pages``
    admits (``scored_where``).

    With ``first`` (one first-stage scorer per inner fold, ``member_scorers``), each row
    also holds ``STACK_NAMES``, from the scores of the scorer that did not train on the page.
    With ``lexical`` (page index -> its blocks' out-of-fold lexicon logits, ``lexical_logits``)
    the first-stage rows end with ``LEX_NAMES``.
    """
    xs, ys, owners, ws = [], [], [], []
    for n, seen in state_set.items():
        page = pages[n]
        if not scored_where(page, extracted_pages):
            continue
        for alive in seen:
            infos = [page.infos[i] for i in alive]
            x = scorer_inputs(
                [b.text for b in infos], [b.hit for b in infos], [b.features for b in infos]
            )
            if lexical is not None:
                x = np.hstack((x, lexical_features(lexical[n][alive])))
            if first is not None:
                p = first[fold_of(page.key, INNER_FOLDS)].ensemble_probabilities(x)
                # The stacked features as Scorer.probabilities makes them (its kernel's
                # code when built), so the second stage learns the bits it will meet.
                x = np.hstack((x, stacked_columns(x, p)))
            y = page.labels[alive]
            w = (y >= 0).astype(np.float64)
            if page.weak is not None and weak_rows:
                weak = page.weak[alive]
                y = np.where(y >= 0, y, weak)
                w[weak >= 0] = WEAK_WEIGHT
            use = y >= 0
            xs.append(x[use])
            ys.append(y[use])
            ws.append(w[use])
            owners.append(np.full(int(use.sum()), n))
    return Rows(np.vstack(xs), np.concatenate(ys), np.concatenate(owners), np.concatenate(ws))


def member_scorers(weights: dict, config: Config) -> list[Scorer]:
    """Per inner fold, a scorer that never trained on that fold's pages: the member that
    watched it (``fit_ensemble``), or the whole ensemble without early stopping."""
    scorer = Scorer.from_dict(weights)
    if not config.early_stop or config.members < INNER_FOLDS:
        return [scorer] * INNER_FOLDS
    return [
        Scorer(
            scorer.mean,
            scorer.std,
            scorer.w1[k : k + 1],
            scorer.b1[k : k + 1],
            scorer.w2[k : k + 1],
            scorer.b2[k : k + 1],
        )
        for k in range(INNER_FOLDS)
    ]


def _forward(params: dict, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h = np.tanh(z @ params["w1"] + params["b1"])
    p = 1 / (1 + np.exp(-(h @ params["w2"] + params["b2"][0])))
    return h, p


def _loss(params: dict, z: np.ndarray, y: np.ndarray, weight: np.ndarray) -> float:
    p = np.clip(_forward(params, z)[1], 1e-6, 1 - 1e-6)
    return float(-(weight * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / weight.sum())


def _class_weights(y: np.ndarray) -> np.ndarray:
    # Balance the classes so the threshold 0.5 means "as likely main as not".
    return np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))


def fit(
    x: np.ndarray,
    y: np.ndarray,
    config: Config,
    seed: int = SEED,
    val: tuple[np.ndarray, np.ndarray] | None = None,
    sample_weight: np.ndarray | None = None,
) -> dict:
    """Full-batch Adam on a one-hidden-layer perceptron; returns the weights as lists.

    With ``val`` (rows and labels not trained on), the weights returned are
    those of the step where the loss on ``val`` was lowest.
    """
    rng = np.random.default_rng(seed)
    mean, std = x.mean(0), x.std(0) + 1e-6
    # Single precision: three times faster, and the fit needs no more.
    z = ((x - mean) / std).astype(np.float32)
    y = y.astype(np.float32)
    d, hidden = z.shape[1], config.hidden
    params = {
        "w1": rng.normal(0, 1 / np.sqrt(d), (d, hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, 1 / np.sqrt(hidden), hidden).astype(np.float32),
        "b2": np.zeros(1, np.float32),
    }
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    weight = _class_weights(y)
    if sample_weight is not None:
        weight = weight * sample_weight * len(y) / sample_weight.sum()
    weight = weight.astype(np.float32)
    if val is not None:
        zv, yv = ((val[0] - mean) / std).astype(np.float32), val[1]
        wv = _class_weights(yv)
        best = (_loss(params, zv, yv, wv), {k: v.copy() for k, v in params.items()}, 0)
    for step in range(1, config.steps + 1):
        h, p = _forward(params, z)
        g = weight * (p - y) / len(y)
        grads = {
            "w2": h.T @ g + config.l2 * params["w2"],
            "b2": np.array([g.sum()], np.float32),
        }
        gh = np.outer(g, params["w2"]) * (1 - h**2)
        grads["w1"] = z.T @ gh + config.l2 * params["w1"]
        grads["b1"] = gh.sum(0)
        for k, grad in grads.items():
            m, v = moments[k]
            m[:] = 0.9 * m + 0.1 * grad
            v[:] = 0.999 * v + 0.001 * grad**2
            m_hat = m / (1 - 0.9**step)
            v_hat = v / (1 - 0.999**step)
            params[k] -= config.learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
        if val is not None and step % CHECK_EVERY == 0:
            loss = _loss(params, zv, yv, wv)
            if loss < best[0]:
                best = (loss, {k: v.copy() for k, v in params.items()}, step)
            elif step - best[2] >= PATIENCE * CHECK_EVERY:
                break
    if val is not None:
        params = best[1]
        print(f"  member {seed - SEED}: best validation loss {best[0]:.4f} at step {best[2]}",
              file=sys.stderr)  # fmt: skip
    return {
        "mean": mean.tolist(),
        "std": std.tolist(),
        **{k: v.astype(np.float64).tolist() for k, v in params.items()},
    }


def fit_ensemble(data: Rows, pages: list[Page], config: Config) -> dict:
    """``members`` perceptrons from consecutive seeds, stacked member-first.

    With early stopping, member k watches inner fold k (mod ``INNER_FOLDS``) of
    the pages and trains on the others, so the members also see different data.
    """
    fits = []
    inner = np.array([fold_of(p.key, INNER_FOLDS) for p in pages])[data.page]
    for k in range(config.members):
        if config.early_stop:
            watch = inner == k % INNER_FOLDS
            part = data.take(~watch)
            # Stop where the annotators' labels, not the weak ones, are best met.
            judge = watch & (data.w == 1)
            val = (data.x[judge], data.y[judge])
            fits.append(fit(part.x, part.y, config, SEED + k, val, part.w))
        else:
            fits.append(fit(data.x, data.y, config, SEED + k, sample_weight=data.w))
    # One normalisation for all members (the scorer's format): refit each member's
    # first layer to it, which leaves every member's outputs unchanged.
    mean = np.mean([f["mean"] for f in fits], axis=0)
    std = np.mean([f["std"] for f in fits], axis=0)
    out: dict = {"mean": mean.tolist(), "std": std.tolist()}
    for f in fits:
        scale = std / np.asarray(f["std"])
        w1 = np.asarray(f["w1"]) * scale[:, None]
        f["b1"] = (
            np.asarray(f["b1"]) + ((mean - np.asarray(f["mean"])) / np.asarray(f["std"])) @ f["w1"]
        ).tolist()
        f["w1"] = w1.tolist()
    for key in ("w1", "b1", "w2", "b2"):
        out[key] = [f[key] for f in fits]
    return out


def train(pages: list[Page], which: np.ndarray, config: Config, log=print) -> tuple[Scorer, dict]:
    """The scorer fitted on the ``which`` pages, after ``config.rounds`` rounds."""
    scorer = None
    state_sets: list[dict[int, list[np.ndarray]]] = []
    parts: list[Rows] = []
    lexicon, lexical = None, None
    names = ALL_NAMES
    if config.lexicon:
        lexicon = fit_lexicon(pages, which, config)
        lexical = lexical_logits(pages, which, config)
        names = ALL_NAMES + LEX_NAMES
    for round_ in range(config.rounds):
        # Each round adds the states the previous scorer leads clean's fixpoint
        # loop into, so the final scorer is trained where it will be applied.
        # The states of a scorer free inside the article (GATE_SURE 0) unless
        # ``free_states`` is off: see Config.
        sure = classify_module.GATE_SURE
        if config.free_states:
            classify_module.GATE_SURE = 0.0
        try:
            state_sets.append({n: states(pages[n], scorer) for n in np.flatnonzero(which)})
        finally:
            classify_module.GATE_SURE = sure
        parts.append(
            rows(pages, state_sets[-1], None, config.extracted_pages, lexical, config.weak_rows)
        )
        data = Rows.stack(parts)
        log(f"round {round_}: rows {len(data.y)} (main {int(data.y.sum())})")
        weights = fit_ensemble(data, pages, config)
        weights["features"] = list(names)
        if lexicon is not None:
            weights["lexicon"] = lexicon
        if config.stack:
            # The second stage learns from first-stage scores as they are on
            # unseen pages: each page's come from the member that did not train on it.
            first = member_scorers(weights, config)
            data = Rows.stack(
                [
                    rows(pages, s, first, config.extracted_pages, lexical, config.weak_rows)
                    for s in state_sets
                ]
            )
            weights["second"] = fit_ensemble(data, pages, config)
            weights["second"]["features"] = list(names + STACK_NAMES)
        scorer = Scorer.from_dict(weights)
    return scorer, weights


def _lexicon_rows(
    pages: list[Page], chosen: np.ndarray, weak: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The labelled blocks of the ``chosen`` pages as sparse rows for the lexicon: per token
    its row, hash and value (1 / sqrt(the block's tokens)); per row its label and weight."""
    token_rows, hashes, values, ys, ws = [], [], [], [], []
    offset = 0
    for n in np.flatnonzero(chosen):
        page = pages[n]
        owner, hashed, count = page.tokens
        y = page.labels
        w = (y >= 0).astype(np.float64)
        if page.weak is not None and weak:
            y = np.where(y >= 0, y, page.weak)
            w[(page.labels < 0) & (page.weak >= 0)] = WEAK_WEIGHT
        use = y >= 0
        row_of = np.cumsum(use) - 1 + offset
        keep = use[owner]
        token_rows.append(row_of[owner[keep]])
        hashes.append(hashed[keep])
        values.append(1.0 / np.sqrt(np.maximum(count[owner[keep]], 1)))
        ys.append(y[use])
        ws.append(w[use])
        offset += int(use.sum())
    return (np.concatenate(token_rows), np.concatenate(hashes), np.concatenate(values),
            np.concatenate(ys).astype(np.float64), np.concatenate(ws))  # fmt: skip


def fit_lexicon(pages: list[Page], chosen: np.ndarray, config: Config) -> dict:
    """The lexicon (``cleaner.scorer.Lexicon``'s weights) fitted on the ``chosen`` pages."""
    token_rows, hashes, values, y, w = _lexicon_rows(pages, chosen, config.weak_lexicon)
    # Tokens of fewer than ``lexicon_min_pages`` full pages are left out (their value 0).
    seen = np.concatenate([
        np.unique(pages[n].tokens[1]) for n in np.flatnonzero(chosen) if not pages[n].extracted
    ])  # fmt: skip
    distinct, on_pages = np.unique(seen, return_counts=True)
    common = distinct[on_pages >= config.lexicon_min_pages]
    values = np.where(np.isin(hashes, common), values, 0.0)
    buckets = lexical_buckets(hashes)
    size = 1 << LEXICAL_BITS
    weight = _class_weights(y) * w
    weight /= weight.sum()
    params = np.zeros(size + 1)  # the buckets' weights, then the bias
    m, v = np.zeros_like(params), np.zeros_like(params)
    for step in range(1, LEXICON_STEPS + 1):
        logit = params[-1] + np.bincount(token_rows, weights=params[buckets] * values,
                                         minlength=len(y))  # fmt: skip
        g = weight * (1 / (1 + np.exp(-logit)) - y)
        grad = np.empty_like(params)
        grad[:-1] = np.bincount(buckets, weights=g[token_rows] * values, minlength=size)
        grad[:-1] += config.lexicon_l2 * params[:-1]
        grad[-1] = g.sum()
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        params -= LEXICON_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    scale = float(np.abs(params[:-1]).max()) / LEXICON_SCALE_STEPS or 1.0
    return {"bits": LEXICAL_BITS, "scale": scale,
            "weights": np.round(params[:-1] / scale).astype(int).tolist(),
            "bias": float(params[-1])}  # fmt: skip


def lexical_logits(pages: list[Page], which: np.ndarray, config: Config) -> dict[int, np.ndarray]:
    """Per page of ``which``, its blocks' ``Lexicon.measure`` by a lexicon fitted on the other
    inner folds' pages (out of fold: as the first stage will meet them on unseen pages)."""
    inner = np.array([fold_of(p.key, INNER_FOLDS) for p in pages])
    out = {}
    for k in range(INNER_FOLDS):
        lexicon = Lexicon.from_dict(fit_lexicon(pages, which & (inner != k), config))
        for n in np.flatnonzero(which & (inner == k)):
            out[n] = lexicon.measure_tokens(*pages[n].tokens)
    return out


THRESHOLDS = ("SCORE_THRESHOLD", "PROSE_SCORE_THRESHOLD", "INSIDE_SCORE_THRESHOLD")
SHIFTS = (-0.1, -0.05, 0.0, 0.05, 0.1)  # threshold shifts tried on the held-out folds
# ``--threshold-grid``: each threshold moved alone by these (the others as shipped).
ONE_SHIFTS = (-0.1, -0.05, 0.05, 0.1)


def page_scores(
    scorer: Scorer,
    data: Path,
    keys: set[str] | None = None,
    shift: float | dict[str, float] = 0.0,
    sources: tuple[str, ...] = SOURCES,
    preds: dict[str, dict[str, str]] | None = None,
) -> dict[str, dict[str, float]]:
    """Text-mode and post-processing scores of ``scorer`` on the ``keys`` pages, per source.

    ``shift`` moves classify's score thresholds (to choose them by cross-validation).
    The page gate is whichever ``use_gate`` set last.
    """
    ann = json.loads((data / "annotations.json").read_text(encoding="utf-8"))
    if keys is not None:
        ann = {k: v for k, v in ann.items() if k in keys}
    cleaner = Cleaner(Settings(language_backend="none"))
    saved = {name: getattr(classify_module, name) for name in ("default_scorer", *THRESHOLDS)}
    classify_module.default_scorer = lambda: scorer
    for name in THRESHOLDS:
        moved = shift.get(name, 0.0) if isinstance(shift, dict) else shift
        setattr(classify_module, name, saved[name] + moved)
    try:
        out = {}
        for source in sources:
            inputs = load_inputs(data, ann, source)
            cleaned = {k: cleaner.clean(inputs[k]).text for k in ann}
            out[source] = score(ann, cleaned)
            if preds is not None:
                preds.setdefault(source, {}).update(cleaned)
    finally:
        for name, value in saved.items():
            setattr(classify_module, name, value)
    return out


def use_gate(weights: dict | None) -> None:
    """Make ``classify`` use this page gate (the one fitted on the same pages as the scorer).

    None: the hand rules it falls back to without a shipped gate (``--hand-gate``).
    """
    gate = PageGate.from_dict(weights) if weights is not None else None
    classify_module.default_gate = lambda: gate


def _f1(s: dict) -> str:
    return f"F1={s['f1']:.4f} (P={s['precision']:.4f} R={s['recall']:.4f})"


def _add(a: dict, b: dict) -> dict:
    tp, fp, fn = (a.get(k, 0) + b[k] for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--out", type=Path, default=Path("cleaner/data/scorer.json"))
    defaults = Config()
    ap.add_argument("--steps", type=int, default=defaults.steps)
    ap.add_argument("--l2", type=float, default=defaults.l2)
    ap.add_argument("--hidden", type=int, default=defaults.hidden)
    ap.add_argument("--members", type=int, default=defaults.members)
    ap.add_argument("--rounds", type=int, default=defaults.rounds)
    ap.add_argument("--lr", type=float, default=defaults.learning_rate)
    ap.add_argument("--no-early-stop", action="store_true")
    ap.add_argument("--extracted-pages", default=defaults.extracted_pages,
                    choices=("all", "none", "gated"))  # fmt: skip
    ap.add_argument("--classify-states", action="store_true",
                    help="train on the shipped classify's states")  # fmt: skip
    ap.add_argument("--weak", action="store_true",
                    help="extractor labels (WEAK_SOURCE) for the perceptrons too")  # fmt: skip
    ap.add_argument("--no-weak-lexicon", action="store_true",
                    help="no extractor labels for the lexicon")  # fmt: skip
    ap.add_argument("--weak-keep", type=float, nargs=2, default=(WEAK_KEEP_MAIN, WEAK_KEEP_OTHER),
                    help="shares of the weak main / other labels used")  # fmt: skip
    ap.add_argument("--no-eval", dest="eval", action="store_false", help="skip the page scores")
    ap.add_argument("--cv", type=int, default=0, help="K-fold page estimate; writes nothing")
    ap.add_argument("--gate-sure", type=float, help="classify.GATE_SURE for the page scores")
    ap.add_argument("--hand-gate", action="store_true",
                    help="no learned page gate: classify's hand rules (the before)")  # fmt: skip
    ap.add_argument("--post", action="store_true",
                    help="also score post-processing of every extractor in EXTRACTORS")  # fmt: skip
    ap.add_argument("--no-stack", action="store_true", help="the first stage alone")
    ap.add_argument("--no-lexicon", action="store_true", help="no lexicon input")
    ap.add_argument("--lexicon-l2", type=float, default=defaults.lexicon_l2)
    ap.add_argument("--lexicon-min-pages", type=int, default=defaults.lexicon_min_pages)
    ap.add_argument("--more-sources", nargs="*", default=(), help="more extractors to train on")
    ap.add_argument("--cv-byte", type=int, default=2, help="hash byte choosing the CV folds")
    ap.add_argument("--threshold-grid", action="store_true",
                    help="with --cv: also move each threshold alone (ONE_SHIFTS)")  # fmt: skip
    ap.add_argument("--cv-out", type=Path,
                    help="with --cv: write out-of-fold texts here, per source")  # fmt: skip
    args = ap.parse_args()
    config = Config(
        steps=args.steps,
        l2=args.l2,
        hidden=args.hidden,
        members=args.members,
        rounds=args.rounds,
        learning_rate=args.lr,
        early_stop=not args.no_early_stop,
        extracted_pages=args.extracted_pages,
        free_states=not args.classify_states,
        stack=not args.no_stack,
        lexicon=not args.no_lexicon,
        lexicon_l2=args.lexicon_l2,
        lexicon_min_pages=args.lexicon_min_pages,
        weak_lexicon=not args.no_weak_lexicon,
        weak_rows=args.weak,
    )
    data = args.data or find_webeval()
    if args.gate_sure is not None:
        classify_module.GATE_SURE = args.gate_sure
    started = time.perf_counter()
    pages = load(
        data,
        weak=config.weak_rows or config.weak_lexicon,
        sources=SOURCES + tuple(args.more_sources),
        weak_keep=tuple(args.weak_keep),
    )
    print(config)
    if args.cv:
        folds = np.array([fold_of(p.key, args.cv, byte=args.cv_byte) for p in pages])
        total: dict[tuple[float, str], dict] = {(d, s): {} for d in SHIFTS for s in SOURCES}
        post = tuple(e for e in EXTRACTORS if e not in SOURCES) if args.post else ()
        for source in post:
            total[0.0, source] = {}
            total[None, source] = {}  # the extractor alone
        oof: dict[str, dict[str, str]] = {}
        grid: dict[tuple[str, float, str], dict] = {}
        for k in range(args.cv):
            keys = {p.key for p, f in zip(pages, folds, strict=True) if f == k}
            fit_keys = sorted({p.key for p, f in zip(pages, folds, strict=True) if f != k})
            use_gate(None if args.hand_gate else train_gate(data, fit_keys, log=lambda _: None))
            scorer, _ = train(pages, folds != k, config, log=lambda _: None)
            for shift in SHIFTS:
                got = oof if shift == 0.0 else None
                for source, s in page_scores(scorer, data, keys, shift, preds=got).items():
                    total[shift, source] = _add(total[shift, source], s)
            for name, shift in ((n, d) for n in THRESHOLDS for d in ONE_SHIFTS):
                if not args.threshold_grid:
                    break
                for source, s in page_scores(scorer, data, keys, {name: shift}).items():
                    grid[name, shift, source] = _add(grid.get((name, shift, source), {}), s)
            for source, s in page_scores(scorer, data, keys, 0.0, post, oof).items():
                total[0.0, source] = _add(total[0.0, source], s)
            if post:
                ann = json.loads((data / "annotations.json").read_text(encoding="utf-8"))
                ann = {key: ann[key] for key in keys}
                for source in post:
                    alone = score(ann, load_inputs(data, ann, source))
                    total[None, source] = _add(total[None, source], alone)
            print(f"fold {k}: text {_f1(total[0.0, 'text'])}", flush=True)
        for (shift, source), s in total.items():
            if shift is None:
                print(f"cv{args.cv} {source} alone: {_f1(s)}")
            else:
                print(f"cv{args.cv} threshold shift {shift:+.2f} {source}: {_f1(s)}")
        for (name, shift, source), s in grid.items():
            print(f"cv{args.cv} {name} {shift:+.2f} {source}: {_f1(s)}")
        if args.cv_out:
            args.cv_out.mkdir(parents=True, exist_ok=True)
            for source, texts in oof.items():
                with (args.cv_out / f"{source}.jsonl").open("w", encoding="utf-8") as fh:
                    for key in sorted(texts):
                        record = {"id": key, "text": texts[key]}
                        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"done in {time.perf_counter() - started:.1f}s")
        return 0
    test = np.array([p.test for p in pages])
    gate = train_gate(data, sorted({p.key for p in pages if not p.test}))
    gate["trained_on"] = "webeval pages whose sha256(id) first byte < 0.8*256"
    gate_out = args.out.with_name("gate.json")
    gate_out.parent.mkdir(parents=True, exist_ok=True)
    gate_out.write_text(json.dumps(gate, separators=(",", ":")) + "\n", encoding="utf-8")
    use_gate(gate)
    scorer, weights = train(pages, ~test, config)
    weights["trained_on"] = "webeval pages whose sha256(id) first byte < 0.8*256"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
    for name, part in (("train", ~test), ("held-out", test)):
        right = total = 0
        for n in np.flatnonzero(part):
            for alive in states(pages[n], scorer):
                infos = [pages[n].infos[i] for i in alive]
                x = scorer_inputs(
                    [b.text for b in infos], [b.hit for b in infos], [b.features for b in infos]
                )
                y = pages[n].labels[alive]
                p = scorer.probabilities(x, scorer.lexical([b.text for b in infos]))
                right += int((((p >= 0.5) == (y == 1)) & (y >= 0)).sum())
                total += int((y >= 0).sum())
        print(f"{name} block accuracy: {right / max(total, 1):.4f} ({total} blocks)")
    if args.eval:
        held = {p.key for p in pages if p.test}
        for name, keys in (("held-out", held), ("all", None)):
            sources = (*SOURCES, *(e for e in EXTRACTORS if e not in SOURCES and args.post))
            for source, s in page_scores(scorer, data, keys, sources=sources).items():
                print(f"{name} {source}: {_f1(s)}")
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
