"""Encoding repair: the fast path gives exactly ftfy's answers, segment by segment."""

from __future__ import annotations

from pathlib import Path

import ftfy
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Settings, clean
from cleaner.encoding import EncodingRepair, _badness_anchors, ftfy_segments

FAST = EncodingRepair(Settings())
SLOW = EncodingRepair(Settings(fast_path=False))
WEBEVAL_SAMPLE_DOCS = 120  # enough languages and mojibake to matter, fast enough for make test


def _webeval_texts() -> list[str]:
    for parent in Path(__file__).resolve().parents:
        folder = parent / "shared" / "data" / "webeval" / "text"
        if folder.is_dir():
            paths = sorted(folder.glob("*.txt"))[:WEBEVAL_SAMPLE_DOCS]
            return [p.read_text(encoding="utf-8") for p in paths]
    return []


def _per_segment_ftfy(text: str, config: ftfy.TextFixerConfig) -> str:
    limit = config.max_decode_length
    return "".join(
        ftfy.fix_and_explain(text[a:b], config)[0] for a, b in ftfy_segments(text, limit)
    )


def test_badness_anchors_are_read_from_ftfy():
    anchors = _badness_anchors(BADNESS_RE)
    assert anchors is not None, "ftfy's badness regex changed shape: the fast path went slow"
    chars, width = anchors
    assert "\u00c3" in chars and "€" in chars and 2 <= width <= 16
    assert not any(c.isascii() for c in chars)


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
    texts = _webeval_texts()
    if not texts:
        pytest.skip("shared/data/webeval not found beside the repository")
    config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=True)
    for text in texts:
        fast = FAST(text)
        assert fast == SLOW(text)
        assert fast.text == _per_segment_ftfy(text, config)


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
@given(st.lists(_NASTY, max_size=30).map("".join) | mojibake())
def test_every_badness_match_holds_an_anchor(text):
    chars, _width = _badness_anchors(BADNESS_RE)
    for match in BADNESS_RE.finditer(text):
        assert any(c in chars for c in match.group())


def test_short_segment_limit_still_matches_slow_path():
    # A tiny max_decode_length cuts inside lines, as ftfy.fix_text does on megabyte lines.
    fast, slow = EncodingRepair(Settings()), EncodingRepair(Settings(fast_path=False))
    object.__setattr__(fast, "_limit", 4)
    object.__setattr__(slow, "_limit", 4)
    for text in ["abcÃ©defgh\nÃ©Ã©Ã©Ã©Ã©", "x" * 9 + "&amp;" + "y" * 5, "café" * 5]:
        assert fast.flagged_segments(text) == [
            s for s in ftfy_segments(text, 4) if fast.line_needs_ftfy(text[s[0] : s[1]])
        ]
