"""The speed work's fast paths give what their plain definitions give.

Stop words by packed keys vs a set lookup per word, the scorer inputs of a
document's subsets from cached arrays vs measured from the texts, list runs
counted with arrays vs a loop, the fused scorer vs its per-member form.
"""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.classify import (
    LIST_ITEM_RE,
    LIST_ITEM_SHARE,
    LIST_MIN_LINES,
    ScoreMemo,
    _list_runs,
    describe,
    describe_all,
    scorer_inputs,
)
from cleaner.features import NAMES, STOP_WORDS, block_features
from cleaner.result import Category
from cleaner.rules import Hit
from cleaner.rules.base import Strength
from cleaner.scorer import default_scorer

# Stop words and their neighbours in several scripts, cases that lower() changes
# (İ even changes the length), underscores, digits, astral letters.
WORDS = st.sampled_from(
    [
        "the", "The", "THE", "und", "Und", "że", "Że", "это", "Это", "för", "FÖR", "théâtre",
        "then", "th", "a", "À", "İstanbul", "ß", "x_y", "the_", "2024", "𝒜bc", "mais", "més",
        "über", "Über", "ü", "dans", "и", "И", "ele", "elle", "Ελλάδα", "中文", "thé",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", ", ", ". ", "-", "'", " / ", "…"])
LINE = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=12).map(
    lambda pairs: "".join(w + s for w, s in pairs).strip() or "x"
)


def _stop_ratio_reference(text: str) -> float:
    lowered = text.lower()
    source = lowered if len(lowered) == len(text) else text
    words = re.findall(r"\w+", source)
    return sum(w in STOP_WORDS for w in words) / max(len(words), 1)


def _document_stops_reference(texts: list[str]) -> list[float]:
    """Stop words per block as the document-wide code read them before: the joined
    text lower-cased (as it is if that changes its length), one set lookup per word,
    the k-th word found credited to the block of the k-th word of the joined text."""
    joined = "\n".join(texts)
    owner = [n for n, t in enumerate(texts) for _ in range(len(t) + 1)]
    lowered = joined.lower()
    words = re.findall(r"\w+", lowered if len(lowered) == len(joined) else joined)
    starts = [m.start() for m in re.finditer(r"\w+", joined)]
    if len(words) != len(starts):
        found = [(m.start(), m.group().lower()) for m in re.finditer(r"\w+", joined)]
        starts, words = [p for p, _ in found], [w for _, w in found]
    stops = [0.0] * len(texts)
    for start, word in zip(starts, words, strict=True):
        stops[owner[start]] += word in STOP_WORDS
    return stops


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=8))
def test_stop_ratio_equals_a_set_lookup_per_word(texts: list[str]) -> None:
    column = NAMES.index("stop_ratio")
    for text in texts:  # one block at a time
        assert block_features([text])[0, column] == _stop_ratio_reference(text)
    words = [max(len(re.findall(r"\w+", t)), 1) for t in texts]
    expected = [s / w for s, w in zip(_document_stops_reference(texts), words, strict=True)]
    assert block_features(texts)[:, column].tolist() == expected  # a whole document


def _hit(strength: Strength) -> Hit:
    return Hit("rule", Category.NAVIGATION, strength, "a rule fired")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Home", "News", "2 eggs", "- salt", "Contact us", "Home"])
            | LINE.map(lambda t: t + " and the council met on Monday, as planned."),
            st.sampled_from([None, Strength.WEAK, Strength.STRONG]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_memo_inputs_equal_inputs_measured_from_texts(pairs, keep) -> None:
    texts = [t for t, _ in pairs]
    hits = [None if s is None else _hit(s) for _, s in pairs]
    infos = describe_all(texts, hits)
    memo = ScoreMemo()
    for subset in (infos, [b for b, k in zip(infos, keep) if k], infos[1:]):
        if not subset:
            continue
        expected = scorer_inputs(
            [b.text for b in subset], [b.hit for b in subset], [b.features for b in subset]
        )
        assert np.array_equal(memo.inputs(subset), expected)


def _list_runs_reference(texts: list[str], prose: list[bool]) -> list[bool]:
    listed = [False] * len(texts)
    start = 0
    while start < len(texts):
        end = start
        while end < len(texts) and not prose[end]:
            end += 1
        run = range(start, end)
        items = sum(1 for k in run if LIST_ITEM_RE.match(texts[k]))
        if len(run) >= LIST_MIN_LINES and items >= LIST_ITEM_SHARE * len(run):
            for k in run:
                listed[k] = True
        start = end + 1
    return listed


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Home", "2 eggs", "- salt", "Key: value", "News"]), st.booleans()
        ),
        max_size=20,
    )
)
def test_list_runs_equal_their_loop(pairs) -> None:
    texts = [t for t, _ in pairs]
    prose = [p for _, p in pairs]
    infos = [describe(t, None) for t in texts]
    assert _list_runs(infos, prose) == _list_runs_reference(texts, prose)


def test_fused_scorer_equals_its_members_averaged() -> None:
    scorer = default_scorer()
    assert scorer is not None
    rng = np.random.default_rng(0)
    for n in (1, 7, 255, 256, 257, 600):  # below, at and above one product's rows
        x = rng.normal(size=(n, len(scorer.mean))) * scorer.std + scorer.mean
        z = (x - scorer.mean) / scorer.std
        hidden = np.tanh(np.einsum("nd,mdh->mnh", z, scorer.w1) + scorer.b1[:, None, :])
        logits = np.einsum("mnh,mh->mn", hidden, scorer.w2) + scorer.b2[:, None]
        expected = (1.0 / (1.0 + np.exp(-logits))).mean(axis=0)
        assert np.allclose(scorer.ensemble_probabilities(x), expected, rtol=0, atol=1e-12)
