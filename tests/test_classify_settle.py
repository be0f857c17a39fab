"""``classify.settle`` (the fixpoint on the document's arrays) decides exactly as its
definition ``settle_plain`` (``classify`` on the kept blocks, pass after pass).

Pages are built from the kinds of lines that drive every branch: menus and footers
(the scorer's rounds), paragraphs, list runs, repeated lines, rule hits of every
strength (strong, weak, headers, tweet signatures), short extracted text (the edges
and weak hits), in several languages.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner import Settings, classify
from cleaner.classify import (
    Described,
    _Blocks,
    _reason_codes,
    _reason_shapes,
    _score_reasons,
    _score_texts,
    describe,
    describe_all,
    settle,
    settle_plain,
    settle_texts,
)
from cleaner.features import ALL_NAMES
from cleaner.pipeline import MAX_CONTEXT_PASSES, Cleaner
from cleaner.segment import split_blocks

CLEANER = Cleaner(Settings(language_backend="none"))

LINES = st.sampled_from(
    [
        "Home", "News", "Sport", "Kontakt", "Impressum", "Accueil", "Inicio", "Strona główna",
        "Log in", "Subscribe", "Share on Facebook", "Related articles", "Comments",
        "Popular posts from this blog", "Leave a comment", "Lesen Sie auch:",
        "— Jane Doe (@janedoe) May 3, 2021", "pic.twitter.com/abc123", "© 2024 Example Ltd.",
        "Posted by Anna on 3 May 2021", "Tags: travel, food", "2 eggs", "200 g flour",
        "- salt", "• pepper", "1. Preheat the oven.", "Weight: 2 kg", "Advertisement",
        "Der Stadtrat hat am Montag nach langer Debatte den neuen Haushalt beschlossen.",
        "The city council approved the new budget on Monday after a long and heated debate.",
        "Le conseil municipal a adopté lundi le nouveau budget après un long débat animé.",
        "El ayuntamiento aprobó el lunes el nuevo presupuesto tras un largo debate.",
        "Officials said the plan would fund three new schools, repair roads and parks.",
        "Some of my favourites:", "Council approves new budget", "市议会周一批准了新的预算。",
    ]
)  # fmt: skip
PAGES = st.lists(LINES, min_size=1, max_size=80).map("\n".join)


def _both(text: str) -> tuple[list, list]:
    """settle on the pipeline's blocks (no per-block feature rows), and its definition;
    settle_texts (the pipeline's: no BlockInfo per block) checked equal to the first."""
    blocks = split_blocks(text)
    hits = CLEANER._rules.scan(text, blocks)
    infos = describe_all([b.text for b in blocks], hits, features=False)
    fast = settle(infos, MAX_CONTEXT_PASSES)
    assert settle_texts([b.text for b in blocks], hits, MAX_CONTEXT_PASSES) == fast
    return fast, settle_plain(infos, MAX_CONTEXT_PASSES)


def test_blocks_without_feature_rows_decide_the_same() -> None:
    """describe_all(features=False) leaves the rows in the matrix: the plain path measures
    the blocks from their texts (the same values), the fast one reads the matrix."""
    text = "\n".join(["Home", "News", "Sport"] * 4 + ["The council met on Monday, as planned."])
    blocks = split_blocks(text)
    hits = CLEANER._rules.scan(text, blocks)
    rows = describe_all([b.text for b in blocks], hits)
    bare = describe_all([b.text for b in blocks], hits, features=False)
    assert [b.features for b in bare] == [None] * len(bare)
    assert [b[:4] for b in bare] == [b[:4] for b in rows]
    assert bare.rows.tobytes() == rows.rows.tobytes()
    expected = settle_plain(rows, MAX_CONTEXT_PASSES)
    assert settle(bare, MAX_CONTEXT_PASSES) == expected
    assert settle_plain(bare, MAX_CONTEXT_PASSES) == expected
    assert settle(list(bare), MAX_CONTEXT_PASSES) == expected  # not Described: the plain path


@settings(max_examples=150, deadline=None)
@given(PAGES)
def test_settle_is_its_definition(text: str) -> None:
    fast, plain = _both(text)
    assert fast == plain


def test_settle_is_its_definition_on_webeval_pages() -> None:
    """A spread of real pages (every 25th of webeval), when the shared data is present."""
    for page in webeval_pages()[::25]:
        text = CLEANER._repair(page.read_text(encoding="utf-8")).text
        fast, plain = _both(text)
        assert fast == plain, page.name


def test_settle_reads_lists_not_from_describe_all() -> None:
    """Blocks measured one by one (no document arrays) take the plain path, same answers."""
    text = "\n".join(["Home", "News", "Sport"] * 4 + ["The council met on Monday, as planned."])
    blocks = split_blocks(text)
    hits = CLEANER._rules.scan(text, blocks)
    infos = describe_all([b.text for b in blocks], hits)
    assert isinstance(infos, Described)
    one_by_one = [describe(b.text, h, b.features) for b, h in zip(infos, hits, strict=True)]
    assert settle(one_by_one, MAX_CONTEXT_PASSES) == settle(infos, MAX_CONTEXT_PASSES)
    grown = describe_all([b.text for b in blocks], hits)
    grown.append(describe("Extra line", None))  # no longer the measured document
    assert settle(grown, MAX_CONTEXT_PASSES) == settle_plain(grown, MAX_CONTEXT_PASSES)


def test_settle_without_a_scorer_is_the_plain_rules(monkeypatch) -> None:
    monkeypatch.setattr(classify, "default_scorer", lambda: None)
    fast, plain = _both("\n".join(["Home", "News"] * 5 + ["Comments", "Nice post!"]))
    assert fast == plain


def reason_rows(rows: list) -> np.ndarray:
    """Feature rows holding what a scorer reason reads, from drawn tuples
    (score, prose, ends_sentence, run, copies, linkish per word, ...)."""
    x = np.zeros((len(rows), len(ALL_NAMES)))
    columns = [ALL_NAMES.index(n) for n in ("prose", "ends_sentence", "log_short_run")]
    columns += [ALL_NAMES.index(n) for n in ("log_duplicates", "linkish_per_word")]
    for i, (_, prose, ends, run, copies, linkish, *_) in enumerate(rows):
        x[i, columns] = (prose, ends, np.log1p(run), np.log(copies), linkish)
    return x


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0.0, 1.0) | st.sampled_from([0.125, 0.005, 0.995, 0.285, 1.0]),
            st.booleans(),
            st.booleans(),
            st.integers(0, 400),
            st.integers(1, 50),
            st.floats(0.0, 2.0),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_reason_codes_give_the_reasons(rows: list) -> None:
    """A scorer Decision built from its integer code says what ``_score_reasons`` says."""
    x = reason_rows(rows)
    scores = np.array([r[0] for r in rows])
    places = np.array([r[6] for r in rows])
    assert _score_texts(scores) == [f"{s:.2f}" for s in scores.tolist()]
    codes = _reason_codes(x, scores, places)
    reasons = _score_reasons(x, scores)
    suffix = {0: "", 1: ", before the article", 2: ", after the article"}
    for code, reason, place, shape in zip(codes.tolist(), reasons, places, _reason_shapes(x)):
        if code & classify._SCORE_MASK == classify._UNCODED:
            continue  # formatted by Python in settle
        assert classify._coded_decision(code).reason == reason + suffix[int(place)]
        assert classify._coded_reason(code & ~classify._PLACES) == reason
        assert shape[2] == round(float(np.expm1(np.log1p(shape[2]))))


def test_settle_texts_blocks_are_describe_alls() -> None:
    text = "\n".join(["Home", "News", "— Jane (@jane) May 3, 2021"] + ["The council met."] * 2)
    texts = [b.text for b in split_blocks(text)]
    hits = CLEANER._rules.scan(text, split_blocks(text))
    infos = describe_all(texts, hits, features=False)
    rows, words, prose = infos.rows, infos.words, infos.prose
    blocks = _Blocks(texts, hits, rows, words, prose)
    assert len(blocks) == len(infos)
    assert [blocks[i] for i in range(len(blocks))] == list(infos)
    assert all(blocks[i] is blocks[i] for i in range(len(blocks)))  # each built once


def test_settle_texts_without_the_measuring_kernel(monkeypatch) -> None:
    text = "\n".join(["Home", "News"] * 5 + ["The council met on Monday, as planned."])
    texts = [b.text for b in split_blocks(text)]
    hits = CLEANER._rules.scan(text, split_blocks(text))
    expected = settle(describe_all(texts, hits, features=False), MAX_CONTEXT_PASSES)
    monkeypatch.setattr(classify, "measure_blocks", lambda *args: None)
    assert settle_texts(texts, hits, MAX_CONTEXT_PASSES) == expected
    assert settle_texts([], [], MAX_CONTEXT_PASSES) == []
