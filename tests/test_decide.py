"""The compiled steps of the context decisions (cleaner/_decide.c) decide exactly as their
numpy twins in cleaner/classify.py (``_Settling._scores_numpy``, ``_Document.in_title``),
and both as the definition ``settle_plain``."""

from __future__ import annotations

import gc
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_classify_settle import CLEANER, PAGES, reason_rows
from webeval import webeval_pages, webeval_text_dir

from cleaner import classify, features
from cleaner.classify import describe_all, settle, settle_plain
from cleaner.pipeline import MAX_CONTEXT_PASSES
from cleaner.segment import split_blocks

from .compiled import compiled

decide = compiled("cleaner._decide")  # in CI a missing kernel fails, never skips


def _infos(text: str) -> list:
    blocks = split_blocks(text)
    return describe_all([b.text for b in blocks], CLEANER._rules.scan(text, blocks))


def _uncompiled(monkeypatch) -> None:
    monkeypatch.setattr(classify, "_score_round", None)
    monkeypatch.setattr(classify, "_quote_scan", None)
    monkeypatch.setattr(classify, "_doc_arrays_kernel", None)
    monkeypatch.setattr(classify, "_document_arrays_kernel", None)
    monkeypatch.setattr(classify, "_rules_step", None)
    monkeypatch.setattr(classify, "_edges_step", None)
    monkeypatch.setattr(classify, "_measure_subset", None)


@settings(max_examples=100, deadline=None)
@given(PAGES)
def test_compiled_steps_are_their_twins(text: str) -> None:
    infos = _infos(text)
    compiled = settle(infos, MAX_CONTEXT_PASSES)
    with pytest.MonkeyPatch.context() as patch:
        _uncompiled(patch)
        twin = settle(infos, MAX_CONTEXT_PASSES)
    assert compiled == twin == settle_plain(infos, MAX_CONTEXT_PASSES)


def test_compiled_steps_are_their_twins_on_webeval_pages(monkeypatch) -> None:
    """A spread of real pages (every 20th of webeval), when the shared data is present."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::20]]
    compiled = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    _uncompiled(monkeypatch)
    for text, fast in zip(pages, compiled, strict=True):
        assert settle(_infos(text), MAX_CONTEXT_PASSES) == fast


class _HalfHundredths:
    """The shipped scorer with every score moved to the middle of its hundredth
    ((k + 0.5) / 100): each one is within ``_HALF_MARGIN`` of a half hundredth, so every
    removal's reason code is uncoded and Python formats its score."""

    def __init__(self) -> None:
        self.scorer = classify.default_scorer()
        self.lexicon = self.scorer.lexicon

    def lexical(self, texts: list[str]):
        return self.scorer.lexical(texts)

    def probabilities(self, features: np.ndarray, lexical=None) -> np.ndarray:
        p = self.scorer.probabilities(features, lexical)
        return (np.minimum(np.floor(p * 100), 99) + 0.5) / 100


def _spy_uncoded(monkeypatch) -> list[tuple[int, int]]:
    """Per call of ``_Settling._uncoded`` (score_round's uncoded removals, made by Python):
    (how many, how many with a hit). The numpy round must not run instead."""
    calls: list[tuple[int, int]] = []
    uncoded = classify._Settling._uncoded

    def spy(self, where, current, p, x, rows, codes):
        made = uncoded(self, where, current, p, x, rows, codes)
        assert len(made) == len(rows) and all(type(d) is classify.Decision for d in made)
        calls.append((len(rows), int(self.has_hit[where[current[rows]]].sum())))
        return made

    def no_numpy(*args):
        raise AssertionError("score_round left a round to numpy")

    monkeypatch.setattr(classify._Settling, "_uncoded", spy)
    monkeypatch.setattr(classify._Settling, "_scores_numpy", no_numpy)
    return calls


def _uncoded_pages() -> list[str]:
    """Menus around an article (menu words are hits), and webeval's pages when present."""
    menu = "Home\nNews\nSport\nContact\n"
    article = "The council approved the new budget on Monday after a long debate. " * 3
    pages = [menu * 30 + article + "\n" + menu * 5, "Home\n" * 500 + article + "\nHome"]
    folder = webeval_text_dir()
    if folder is not None:
        files = sorted(folder.glob("*.txt"))[::40]
        pages += [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in files]
    return pages


def test_score_round_leaves_only_uncoded_decisions_to_python(monkeypatch) -> None:
    """Scores at a half hundredth: score_round still decides the round, Python builds only
    the uncoded removals' Decisions, and they are the numpy twin's and settle_plain's."""
    scorer = _HalfHundredths()
    pages = _uncoded_pages()
    with pytest.MonkeyPatch.context() as patch:
        calls = _spy_uncoded(patch)
        compiled = [settle(_infos(t), MAX_CONTEXT_PASSES, scorer) for t in pages]
    assert sum(n for n, _ in calls) > 0
    assert sum(h for _, h in calls) > 0  # menu words: a hit's reason says no place
    plain = [settle_plain(_infos(t), MAX_CONTEXT_PASSES, scorer) for t in pages]
    assert compiled == plain
    assert any(d is not None for doc in compiled for d in doc)
    _uncompiled(monkeypatch)
    assert [settle(_infos(t), MAX_CONTEXT_PASSES, scorer) for t in pages] == compiled


def test_score_round_with_some_uncoded_scores(monkeypatch) -> None:
    """A wide ``_HALF_MARGIN`` (about two scores in five uncoded, the rest coded in the same
    rounds) and runs too long for their bits: compiled == numpy twin == settle_plain."""
    pages = _uncoded_pages()
    expected = [settle_plain(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    monkeypatch.setattr(classify, "_HALF_MARGIN", 0.2)
    short_runs = classify._ROUND_INTS.copy()
    short_runs[list(classify._ROUND_INTS).index(classify._RUN_LIMIT)] = 8
    monkeypatch.setattr(classify, "_RUN_LIMIT", 8)
    monkeypatch.setattr(classify, "_ROUND_INTS", short_runs)
    with pytest.MonkeyPatch.context() as patch:
        calls = _spy_uncoded(patch)
        compiled = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    assert sum(n for n, _ in calls) > 0
    assert compiled == expected
    _uncompiled(monkeypatch)
    assert [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages] == compiled


@settings(max_examples=40, deadline=None)
@given(PAGES)
def test_uncoded_scores_on_random_pages(text: str) -> None:
    infos = _infos(text)
    scorer = _HalfHundredths()
    compiled = settle(infos, MAX_CONTEXT_PASSES, scorer)
    with pytest.MonkeyPatch.context() as patch:
        _uncompiled(patch)
        twin = settle(infos, MAX_CONTEXT_PASSES, scorer)
    assert compiled == twin == settle_plain(infos, MAX_CONTEXT_PASSES, scorer)


def test_compiled_steps_read_the_thresholds_as_they_stand(monkeypatch) -> None:
    """scripts/train.py moves the score thresholds to choose them by cross-validation:
    the compiled round must follow, as the numpy twin and settle_plain do."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::40]]
    if not pages:
        pytest.skip("the shared webeval data is not beside this clone")
    before = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    for name in ("SCORE_THRESHOLD", "INSIDE_SCORE_THRESHOLD", "PROSE_SCORE_THRESHOLD"):
        monkeypatch.setattr(classify, name, getattr(classify, name) + 0.2)
    moved = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    assert moved != before  # higher thresholds remove more
    assert moved == [settle_plain(_infos(t), MAX_CONTEXT_PASSES) for t in pages]


def _python_measure(settling: classify._Settling, where: np.ndarray) -> tuple:
    x, row = settling.doc.measure(where, int(np.count_nonzero(settling.strong[where])))
    return x, settling.gate.probability(row)


@settings(max_examples=100, deadline=None)
@given(PAGES, st.randoms(use_true_random=False))
def test_measure_subset_is_the_python_measure(text: str, rng) -> None:
    """measure_subset's inputs and page probability: the Python measure's, bit for bit, on
    the whole document and on subsets (titles that fit or not, quoted texts read once)."""
    infos = _infos(text)
    if not infos:
        return
    compiled = classify._Settling(infos, classify.default_scorer(), classify.default_gate(), {})
    python = classify._Settling(infos, classify.default_scorer(), classify.default_gate(), {})
    assert compiled._measuring()
    n = len(infos)
    subsets = [np.arange(n)]
    for _ in range(4):
        keep = [i for i in range(n) if rng.random() < 0.6] or [rng.randrange(n)]
        subsets.append(np.array(keep, dtype=np.intp))
    for where in subsets:
        x, probability = decide.measure_subset(where, compiled.measuring)
        x_plain, probability_plain = _python_measure(python, where)
        assert x.tobytes() == x_plain.tobytes()
        assert probability == probability_plain
    for title, quoted in python.doc.quoted.items():
        assert compiled.doc.quoted[title].tolist() == quoted.tolist()


def test_measure_subset_reads_the_title_as_in_title() -> None:
    """Texts the title holds or not (their first or last character in it or not, other
    scripts, the title's own text): the quotes read are in_title's."""
    texts = ["Breaking: Home News update for Zürich 😀", "Home News", "News update", "Zürich 😀",
             "home news", "Xmas News", "News updatx", "Breaking: Home News update for Zürich 😀",
             "Home", "ing: H", "The council met on Monday, as planned and agreed."]  # fmt: skip
    infos = describe_all(texts, [None] * len(texts))
    compiled = classify._Settling(infos, classify.default_scorer(), classify.default_gate(), {})
    python = classify._Settling(infos, classify.default_scorer(), classify.default_gate(), {})
    assert compiled._measuring()
    where = np.arange(len(texts))
    decide.measure_subset(where, compiled.measuring)
    in_title = python.doc.in_title(where)
    quoted = compiled.doc.quoted[texts[0]]
    ids = compiled.doc.text_ids
    assert [bool(quoted[ids[k]] > 0) for k in range(1, len(texts))] == in_title[1:].tolist()
    assert in_title[1:4].all() and not in_title[4:7].any()


def test_measure_subset_on_webeval_pages() -> None:
    """measure_subset on real pages (every 40th of webeval): the Python measure's bits."""
    for page in webeval_pages()[::40]:
        infos = _infos(CLEANER._repair(page.read_text(encoding="utf-8")).text)
        if not infos:
            continue
        settling = classify._Settling(infos, classify.default_scorer(), classify.default_gate(), {})
        assert settling._measuring()
        where = np.arange(len(infos))
        for part in (where, where[len(where) // 3 :], where[::2]):
            x, probability = decide.measure_subset(np.ascontiguousarray(part), settling.measuring)
            x_plain, probability_plain = _python_measure(settling, part)
            assert x.tobytes() == x_plain.tobytes(), page.name
            assert probability == probability_plain, page.name
    with pytest.raises(ValueError):
        decide.measure_subset(np.arange(1), ())


def test_decisions_kept_across_documents_are_the_same_decisions() -> None:
    """A Cleaner's ScorerDecisions: the second document reuses the first's Decision objects
    (equal to those built for it alone); bounded; a pickled copy starts empty."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[:6]]
    if not pages:
        pages = ["\n".join(["Home", "News", "Sport", "Login"] * 4 + ["The council met."])] * 2
    memo = classify.ScorerDecisions()
    shared = [settle(_infos(t), MAX_CONTEXT_PASSES, decisions=memo) for t in pages]
    assert shared == [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    assert memo.kept and len(memo.kept) <= classify.SCORER_DECISIONS_KEPT
    again = settle(_infos(pages[0]), MAX_CONTEXT_PASSES, decisions=memo)
    kept = {id(d) for d in memo.kept.values()}
    assert again == shared[0]
    assert any(id(d) in kept for d in again if d is not None and d.rule == "scorer")
    assert pickle.loads(pickle.dumps(memo)).kept == {}  # a cache: a copy starts empty


def test_kept_table_follows_kept() -> None:
    """ScorerDecisions.table indexes kept (score_round fills both): every kept Decision is
    found there as the very object; a kept changed by other means is read from the dict."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[:8]]
    pages.append("\n".join(["Home", "News", "Sport", "Login"] * 4 + ["The council met."]))
    memo = classify.ScorerDecisions()
    for text in pages:
        settle(_infos(text), MAX_CONTEXT_PASSES, decisions=memo)
    assert memo.kept and int(memo.table[0]) == len(memo.kept)
    made: dict = {}
    args = (classify._ROUND_INTS, memo.kept, made, classify.Decision)
    args += (classify._PLACE_CATEGORIES, classify._REASON_PARTS)
    spread = {}
    for code in range(0, 1 << 12):  # every score, flags and place without a run or copies
        if code & classify._SCORE_MASK > 100 or (code & classify._PLACES) >> 10 > 2:
            continue
        found = decide.coded_decision(code, None, *args, memo.table)
        spread[code] = found
        assert found == classify._coded_decision(code)
        assert decide.coded_decision(code, None, *args, memo.table) is found
        assert decide.coded_decision(code, None, *args) is found  # the dict holds it too
    assert int(memo.table[0]) == len(memo.kept)
    memo.kept.clear()  # kept changed elsewhere: the table is no longer read
    for code, found in list(spread.items())[:50]:
        again = decide.coded_decision(code, None, *args, memo.table)
        assert again == found and again is not found
    with pytest.raises(ValueError):
        decide.coded_decision(0, None, *args, np.zeros(5, dtype=np.uint64))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Home", "News", "", "Home ", "日本", "😀", "a" * 40]), max_size=40)
)
def test_doc_arrays_is_the_plain_definition(texts: list[str]) -> None:
    text = "\n".join(texts)
    blocks = split_blocks(text)
    texts = [b.text for b in blocks] + texts  # a block's text and equal strings of others
    hits = CLEANER._rules.scan(text, blocks) + [None] * (len(texts) - len(blocks))
    compiled = classify._doc_arrays(texts, hits)
    plain = classify._doc_arrays_plain(texts, hits)
    assert len(compiled) == len(plain) == 7
    for a, b in zip(compiled, plain, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_doc_arrays_reads_hits() -> None:
    text = "Home\nComments\nShare on Facebook\n— Jane Doe (@janedoe) May 3, 2021\nHome"
    blocks = split_blocks(text)
    texts, hits = [b.text for b in blocks], CLEANER._rules.scan(text, blocks)
    assert any(h is not None for h in hits)
    for a, b in zip(classify._doc_arrays(texts, hits), classify._doc_arrays_plain(texts, hits)):
        assert np.array_equal(a, b)


def _same_arrays(a: classify._Arrays, b: classify._Arrays) -> None:
    for name, x, y in zip(classify._Arrays._fields, a, b, strict=True):
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes(), name
        else:
            assert x == y, name


def _document_args(infos: classify.Described) -> tuple:
    base = infos.rows.reshape(len(infos), -1)
    return infos.texts, infos.hits, base, infos.words, infos.prose


def test_document_arrays_is_the_plain_definition_on_webeval_pages() -> None:
    """document_arrays (doc_arrays, the features' prose flags and characters, describe's
    words and prose, the start marks): the plain definition's bits, on every 20th page."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::20]]
    pages += ["Home\nComments\nShare on Facebook\n— Jane Doe (@janedoe) May 3, 2021\nHome"]
    for text in pages:
        infos = _infos(text)
        if infos:
            args = _document_args(infos)
            _same_arrays(classify._document_arrays(*args), classify._document_arrays_plain(*args))


@settings(max_examples=100, deadline=None)
@given(PAGES)
def test_document_arrays_is_the_plain_definition(text: str) -> None:
    infos = _infos(text)
    if infos:
        args = _document_args(infos)
        _same_arrays(classify._document_arrays(*args), classify._document_arrays_plain(*args))


def test_document_arrays_leaves_other_items_to_numpy_and_python() -> None:
    infos = _infos("Home\nThe council met on Monday and approved the budget, as planned.")
    texts, hits, base, words, prose = _document_args(infos)
    plain = classify._document_arrays_plain(texts, hits, base, words, prose)
    # Counts and flags that are not exactly ints and bools: numpy reads them.
    odd = classify._document_arrays(texts, hits, base, [np.int64(w) for w in words], prose)
    _same_arrays(odd, plain)
    assert classify._document_arrays(texts, hits, base, words, [1, 0]).said.tolist() == [1, 0]

    class Text(str):
        pass

    # A text that is not exactly a str: all by Python.
    _same_arrays(
        classify._document_arrays([Text(texts[0]), texts[1]], hits, base, words, prose), plain
    )
    with pytest.raises(ValueError):
        classify._document_arrays(texts, hits, base[:1], words, prose)


def test_block_counts_are_numpy_expm1_of_the_columns() -> None:
    """block_counts copies the columns side by side before expm1: the bits numpy gives
    each column read in place (what block_measures read before)."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::20]]
    rows = [_infos(t).rows for t in pages if t.strip()]
    rows.append(np.log1p(np.arange(24.0 * 5000).reshape(-1, 12)))
    for base in rows:
        base = base.reshape(len(base), -1)
        chars, words = features.block_counts(base)
        assert chars.tobytes() == np.expm1(base[:, 0]).tobytes()
        assert words.tobytes() == np.expm1(base[:, 1]).tobytes()


def test_doc_arrays_leaves_other_texts_to_python() -> None:
    class Text(str):
        pass

    texts = [Text("Home"), "Home"]
    arrays = [np.empty(2, dtype=np.intp), np.empty(2, dtype=np.intp)]
    arrays += [np.empty(2, dtype=bool) for _ in range(4)] + [np.empty(2)]
    args = (classify.WEAK, classify.HEADER, classify.TWEET_RULE)
    assert decide.doc_arrays(texts, [None, None], *args, *arrays) is False
    assert classify._doc_arrays(texts, [None, None])[0].tolist() == [1, 1]
    with pytest.raises(ValueError):
        decide.doc_arrays(["Home"], [None, None], *args, *arrays)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0.0, 1.0) | st.sampled_from([0.125, 0.005, 0.995, 0.285, 1.0, 0.0]),
            st.booleans(),
            st.booleans(),
            st.integers(0, 400),
            st.integers(1, 50),
            st.floats(0.0, 2.0),
            st.integers(0, 2),
            st.booleans(),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_coded_decisions_are_the_python_ones(rows: list) -> None:
    """score_round's Decisions, built in C from a reason code, are the Python ones."""
    x = reason_rows(rows)
    scores = np.array([r[0] for r in rows])
    codes = classify._reason_codes(x, scores, np.array([r[6] for r in rows]))
    hit = CLEANER._rules.scan("Comments", split_blocks("Comments"))[0]
    assert hit is not None
    kept: dict = {}
    made: dict = {}
    args = (classify._ROUND_INTS, kept, made, classify.Decision)
    args += (classify._PLACE_CATEGORIES, classify._REASON_PARTS)
    for code, row in zip(codes.tolist(), rows, strict=True):
        if code & classify._SCORE_MASK == classify._UNCODED:
            continue  # score_round leaves these to numpy
        with_hit = hit if row[7] else None
        built = decide.coded_decision(code, with_hit, *args)
        if with_hit is None:
            assert built == classify._coded_decision(code)
        else:
            why = classify._coded_reason(code & ~classify._PLACES)
            assert built == classify._score_decision(why, hit, row[6])
        assert type(built) is classify.Decision
        assert not gc.is_tracked(built)  # no cycle can hold it: the collector skips it
        assert decide.coded_decision(code, with_hit, *args) is built  # kept
    with pytest.raises(ValueError):
        decide.coded_decision(classify._UNCODED, None, *args)
    # Parts that are not all ASCII: the str is formatted (PyUnicode_FromFormat), the same.
    parts = ("low article scoré ", *classify._REASON_PARTS[1:])
    wide = (classify._ROUND_INTS, {}, {}, classify.Decision, classify._PLACE_CATEGORIES, parts)
    for code in codes.tolist():
        if code & classify._SCORE_MASK != classify._UNCODED:
            built = decide.coded_decision(code, None, *wide)
            expected = classify._coded_decision(code).reason.replace("score ", "scoré ", 1)
            assert built.reason == expected


def test_counts_and_flags_are_numpy_arrays() -> None:
    words, prose = np.empty(3, dtype=np.int64), np.empty(3, dtype=bool)
    assert decide.counts_and_flags([0, 7, 2**40], [True, False, True], words, prose) is True
    assert words.tolist() == [0, 7, 2**40] and prose.tolist() == [True, False, True]
    for other in ([0, 7, 2**70], [0, 7.0, 1], [0, True, 1]):
        assert decide.counts_and_flags(other, [True, False, True], words, prose) is False
    assert decide.counts_and_flags([0, 1, 2], [True, 1, False], words, prose) is False
    with pytest.raises(ValueError):
        decide.counts_and_flags([0], [True], words, prose)


ITEM_PIECES = st.sampled_from(
    [*"0123456789٣.,/ :：\t\n\u00a0\u3000-–•|*+%°½abcXYé_Ⅻ²", "kg", "1.5", "x" * 28, "y" * 30]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(ITEM_PIECES, max_size=12).map("".join))
def test_list_item_is_the_regex(text: str) -> None:
    """The compiled list-item reading is LIST_ITEM_RE.match, whose shape it is given."""
    assert classify._LIST_ITEM_MATCH is classify._ITEM_SHAPE  # the regex is that shape
    expected = classify.LIST_ITEM_RE.match(text) is not None
    assert decide.list_item_match(text, classify._ITEM_SHAPE) is expected


def test_list_item_is_the_regex_on_webeval_lines() -> None:
    lines = {
        line.strip() for p in webeval_pages()[::10] for line in p.read_text("utf-8").split("\n")
    }
    match = classify.LIST_ITEM_RE.match
    for line in lines:
        assert decide.list_item_match(line, classify._ITEM_SHAPE) is (match(line) is not None)


def test_score_round_reads_items_with_the_regex_too(monkeypatch) -> None:
    """When the regex is not the shape the C reads (it changed), score_round calls it."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::40]]
    shaped = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    monkeypatch.setattr(classify, "_LIST_ITEM_MATCH", classify.LIST_ITEM_RE.match)
    assert [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages] == shaped


def test_pipeline_without_decide_gives_the_same_results(monkeypatch) -> None:
    """A machine without a C compiler runs the twins: every Result must be the same."""
    from pathlib import Path

    from cleaner import Cleaner, Settings

    samples = Path(__file__).resolve().parent.parent / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    texts += [t.upper() for t in texts] + ["Home\n» News\nphoto.jpg\nJane says:\n© 2024 X"]
    compiled = [Cleaner(Settings()).clean(t) for t in texts]
    _uncompiled(monkeypatch)
    assert [Cleaner(Settings()).clean(t) for t in texts] == compiled


def test_numpy_dot_of_two_vectors_is_their_matmul() -> None:
    """measure_subset scores the page gate with numpy's dot where PageGate.probability
    writes @: on two float64 vectors both are BLAS's ddot, the same bits."""
    rng = np.random.default_rng(7)
    gate = classify.default_gate()
    for _ in range(2000):
        row = rng.normal(size=len(classify.GATE_NAMES)) * rng.choice([1e-3, 1.0, 1e3])
        assert float(np.dot(row, gate.weights)) == float(row @ gate.weights)
