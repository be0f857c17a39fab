"""The compiled builders (cleaner/_build.c) give exactly their plain twins' outputs."""

from __future__ import annotations

import gc
import pickle
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner import Cleaner, Settings, classify, features, pipeline
from cleaner.classify import Decision
from cleaner.features import (
    LOG1P_TABLE_SIZE,
    NAMES,
    block_features_plain,
    describe_flags,
    layout,
    measure_blocks,
)
from cleaner.pipeline import outputs, outputs_plain
from cleaner.result import Category, Fix, Removal, Result
from cleaner.segment import Block, split_blocks

from .compiled import compiled

build = compiled("cleaner._build")  # in CI a missing kernel fails, never skips

DECISIONS = [
    None,
    Decision(Category.FOOTER, "footer line", "footer"),
    Decision(Category.FOOTER, "footer line", "footer"),  # equal, another object
    Decision(Category.FOOTER, "other reason", "footer"),
    Decision(Category.SHARE, "footer line", "share"),  # same reason, unequal
]
LINES = st.lists(st.sampled_from(["a", " b c ", "", "日本", "😀 x", "\t"]), min_size=0, max_size=20)


def _same(a: tuple[str, list[Removal]], b: tuple[str, list[Removal]]) -> None:
    assert a[0] == b[0]
    assert a[1] == b[1]
    for x, y in zip(a[1], b[1], strict=True):
        assert type(x) is type(y) is Removal
        assert [type(getattr(x, f)) for f in Removal.__slots__] == [
            type(getattr(y, f)) for f in Removal.__slots__
        ]


@settings(max_examples=300, deadline=None)
@given(LINES, st.data())
def test_outputs_equal_the_plain_definition(lines: list[str], data: st.DataObject) -> None:
    source = "\n".join(lines)
    blocks = split_blocks(source)
    picks = st.lists(st.sampled_from(DECISIONS), min_size=len(blocks), max_size=len(blocks))
    decisions = data.draw(picks)
    _same(outputs(source, blocks, decisions), outputs_plain(source, blocks, decisions))


def test_removals_are_plain_removals() -> None:
    result = Cleaner(Settings()).clean("Home\nAbout\nThe council met on Monday, as planned.\n")
    text, removed = outputs_plain(result.source, split_blocks(result.source), [None] * 3)
    assert removed == [] and text == result.source.strip()
    for removal in result.removed:
        copy = pickle.loads(pickle.dumps(removal))
        assert copy == removal and hash(copy) == hash(removal)
        assert removal.to_dict() == copy.to_dict()
        # Built by the kernel: nothing in it can lead back to it, so the collector skips it.
        assert not gc.is_tracked(removal)
        with pytest.raises(AttributeError):
            removal.start = 0  # still frozen
    # Nor the list of them: a fresh list of untracked removals holds no cycle.
    assert result.removed and not gc.is_tracked(result.removed)


def test_a_list_holding_a_tracked_removal_stays_tracked() -> None:
    setters = tuple(Removal.__dict__[name] for name in Removal.__slots__)
    getters = tuple(getattr(Decision, name) for name in ("category", "reason", "rule"))
    odd = Decision(Category.FOOTER, "why", ("rule", []))  # a rule that can hold a cycle
    for decision, tracked in ((DECISIONS[1], False), (odd, True)):
        _, removed = build.outputs(
            "a", [(0, 1, "a")], [decision], Removal, setters, getters, Category
        )
        assert gc.is_tracked(removed[0]) is tracked and gc.is_tracked(removed) is tracked


def test_outputs_on_webeval_pages() -> None:
    """On real pages (the first 60), with the decisions the pipeline makes."""
    cleaner = Cleaner(Settings())
    for path in webeval_pages()[:60]:
        source = path.read_text(encoding="utf-8")
        blocks = split_blocks(source)
        decisions = cleaner.decide(source, blocks)
        _same(outputs(source, blocks, decisions), outputs_plain(source, blocks, decisions))


def test_kernel_arguments_are_checked() -> None:
    setters = tuple(Removal.__dict__[name] for name in Removal.__slots__)
    getters = tuple(getattr(Decision, name) for name in ("category", "reason", "rule"))
    with pytest.raises(ValueError):
        build.outputs("ab", [(0, 1, "a")], [], Removal, setters, getters, Category)
    with pytest.raises(ValueError):
        build.outputs("ab", [(0, 9, "a")], [DECISIONS[1]], Removal, setters, getters, Category)
    with pytest.raises(TypeError):
        build.outputs("ab", [(0, 1)], [DECISIONS[1]], Removal, setters, getters, Category)


# Every kind of character describe_rows reads: spaces of several kinds, sentence
# punctuation, ends and closers, CJK and Thai, astral characters, letters whose lower case
# differs, stop words in several cases. (The characters it leaves to numpy: below.)
BLOCK_TEXTS = st.lists(
    st.sampled_from(
        [
            *"ab Z9.!?;:,)]\"'”’»…。！？、\t\r\x0b\u2028\u3000\x85中ก한😀ßΣσς_1",
            *("the", "THE", "Der", "und", "été", "ÉTÉ", "как", "a", "ıi", "ǅ", "\U00010428"),
            *("\U00020000", "Home", "\u200b", "#", "©"),
        ]
    ),
    min_size=1,
    max_size=40,
).map("".join)


def _measured_apart(texts: list[str]) -> tuple[np.ndarray, list[int], list[bool]]:
    laid = layout(texts)
    return (block_features_plain(texts, laid), *classify._words_and_prose(laid))


def _measure(texts: list[str]) -> tuple[np.ndarray, list[int], list[bool]] | None:
    flags = describe_flags(
        classify._CJK_RANGES, classify._SENTENCE_PUNCT, classify._SENTENCE_END, classify._CLOSERS
    )
    minimums = (classify.PROSE_MIN_WORDS, classify.PROSE_MIN_CJK_CHARS, classify.SENTENCE_MIN_WORDS)
    return measure_blocks(texts, flags, minimums)


@settings(max_examples=400, deadline=None)
@given(st.lists(BLOCK_TEXTS, min_size=1, max_size=12))
def test_measure_blocks_is_block_features_and_describe(texts: list[str]) -> None:
    texts = [t.replace("\n", " ") for t in texts]
    measured = _measure(texts)
    assert measured is not None
    rows, words, prose = measured
    expected_rows, expected_words, expected_prose = _measured_apart(texts)
    assert rows.tobytes() == expected_rows.tobytes()  # the same bits
    assert (words, prose) == (expected_words, expected_prose)
    assert all(type(w) is int for w in words) and all(type(p) is bool for p in prose)


def test_measure_blocks_on_webeval_pages() -> None:
    """On real pages (the first 120): the same bits as the features measured apart."""
    read = 0
    for path in webeval_pages()[:120]:
        texts = [b.text for b in split_blocks(path.read_text(encoding="utf-8"))]
        measured = _measure(texts) if texts else None
        if measured is None:
            continue
        read += 1
        expected = _measured_apart(texts)
        assert measured[0].tobytes() == expected[0].tobytes()
        assert measured[1:] == expected[1:]
    assert read > 100


def test_measure_blocks_leaves_what_it_cannot_read() -> None:
    for texts in (["a", ""], ["a\nb"], ["İstanbul"], ["x" * LOG1P_TABLE_SIZE], ["\U00010400"]):
        assert _measure(texts) is None
    rows = np.zeros((1, len(NAMES)))
    with pytest.raises(ValueError):
        build.describe_rows(["a"], b"", b"", 1, 1, b"", 1, 1, 1, rows)
    with pytest.raises(ValueError):
        build.block_rows(["a"], b"", b"", 1, 1, True, rows)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            BLOCK_TEXTS
            | st.sampled_from(["The", "DER", "İ", "Σ", "ǅ", "Ⅰ", "ÉTÉ", "ß", "ΣΑΣ", "\U00010400"]),
            min_size=1,
            max_size=20,
        ).map("".join),
        min_size=1,
        max_size=8,
    )
)
def test_block_rows_is_the_numpy_definition(texts: list[str]) -> None:
    """``block_features`` by the compiled loop (cleaner._build.block_rows) equals its numpy
    form, bit for bit, or declines."""
    texts = [t.replace("\n", " ") for t in texts]
    plain = features.block_features_plain(texts)
    compiled = features._rows_kernel(texts)
    if any(not t for t in texts):
        assert compiled is None
    if compiled is not None:
        assert compiled.tobytes() == plain.tobytes()
    assert features.block_features(texts).tobytes() == plain.tobytes()


def test_block_rows_reads_what_describe_rows_leaves() -> None:
    """The documents the pipeline's describe_rows leaves (a letter lowering to two, blocks
    longer than its logarithm table) are read by the compiled loop, with numpy's bits; an
    astral letter with a lower case, an empty block or a line break go to numpy."""
    long_block = "The council met. " * (features.LOG1P_TABLE_SIZE // 8)
    for texts in (
        ["İstanbul is the city", "Σ the ΣΑΣ and"],
        [long_block, "Home", long_block.upper()],
        ["x" * features.LOG1P_TABLE_SIZE, "😀 the"],
    ):
        compiled = features._rows_kernel(texts)
        assert compiled is not None
        assert compiled.tobytes() == features.block_features_plain(texts).tobytes()
    for texts in (["\U00010400 the"], ["a", ""], ["a\nb"]):
        assert features._rows_kernel(texts) is None
    texts = ["\U00010400 the", "Home"]
    assert features.block_features(texts).tobytes() == block_features_plain(texts).tobytes()


def test_describe_all_rows_are_the_untracked_rows() -> None:
    """describe_all's rows built by describe_rows equal those the numpy path builds."""
    texts = ["Home", "The council met on Monday, as planned.", "日本語のテキストです。"]
    hits = [None, None, None]
    fast = classify.describe_all(texts, hits)
    rows, words, prose = _measured_apart(texts)
    assert isinstance(fast, classify.Described) and len(fast) == len(texts)
    for k, info in enumerate(fast):
        assert type(info) is classify.BlockInfo
        assert info[:4] == (texts[k], words[k], prose[k], None)
        assert info.features.tobytes() == rows[k].tobytes()
        assert info.features.base is fast.rows  # a row of the document's matrix
        assert not gc.is_tracked(info)
    assert fast.rows.tobytes() == rows.tobytes()
    assert (fast.texts, fast.hits, fast.words, fast.prose) == (texts, hits, words, prose)
    # Without per-block rows (the pipeline's blocks): None in their place, by describe_rows
    # and by the path that measures apart (a text it does not read: İ).
    for some in (texts, [*texts, "İstanbul"]):
        bare = classify.describe_all(some, [None] * len(some), features=False)
        full = classify.describe_all(some, [None] * len(some))
        assert [b[:4] for b in bare] == [b[:4] for b in full]
        assert [b.features for b in bare] == [None] * len(some)
        assert bare.rows.tobytes() == full.rows.tobytes()
        assert not any(gc.is_tracked(b) for b in bare)


def test_describe_all_without_rows_by_the_numpy_path(monkeypatch) -> None:
    """describe_all(features=False) when neither describe_rows nor untracked_rows builds
    the blocks: the same blocks, no feature rows, the same matrix."""
    texts = ["Home", "The council met on Monday, as planned.", "日本語のテキストです。"]
    full = classify.describe_all(texts, [None] * 3)
    monkeypatch.setattr(classify, "measure_blocks", lambda *args: None)
    monkeypatch.setattr(classify, "_untracked_rows", None)
    bare = classify.describe_all(texts, [None] * 3, features=False)
    assert [tuple(b) for b in bare] == [(*b[:4], None) for b in full]
    assert bare.rows.tobytes() == full.rows.tobytes()


def test_outputs_reads_decisions_of_other_types() -> None:
    """Decisions whose fields are not the Decision slots it reads directly: through the
    descriptors (a subclass's instances; a named tuple's fields)."""

    class Later(NamedTuple):
        category: Category
        reason: str
        rule: str

    setters = tuple(Removal.__dict__[name] for name in Removal.__slots__)
    source = "a\nb\nc"
    blocks = split_blocks(source)
    for decision in (Later(Category.FOOTER, "why", "rule"),):
        getters = tuple(getattr(type(decision), name) for name in ("category", "reason", "rule"))
        text, removed = build.outputs(
            source, blocks, [None, decision, decision], Removal, setters, getters, Category
        )
        assert text == "a"
        assert removed == [Removal(Category.FOOTER, "b\nc", 2, 5, "why", "rule")]
    getters = tuple(getattr(Decision, name) for name in ("category", "reason", "rule"))
    decisions = [None, _Sub(Category.SHARE, "x", "y"), _Sub(Category.SHARE, "x", "y")]
    assert outputs(source, blocks, decisions) == outputs_plain(source, blocks, decisions)
    text, removed = build.outputs(source, blocks, decisions, Removal, setters, getters, Category)
    assert removed == [Removal(Category.SHARE, "b\nc", 2, 5, "x", "y")]


class _Sub(Decision):
    __slots__ = ()


def test_describe_rows_checks_its_rows_arguments() -> None:
    flags = describe_flags(
        classify._CJK_RANGES, classify._SENTENCE_PUNCT, classify._SENTENCE_END, classify._CLOSERS
    )
    minimums = (classify.PROSE_MIN_WORDS, classify.PROSE_MIN_CJK_CHARS, classify.SENTENCE_MIN_WORDS)
    with pytest.raises(ValueError):
        measure_blocks(["a", "b"], flags, minimums, (classify.BlockInfo, [None], object, []))
    with pytest.raises(TypeError):
        measure_blocks(["a"], flags, minimums, (list, [None], object, []))


def test_every_stop_word_is_found_by_the_compiled_loop() -> None:
    """Each stop word (and each one capitalised, cut short or one letter longer) counts as
    the numpy definition counts it: the loop's keys (first letter highest, looked up by a
    multiplication in place of the modulo) find exactly the stop words."""
    words = sorted(features.STOP_WORDS)
    variants = [
        *words,
        *(w.upper() for w in words),
        *(w.capitalize() for w in words),
        *(w[:-1] for w in words if len(w) > 1),
        *(w + "s" for w in words),
        *("x" + w for w in words),
    ]
    texts = [" ".join(variants[k : k + 7]) for k in range(0, len(variants), 7)]
    measured = _measure(texts)
    assert measured is not None
    assert measured[0].tobytes() == _measured_apart(texts)[0].tobytes()
    compiled = features._rows_kernel(texts)
    assert compiled is not None
    assert compiled.tobytes() == block_features_plain(texts).tobytes()
    stop = features.NAMES.index("stop_ratio")
    whole = len(words) // 7  # the texts of stop words alone: every word one
    assert measured[0][:whole, stop].tolist() == [1.0] * whole


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", " b c ", "", "é", "日本", "😀 x", "\t", "\u2019"]), max_size=12),
    st.data(),
)
def test_kept_text_copied_from_the_source_is_the_join(lines: list[str], data) -> None:
    """The kept text the kernel copies from the source (when it has the source's kind) is
    the join of the kept blocks' texts, of the same kind; blocks whose texts are not their
    spans (another length) are joined from the texts, as the plain definition does."""
    source = "\n".join(lines)
    blocks = split_blocks(source)
    kept = data.draw(st.lists(st.booleans(), min_size=len(blocks), max_size=len(blocks)))
    decisions = [None if keep else DECISIONS[1] for keep in kept]
    text, _ = outputs(source, blocks, decisions)
    expected = "\n".join(b.text for b, keep in zip(blocks, kept, strict=True) if keep)
    assert text == expected and text.isascii() == expected.isascii()
    odd = [Block(b.start, b.end, b.text + "!") for b in blocks]  # texts unlike their spans
    assert outputs(source, odd, decisions) == outputs_plain(source, odd, decisions)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_block_features_on_arbitrary_text(texts: list[str]) -> None:
    """Any code points (astral ones, lone surrogates, "\\r", "\\u2028", NEL, controls): the
    compiled loops give numpy's bits or decline."""
    texts = [t.replace("\n", " ") for t in texts]
    measured = _measure(texts)
    if measured is not None:
        expected = _measured_apart(texts)
        assert measured[0].tobytes() == expected[0].tobytes()
        assert measured[1:] == expected[1:]
    compiled = features._rows_kernel(texts)
    if compiled is not None:
        assert compiled.tobytes() == block_features_plain(texts).tobytes()


def test_records_are_results() -> None:
    setters = tuple(Result.__dict__[name] for name in Result.__slots__)
    removal = Removal(Category.FOOTER, "Home", 0, 4, "why", "rule")  # built in Python: tracked
    _, (built,) = outputs("Home\nkept", split_blocks("Home\nkept"), [DECISIONS[1], None])
    cases = (([built], [], False), ([built], [Fix("a", "b")], True), ([removal], [], True))
    for removed, fixes, tracked in cases:
        values = ("kept", "Home\nkept", removed, "en", fixes)
        made = build.record(Result, setters, values)
        assert type(made) is Result and made == Result(*values)
        assert pickle.loads(pickle.dumps(made)) == made
        assert gc.is_tracked(made) is tracked
        assert gc.is_tracked(removed) is (removed[0] is removal)  # a list of untracked items
        with pytest.raises(AttributeError):
            made.text = ""  # still frozen
    with pytest.raises(ValueError):
        build.record(Result, setters, values[:2])
    with pytest.raises(TypeError):
        build.record(Removal, setters, values)


def test_clean_results_are_left_to_reference_counting() -> None:
    result = Cleaner(Settings()).clean("Home\nThe council met on Monday, as planned.\n")
    assert result.removed and not gc.is_tracked(result) and not gc.is_tracked(result.fixes)
    assert pipeline._new_result is not Result
