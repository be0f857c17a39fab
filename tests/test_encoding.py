"""Encoding repair: the fast path gives exactly ftfy's answers, segment by segment."""

from __future__ import annotations

import itertools
import unicodedata

import ftfy
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_text_dir

from cleaner import Settings, clean
from cleaner.encoding import (
    NFC_TABLE_LIMIT,
    EncodingRepair,
    _badness_rules,
    _nfc_suspects,
    ftfy_segments,
)

FAST = EncodingRepair(Settings())
SLOW = EncodingRepair(Settings(fast_path=False))


def _webeval_texts() -> list[str]:
    folder = webeval_text_dir()
    if folder is None:
        return []
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


RULES = _badness_rules(BADNESS_RE)


def test_badness_rules_are_read_from_ftfy():
    assert RULES is not None, "ftfy's badness regex changed shape: the fast path went slow"
    assert 2 <= RULES.width <= 16 and len(RULES.pairs) >= 20
    openers = set().union(*(first.chars for first, _second in RULES.pairs))
    assert "\u00c3" in openers and not any(c.isascii() for c in openers)
    # Only the C1 controls' alternative has no two adjacent one-character items.
    assert RULES.singles == frozenset(map(chr, range(0x80, 0xA0)))


def _moji(text: str, codec: str = "latin-1") -> str:
    """UTF-8 bytes of ``text`` decoded with the wrong codec: real-world mojibake."""
    return text.encode("utf-8").decode(codec)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        (_moji("The café is open"), "The café is open"),
        (_moji("Привет мир"), "Привет мир"),
        (_moji("naïve — ‘quoted’", "cp1252"), "naïve — ‘quoted’"),
        ("Fish &amp; chips", "Fish & chips"),
        ("a\r\nb", "a\nb"),
        ("\ufb01sh", "fish"),
        ("nul\x00here", "nulhere"),
        ("e\u0301te", "\u00e9te"),  # NFC
        ("plain ascii stays", "plain ascii stays"),
    ],
)
def test_fast_path_repairs_like_ftfy(broken, fixed):
    assert FAST(broken).text == fixed
    assert FAST(broken) == SLOW(broken)


def test_fixes_are_explained():
    result = clean(_moji("The café is open and the council approved the budget."))
    assert result.source.startswith("The café")
    assert any(f.action == "encode" for f in result.fixes)


def test_clean_text_skips_ftfy_entirely():
    text = "Grüße aus Köln — “quoted” text, 10 € and ½ cup.\nΚαλημέρα κόσμε. Привет, мир!\n"
    assert FAST.flagged_segments(text) == []
    assert FAST(text).text == text


def test_segments_follow_ftfy_cuts():
    assert list(ftfy_segments("ab\ncd", 10)) == [(0, 3), (3, 5)]
    assert list(ftfy_segments("abcdefg", 3)) == [(0, 3), (3, 6), (6, 7)]
    assert list(ftfy_segments("", 3)) == []


def test_fast_path_equals_ftfy_on_webeval():
    # All 990 pages: every segment the fast path leaves alone, ftfy leaves alone too.
    texts = _webeval_texts()
    if not texts:
        pytest.skip("shared/data/webeval not found beside the repository")
    for text in texts:
        assert FAST(text) == SLOW(text)  # SLOW: ftfy.fix_and_explain on every segment


@pytest.mark.parametrize(
    "text",
    [
        "e\u0301te\n",  # NFC only: normalized without ftfy
        "A\u0303\u00a9 caf\u00e9\n",  # NFC makes "Ã©": mojibake ftfy then decodes
        "A\u0303 \n",  # NFC makes "Ã ", which ftfy also reads as mojibake
        "Ko\u0308ln &amp; Bonn\n",  # not NFC, and an entity: ftfy
        "\u1100\u1161\u11a8 \u0915\u093c\n",  # Hangul jamo, a Devanagari nukta
    ],
)
def test_normalize_only_segments_match_ftfy(text):
    assert FAST(text) == SLOW(text)


_MOJIBAKE_CODECS = ["latin-1", "cp1252", "cp1251", "cp1253", "macroman", "cp437"]
_NASTY = st.sampled_from(
    [chr(c) for c in range(0xA0, 0x100)]
    + list("€™‚„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜šœžŸ")
    + ["\x00", "\x1b[31m", "\r", "\ud83d", "\ufffd", "&amp;", "&#x263a;", "\ufb01", "e\u0301", "\n"]
)


@st.composite
def mojibake(draw):
    """Text with real mojibake: UTF-8 bytes decoded with a wrong codec, plus nasty bits."""
    pieces = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            pieces.append(draw(st.text(max_size=20)))
        elif kind == 1:
            raw = draw(st.text(max_size=20)).encode("utf-8", "surrogatepass")
            codec = draw(st.sampled_from(_MOJIBAKE_CODECS))
            pieces.append(raw.decode(codec, errors="replace"))
        else:
            pieces.append(draw(_NASTY))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(mojibake())
def test_fast_path_equals_slow_path_on_mojibake(text):
    assert FAST(text) == SLOW(text)


@settings(max_examples=300, deadline=None)
@given(mojibake() | st.lists(_NASTY | st.text(max_size=5), max_size=20).map("".join))
def test_nothing_flagged_means_ftfy_changes_nothing(text):
    # The proof the fast path rests on, checked against ftfy's public entry point.
    if not FAST.flagged_segments(text):
        assert ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False) == text


def _holds_evidence(match: str) -> bool:
    if any(c in RULES.singles for c in match):
        return True
    return any(
        a in first.chars and (b in second.chars) != second.negated
        for first, second in RULES.pairs
        for a, b in itertools.pairwise(match)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(_NASTY, max_size=30).map("".join) | mojibake())
def test_every_badness_match_holds_a_pair_or_single(text):
    for match in BADNESS_RE.finditer(text):
        assert _holds_evidence(match.group())


NFC_SUSPECTS = _nfc_suspects()


def test_characters_not_suspected_are_nfc_alone():
    suspects = NFC_SUSPECTS
    for cp in range(NFC_TABLE_LIMIT):
        char = chr(cp)
        if cp not in suspects:
            assert unicodedata.combining(char) == 0 and unicodedata.normalize("NFC", char) == char
    # Quick check "maybe" characters (they compose with what precedes them) are suspects.
    assert {0x0301, 0x0308, 0x093C, 0x0CD5, 0x1161, 0x11A8, 0x3099} <= suspects
    assert {0x00E9, 0x00FC, 0xAC00, 0x2013}.isdisjoint(suspects)


_COMPOSING = st.sampled_from(
    [
        *("e", "A", "\u0301", "\u0308", "\u0303", "\u1100", "\u1161", "\u11a8", "\u0915"),
        *("\u093c", "\u3099", "\u304b", "\u0cbf", "\u0cd5", "\u2126", "\u212b", "\uf900"),
        "\u0344",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_COMPOSING | st.characters(max_codepoint=0x2FFFF), max_size=20).map("".join))
def test_text_without_suspects_is_nfc(text):
    if not any(ord(c) in NFC_SUSPECTS for c in text):
        assert unicodedata.is_normalized("NFC", text)
    assert FAST(text) == SLOW(text)


def test_short_segment_limit_still_matches_slow_path():
    # A tiny max_decode_length cuts inside lines, as ftfy.fix_text does on megabyte lines.
    fast, slow = EncodingRepair(Settings()), EncodingRepair(Settings(fast_path=False))
    object.__setattr__(fast, "_limit", 4)
    object.__setattr__(slow, "_limit", 4)
    for text in ["abcÃ©defgh\nÃ©Ã©Ã©Ã©Ã©", "x" * 9 + "&amp;" + "y" * 5, "café" * 5]:
        assert fast.flagged_segments(text) == [
            s for s in ftfy_segments(text, 4) if fast.line_needs_ftfy(text[s[0] : s[1]])
        ]
