"""The compiled kernels (cleaner/_kernels.c) give exactly their plain twins' answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import classify
from cleaner.features import layout
from cleaner.segment import split_blocks

from .compiled import compiled

kernels = compiled("cleaner._kernels")  # in CI a missing kernel fails, never skips

# Every kind of character the kernels tell apart: line breaks and other spaces (\s but
# not "\n"), CJK, sentence punctuation and closers, astral characters, plain letters.
ALPHABET = st.sampled_from(
    [
        *"\n\n \t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u3000ab Z9.!?…。」”»)'\":;,",
        *("日本", "한국", "ไทย", "😀", "\U00020000", "word", "Home", "\u200b"),
    ]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
# Blocks are never empty (the numpy form reads past an empty block's end).
@given(st.lists(TEXTS.map(lambda t: t.replace("\n", " ")).filter(bool), min_size=1, max_size=12))
def test_words_and_prose_is_the_numpy_definition(texts: list[str]) -> None:
    expected = classify._words_and_prose(layout(texts))
    assert classify._words_kernel(texts) == expected
    # ...and both are ``describe``'s, block by block.
    described = [classify.describe(t, None) for t in texts]
    assert expected == ([d.words for d in described], [d.prose for d in described])


def test_kernel_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        kernels.words_and_prose(["a"], b"", b"", b"", b"", 1, 1, 1)


STOP_TEXTS = st.lists(
    st.sampled_from(["the", "Der", "und", "été", "как", "ÉTÉ", "cat", "a", "_", "ıi", "ǅ", "😀"])
    | ALPHABET,
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(STOP_TEXTS)
def test_stop_flags_is_the_numpy_definition(text: str) -> None:
    from cleaner import features

    laid = layout([text])
    starts, ends = features._word_spans(features._is_word(laid.points, laid.bmp))
    compiled = features._stop_flags(laid.bmp, starts, ends)
    numpy_only = features._stop_flags(laid.bmp.astype(np.int64), starts, ends)  # not uint32
    assert compiled.tolist() == numpy_only.tolist()
    words = [text[a:b] for a, b in zip(starts, ends)]
    assert compiled.tolist() == [float(w in features.STOP_WORDS) for w in words]


GATE_STRINGS = ("/", ">", "»", "inbox", "says", "jp", "rättigheter", "😀x", "права")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ALPHABET | st.sampled_from([*GATE_STRINGS, "say", "in", "jpg"]), max_size=40).map(
        "".join
    ),
    st.lists(st.sampled_from(GATE_STRINGS), min_size=1, max_size=5, unique=True).map(tuple),
)
def test_lines_holding_is_the_find_loop(text: str, strings: tuple[str, ...]) -> None:
    from cleaner.rules import lines_holding_plain

    for subject in (text, "\n" + text):
        assert kernels.lines_holding(subject, strings) == lines_holding_plain(subject, strings)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(ALPHABET | st.sampled_from(["rights", "Rights", "RECHTE", "©", ":", "droits"])).map(
        "".join
    ),
    st.booleans(),
)
def test_markers_in_one_pass_are_the_find_loop(text: str, folded: bool) -> None:
    from cleaner import rules

    subject = text.lower() if folded else text
    starts = [b.start for b in split_blocks(subject)]
    if not starts:
        return
    markers = ("rights", "rechte", "droits", ":")
    compiled = rules._blocks_with_markers(subject, starts, markers, folded)
    kernel, rules._lines_holding_kernel = rules._lines_holding_kernel, None
    try:
        plain = rules._blocks_with_markers(subject, starts, markers, folded)
    finally:
        rules._lines_holding_kernel = kernel
    assert compiled == plain


# Block texts for the context features: prose, short lines, repeats, empty-ish edge cases.
CONTEXT_TEXTS = st.sampled_from(
    [
        "Home",
        "News » World",
        "The council met on Monday and approved the budget after a long debate.",
        "It rained.",
        "We went there, and then we saw all of them, with the kids.",
        "Read more",
        "© 2024",
        "日本語の文章です。これは長い文章で、句読点もあります。さらに続きます。",
        "a b c d e f.",
        "\u200b",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(CONTEXT_TEXTS | TEXTS.filter(bool), st.booleans(), st.booleans()),
        min_size=1,
        max_size=40,
    )
)
def test_context_rows_is_the_numpy_definition(rows: list[tuple[str, bool, bool]]) -> None:
    """Every bit of ``context_features``' kernel form equals its numpy definition."""
    from collections import Counter

    from cleaner import features

    texts = [t.replace("\n", " ") for t, _, _ in rows]
    base = features.block_features(texts)
    weak = np.array([w for _, w, _ in rows], dtype=np.float64)
    counts = Counter(texts)
    copies = np.array([counts[t] for t in texts], dtype=np.int64)
    in_title = np.array([q for _, _, q in rows])
    compiled = features._context_features_kernel(base, weak, copies, in_title)
    plain = features.context_features_plain(base, weak, copies, in_title)
    assert compiled.tobytes() == plain.tobytes()


BLOCK_ROWS = st.lists(
    st.tuples(CONTEXT_TEXTS | TEXTS.filter(bool), st.sampled_from([None, "weak", "strong"])),
    min_size=1,
    max_size=40,
)


def _infos(rows: list[tuple[str, str | None]]) -> list:
    from cleaner.result import Category
    from cleaner.rules import Hit
    from cleaner.rules.base import Strength

    strengths = {"weak": Strength.WEAK, "strong": Strength.STRONG}
    hits = [
        None if h is None else Hit("rule", Category.NAVIGATION, strengths[h], "why")
        for _, h in rows
    ]
    return classify.describe_all([t.replace("\n", " ") for t, _ in rows], hits)


@settings(max_examples=200, deadline=None)
@given(BLOCK_ROWS)
def test_gate_rows_is_the_numpy_definition(rows: list) -> None:
    """The page gate's features by the kernel equal numpy's, bit for bit."""
    infos = _infos(rows)
    x = classify._inputs(infos)
    strong = sum(1 for b in infos if b.hit is not None and b.hit.strength is not classify.WEAK)
    plain = classify._gate_features(x, strong, *classify._gate_sums(x))
    assert classify.page_gate_features(x, infos).tobytes() == plain.tobytes()


def test_context_rows_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        kernels.context_rows(
            b"", b"", b"", b"", b"", b"", 0.0, 0.0, 1.0, 3, bytearray(), bytearray()
        )


def test_pipeline_without_kernels_gives_the_same_results(monkeypatch) -> None:
    """A machine without a C compiler runs the plain twins: every Result must be the same."""
    from pathlib import Path

    from cleaner import Cleaner, Settings, classify, features, rules, scorer, segment

    samples = Path(__file__).resolve().parent.parent / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    texts += [t.upper() for t in texts] + ["Home\n» News\nphoto.jpg\nJane says:\n© 2024 X"]
    compiled = [Cleaner(Settings()).clean(t) for t in texts]
    monkeypatch.setattr(segment, "_split_lines", None)
    monkeypatch.setattr(classify, "_kernel_words", None)
    monkeypatch.setattr(features, "_stop_flags_kernel", None)
    monkeypatch.setattr(rules, "_lines_holding_kernel", None)
    monkeypatch.setattr(features, "_context_rows_kernel", None)
    monkeypatch.setattr(features, "_block_rows_kernel", None)
    monkeypatch.setattr(features, "_describe_rows_kernel", None)
    monkeypatch.setattr(classify, "_gate_rows_kernel", None)
    monkeypatch.setattr(classify, "_untracked_rows", None)
    monkeypatch.setattr(scorer, "_stacked_rows_kernel", None)
    plain = [Cleaner(Settings()).clean(t) for t in texts]
    assert plain == compiled


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            CONTEXT_TEXTS | TEXTS.filter(bool) | st.sampled_from(["Home", "Home", "News"]),
            st.sampled_from([None, "weak", "strong"]),
        ),
        min_size=1,
        max_size=300,  # past numpy's pairwise-sum blocks of 128
    ),
    st.lists(st.booleans(), min_size=300, max_size=300),
)
def test_subset_rows_is_the_numpy_definition(rows: list, keep: list[bool]) -> None:
    """A document subset's scorer inputs by the kernel (sums done as numpy does them, its
    logarithms looked up) equal numpy's, bit for bit: the whole document and a subset."""
    infos = _infos(rows)
    doc = classify._Document(infos, described=infos)
    n = len(infos)
    for where in (np.arange(n), np.flatnonzero(keep[:n])):
        if len(where):
            x, gate = doc.measure(where, len(where) // 3)
            plain = doc.inputs_plain(where)
            assert x.tobytes() == plain.tobytes()
            # ...and the page gate's row, summed in the kernel as numpy sums the stack.
            assert gate.tobytes() == classify.page_gate_row(plain, len(where) // 3).tobytes()


def test_subset_rows_arguments_are_checked() -> None:
    infos = _infos([("Home", None), ("The council met on Monday, as planned.", None)])
    doc = classify._Document(infos, described=infos)
    doc.inputs(np.arange(2))
    args = (doc.base, doc.weak, doc.prose, doc.chars, doc.text_ids, doc.lengths)
    title = (doc.unquoted, 4, 8)
    gate = (classify._GATE_COLUMN_ARRAY, classify._DOC_PROSE_SHARE, 1.0, 1.0, 0, np.empty(16))
    outs = (np.empty((1, 36)), np.empty(1), np.empty(1))
    with pytest.raises(IndexError):
        kernels.subset_rows(*args, *title, np.array([5]), *doc.logs, 3, *outs, *gate)
    with pytest.raises(ValueError):
        kernels.subset_rows(*args, *title, np.array([0, 1]), *doc.logs, 3, *outs, *gate)
    unread = np.full(2, -1, dtype=np.int8)  # the title not searched yet: the caller must
    outs = (np.empty((2, 36)), np.empty(2), np.empty(2))
    where = np.array([0, 1])
    assert kernels.subset_rows(*args, unread, 40, 1, where, *doc.logs, 3, *outs, *gate) == -1


def test_logarithm_tables_are_numpy_on_any_array() -> None:
    """The looked-up logarithms equal numpy's on whole numbers wherever they stand in an array
    (its vector loops compute each element alone)."""
    whole = np.arange(5001, dtype=np.float64)
    table = np.log1p(whole)
    rng = np.random.default_rng(0)
    for size in (1, 3, 7, 8, 9, 31, 200, 1000):
        picked = rng.integers(0, 5001, size=size)
        assert np.log1p(picked.astype(np.float64)).tobytes() == table[picked].tobytes()
        assert np.log(picked + 1).tobytes() == np.log(whole[1:])[picked].tobytes()
    # ...and on one number, as the page gate's features take them (np.log(n), np.log1p(sum)).
    logs = np.log(whole[1:])
    for k in range(1, 5001):
        assert np.log(k) == logs[k - 1] and np.log1p(np.float64(k)) == table[k]


def test_untracked_rows_are_the_plain_tuples() -> None:
    """describe_all's rows built in C: equal to the plain ones, untracked only when acyclic."""
    import gc

    from cleaner.rules import Hit

    texts = ["Home", "The council met on Monday, as planned.", "© 2024 X", "Share"]
    hits = [None, None, None, None]
    rows = np.arange(8.0).reshape(4, 2)
    columns = (texts, [1, 7, 3, 1], [False, True, False, False], hits, rows)
    built = kernels.untracked_rows(classify.BlockInfo, columns, Hit)
    plain = [classify.BlockInfo(*fields) for fields in zip(*columns, strict=True)]
    assert [type(b) for b in built] == [classify.BlockInfo] * 4
    assert [tuple(b[:4]) for b in built] == [tuple(b[:4]) for b in plain]
    assert all((b.features == p.features).all() for b, p in zip(built, plain, strict=True))
    assert not any(gc.is_tracked(b) for b in built)
    mutable = kernels.untracked_rows(classify.BlockInfo, (["a"], [1], [False], [[]], [None]), Hit)
    assert gc.is_tracked(mutable[0])  # a list could come to hold the row: a cycle
    assert kernels.untracked_rows(classify.BlockInfo, (), Hit) == []
    with pytest.raises(ValueError):
        kernels.untracked_rows(classify.BlockInfo, (["a"], []), Hit)
    with pytest.raises(TypeError):
        kernels.untracked_rows(dict, (["a"],), Hit)
