"""The scorer's lexicon: hashed words per block (cleaner.features.lexical_tokens) and its logits."""

from __future__ import annotations

import itertools
import json
import os
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner.classify import ScoreMemo, describe_all
from cleaner.features import (
    _BIGRAM_SALT,
    _FIRST_SALT,
    _HASH_BASE,
    _LAST_SALT,
    _UNSPACED_RANGES,
    LEXICAL_BITS,
    lexical_buckets,
    lexical_tokens,
    lexical_tokens_plain,
)
from cleaner.scorer import Lexicon, default_scorer

MASK = (1 << 64) - 1
WORD = re.compile(r"\w+")


def _mixed(h: int) -> int:
    h ^= h >> 31
    h = (h * 0x9E3779B97F4A7C15) & MASK
    return h ^ (h >> 29)


def _unspaced(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in _UNSPACED_RANGES)


def _words(text: str) -> list[str]:
    """The tokens of one block, word by word (the reference for the array version)."""
    out = []
    for m in WORD.finditer(text):
        word, piece = m.group(), ""
        for ch in word:
            if _unspaced(ch) or (piece and _unspaced(piece[-1])):
                if piece:
                    out.append(piece)
                piece = ch
            else:
                piece += ch
        out.append(piece)
    return out


def _hash(word: str) -> int:
    h, power = 0, 1
    for ch in word:
        low = ch.lower()
        code = ord(low) if len(low) == 1 and ord(ch) <= 0xFFFF else min(ord(ch), 0xFFFF)
        code = ord("0") if ch.isdigit() and ord(ch) <= 0xFFFF else code
        h = (h + (code + 1) * power) & MASK
        power = (power * _HASH_BASE) & MASK
    return _mixed(h)


def reference_tokens(texts: list[str]) -> list[list[int]]:
    """Per block, its token hashes: words, word pairs, first word, last word."""
    out = []
    for text in texts:
        words = [_hash(w) for w in _words(text)]
        pairs = [
            _mixed(((a * _HASH_BASE) & MASK) + (b ^ _BIGRAM_SALT) & MASK)
            for a, b in itertools.pairwise(words)
        ]
        ends = [_mixed(words[0] ^ _FIRST_SALT), _mixed(words[-1] ^ _LAST_SALT)] if words else []
        out.append(sorted(words + pairs + ends))
    return out


def _by_block(texts: list[str], tokens=lexical_tokens) -> list[list[int]]:
    owner, hashes, count = tokens(texts)
    got: list[list[int]] = [[] for _ in texts]
    for o, h in zip(owner.tolist(), hashes.tolist(), strict=True):
        got[o].append(h)
    assert [len(g) for g in got] == count.tolist()
    return [sorted(g) for g in got]


SAMPLES = [
    "Leave a comment",
    "Kommentar schreiben",
    "Publier un commentaire",
    "Haftungsbeschränkung für externe Links",
    "1. Januar 2023",
    "東京都の天気は晴れです。",
    "สวัสดีครับ",
    "",
    "  ,,, ",
    "Straße ÉCOLE İstanbul ﬁne",
    "a_b x2 𝔘nicode 😀 done",
]


def test_tokens_equal_the_word_by_word_reference():
    assert _by_block(SAMPLES) == reference_tokens(SAMPLES)
    assert _by_block(SAMPLES, lexical_tokens_plain) == reference_tokens(SAMPLES)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=8))
def test_tokens_equal_the_reference_on_any_text(texts):
    texts = [t.replace("\n", " ") for t in texts]
    assert _by_block(texts, lexical_tokens_plain) == reference_tokens(texts)


# CI builds with a C compiler: there a missing kernel is a broken build, not a skip.
def _kernel():
    if os.environ.get("CI"):
        import cleaner._lexical as lexical

        return lexical
    return pytest.importorskip("cleaner._lexical")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=10))
def test_kernel_gives_the_plain_tokens_bit_for_bit(texts):
    _kernel()
    got, plain = lexical_tokens(texts), lexical_tokens_plain(texts)
    for a, b in zip(got, plain, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_kernel_declines_what_is_not_text_and_checks_its_tables():
    kernel = _kernel()
    table = np.zeros(0x10000, dtype=np.uint64)
    flags = np.zeros(0x10000, dtype=bool)
    assert kernel.lexical_tokens(["a", b"b"], table, flags, flags, 3, 1, 2, 5) is None
    with pytest.raises(ValueError):
        kernel.lexical_tokens(["a"], table[:5], flags, flags, 3, 1, 2, 5)


def _shipped_lexicon() -> Lexicon:
    scorer = default_scorer()
    assert scorer is not None and scorer.lexicon is not None
    return scorer.lexicon


def test_shipped_lexicon_is_held_as_int16_levels_with_the_weights_bits():
    lexicon = _shipped_lexicon()
    assert lexicon.levels is not None and lexicon.levels.dtype == np.int16
    assert (lexicon.levels * lexicon.scale).tobytes() == lexicon.weights.tobytes()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=10))
def test_one_pass_measure_gives_the_laid_out_sums_bit_for_bit(texts):
    _kernel()
    shipped = _shipped_lexicon()
    floats = Lexicon(shipped.weights, shipped.bias)  # the float64 table, no levels
    for lexicon in (shipped, floats):
        fast = lexicon.measure(texts)
        assert fast.tobytes() == lexicon.measure_plain(texts).tobytes()
        assert fast.tobytes() == lexicon.measure_tokens(*lexical_tokens(texts)).tobytes()


def test_one_pass_measure_on_the_samples_and_webeval():
    _kernel()
    lexicon = _shipped_lexicon()
    assert lexicon.measure(SAMPLES).tobytes() == lexicon.measure_plain(SAMPLES).tobytes()
    for path in webeval_pages()[::10]:
        blocks = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        assert lexicon.measure(blocks).tobytes() == lexicon.measure_plain(blocks).tobytes()


def test_one_pass_measure_declines_what_is_not_text_and_checks_its_buffers():
    kernel = _kernel()
    packed = np.zeros(0x10000, dtype=np.uint32)
    weights = np.zeros(1 << LEXICAL_BITS)
    out = np.empty((2, 2))
    args = (3, 1, 2, 5)
    assert (
        kernel.lexical_measure(["a", b"b"], packed, *args, weights, 1.0, LEXICAL_BITS, 0.0, out)
        is None
    )
    with pytest.raises(ValueError):
        kernel.lexical_measure(["a", "b"], packed[:9], *args, weights, 1.0, LEXICAL_BITS, 0.0, out)
    with pytest.raises(ValueError):
        kernel.lexical_measure(["a", "b"], packed, *args, weights[:9], 1.0, LEXICAL_BITS, 0.0, out)
    with pytest.raises(ValueError):
        kernel.lexical_measure(["a"], packed, *args, weights, 1.0, LEXICAL_BITS, 0.0, out)


def test_tokens_ignore_case_and_number_values_but_not_words():
    a, b, c = _by_block(["Read MORE 2023", "read more 1999", "read less 1999"])
    assert a == b and a != c


def test_unspaced_scripts_are_read_character_by_character():
    (tokens,) = _by_block(["天气很好"])
    assert len(tokens) == 4 + 3 + 2  # characters, their pairs, first and last


def test_lexicon_logits_sum_the_weights_of_each_block():
    rng = np.random.default_rng(0)
    lexicon = Lexicon(rng.normal(size=1 << LEXICAL_BITS), 0.25)
    expected = []
    for tokens in reference_tokens(SAMPLES):
        buckets = lexical_buckets(np.array(tokens, dtype=np.uint64))
        expected.append(0.25 + lexicon.weights[buckets].sum() / np.sqrt(max(len(tokens), 1)))
    assert np.allclose(lexicon.logits(SAMPLES), expected, rtol=0, atol=1e-12)


def test_shipped_lexicon_is_small_and_reads_boilerplate_words():
    raw = resources.files("cleaner").joinpath("data/scorer.json").read_bytes()
    assert len(raw) < 1_000_000
    scorer = default_scorer()
    assert scorer is not None and scorer.lexicon is not None
    assert json.loads(raw)["lexicon"]["bits"] == LEXICAL_BITS
    boilerplate = ["Leave a comment", "Kommentar schreiben", "Newsletter abonnieren",
                   "Alle Rechte vorbehalten", "Publier un commentaire"]  # fmt: skip
    prose = ["The council approved the new budget after a long debate.",
             "Der Stadtrat hat den neuen Haushalt nach langer Debatte beschlossen.",
             "Le conseil a approuvé le nouveau budget après un long débat."]  # fmt: skip
    low, high = scorer.lexicon.logits(boilerplate), scorer.lexicon.logits(prose)
    assert low.max() < high.min()


def test_memo_reads_the_lexicon_once_per_document():
    scorer = default_scorer()
    assert scorer is not None and scorer.lexicon is not None
    texts = ["Home", "News", "The council approved the new budget after a long debate.", "Imprint"]
    blocks = describe_all(texts, [None] * len(texts))
    memo = ScoreMemo()
    x = memo.inputs(blocks)
    whole = memo.probabilities(scorer, x)
    assert np.array_equal(whole, scorer.probabilities(x, scorer.lexical(texts)))
    part = memo.inputs(blocks[1:3])
    assert np.array_equal(
        memo.probabilities(scorer, part), scorer.probabilities(part, scorer.lexical(texts[1:3]))
    )


def test_one_pass_measure_on_mixed_scripts_and_long_words():
    """The compiled loop's branch-free word splitting (and its Latin-1 path) against the
    laid-out sums: scripts without spaces beside spaced ones, astral letters, long words."""
    lexicon = _shipped_lexicon()
    texts = [
        "東京タワーは高い tower 東京",
        "ภาษาไทยsiam ไทย, abc",
        "𝐀𝐁𝐂 word 𝐃 — ñandú café",
        "x" * 300 + " " + "y" * 5,
        "ÀÉÎ õü ß " * 20,
        "",
        " , ; ",
        "a",
        "日",
    ]
    assert lexicon.measure(texts).tobytes() == lexicon.measure_plain(texts).tobytes()


def test_one_pass_measure_reads_each_text_once_with_same() -> None:
    """``same`` (a block of equal text per block, its own): the rows the kernel copies are
    the rows it would measure; a ``same`` that points at a copy is refused."""
    _kernel()
    lexicon = _shipped_lexicon()
    texts = ["Home", "The council met on Monday.", "Home", "", "Home", "日本語 text"]
    same = np.array([4, 1, 4, 3, 4, 5], dtype=np.intp)
    assert lexicon.measure(texts, same).tobytes() == lexicon.measure(texts).tobytes()
    assert lexicon.measure(texts, same).tobytes() == lexicon.measure_plain(texts).tobytes()
    for page in webeval_pages()[::50]:
        text = page.read_text(encoding="utf-8")
        blocks = [line.strip() for line in text.splitlines() if line.strip()]
        last = dict(zip(blocks, range(len(blocks))))
        ids = np.array([last[t] for t in blocks], dtype=np.intp)
        assert lexicon.measure(blocks, ids).tobytes() == lexicon.measure(blocks).tobytes()
    with pytest.raises(ValueError):
        lexicon.measure(texts, np.array([0, 1, 0, 3, 2, 5], dtype=np.intp))
    with pytest.raises(ValueError):
        lexicon.measure(texts, np.arange(3))
