"""The compiled kernels of cleaner/_fastscan.c give exactly their plain twins' answers:
the encoding scan (``ScanPlan.scan_plain``) and segmentation (``split_blocks_plain``)."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner import Settings
from cleaner.encoding import (
    BADNESS,
    ENTITY,
    FLAG_BITS,
    NFC,
    TRIGGER,
    EncodingRepair,
    _trigger_chars,
    scan_plan,
)
from cleaner.segment import Block, split_blocks, split_blocks_plain, split_texts

from .compiled import compiled

fastscan = compiled("cleaner._fastscan")  # in CI a missing kernel fails, never skips

PLANS = [
    scan_plan(_trigger_chars(Settings())),
    scan_plan(_trigger_chars(Settings(uncurl_quotes=True, fix_character_width=True))),
]
# Every kind of character the tables tell apart: ASCII (with "&" and controls), the
# badness sets' openers and closers, C1 controls, combining marks and jamo (NFC),
# surrogates, ligatures, curly quotes, full-width letters, astral characters (below and
# beyond the NFC table), and plain letters of other scripts.
ALPHABET = st.sampled_from(
    [
        *"aZ9 .\n\t\r\x00\x1b&;#œŒ",
        *"ÃÂâ€™©®°±²³µ¶·»¼½¾¿ÀÁÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
        *"\x80\x85\x9f\xa0\xad–—‘’“”„•…‰‹›€™ŠšŸŽžƒˆ˜ВГРСвЂΒΓΞΟβāÄ‚",
        *"\u0301\u0308\u093c\u1161\u11a8\u3099\u2126\ufb01\uff21\u3000\ud800\udfff\ufeff",
        *("日本", "Привет", "😀", "\U0002f800", "\U00030000", "\U000e0001", "&amp;", "&#x41;"),
    ]
)
TEXTS = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(range(len(PLANS))))
def test_scan_is_the_plain_scan(text: str, which: int) -> None:
    plan = PLANS[which]
    tables = fastscan.compile(*plan.tables)
    assert fastscan.scan(text, tables) == plan.scan_plain(text)


# Runs of plain ASCII (what the kernel skips, sixteen bytes or eight characters at a time)
# broken by every other kind of character, in one-, two- and four-byte texts; controls,
# and what is and is not an HTML entity's shape (the "&" the scan reports).
ODD_ASCII = [
    *"\x7f\x1f\x0c&~ #;",
    *("&#;", "&#x41;", "&;", "&amp", "&a1;", "&#&#1;", "&&lt;"),
    *("&" + "a" * 24 + ";", "&" + "a" * 25 + ";", "&#" + "9" * 24 + ";", "&#" + "9" * 25 + ";"),
]
QUIET_RUNS = st.text(alphabet="ab Z9.,;~\n\t'\"(/", min_size=0, max_size=40)
LONG_TEXTS = st.tuples(
    st.lists(st.one_of(QUIET_RUNS, ALPHABET, st.sampled_from(ODD_ASCII)), max_size=12).map("".join),
    st.sampled_from(["", "\u2019", "\U0001f600"]),
).map(lambda parts: parts[0] + parts[1])


@settings(max_examples=400, deadline=None)
@given(LONG_TEXTS, st.sampled_from(range(len(PLANS))))
def test_scan_skips_plain_ascii_as_the_plain_scan(text: str, which: int) -> None:
    plan = PLANS[which]
    tables = fastscan.compile(*plan.tables)
    assert fastscan.scan(text, tables) == plan.scan_plain(text)
    for start in range(0, min(len(text), 17)):  # every alignment of the vectors
        assert fastscan.scan(text[start:], tables) == plan.scan_plain(text[start:])


def test_scan_reports_each_kind_of_evidence() -> None:
    plan = PLANS[0]
    tables = fastscan.compile(*plan.tables)
    text = "a\rb &amp; cafÃ© e\u0301 \U00030000"
    hits = {
        code >> FLAG_BITS: code & ((1 << FLAG_BITS) - 1) for code in fastscan.scan(text, tables)
    }
    assert hits[1] == TRIGGER and hits[4] == ENTITY and hits[13] == BADNESS
    assert hits[17] == NFC and hits[19] == NFC  # a combining mark; beyond the NFC table
    assert fastscan.scan("plain ascii text", tables) == []


def test_scan_equals_plain_scan_on_webeval() -> None:
    plan = PLANS[0]
    tables = fastscan.compile(*plan.tables)
    for path in webeval_pages()[::5]:
        text = path.read_text(encoding="utf-8")
        assert fastscan.scan(text, tables) == plan.scan_plain(text), path.name


def test_plain_scan_repairs_like_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner import encoding

    text = "Grüße aus Köln\r\ncafÃ© &amp; e\u0301\n"
    compiled = EncodingRepair(Settings())(text)
    monkeypatch.setattr(encoding, "_fastscan", None)
    assert EncodingRepair(Settings())(text) == compiled


def test_tables_are_checked() -> None:
    blocks, pages, classes = PLANS[0].tables
    with pytest.raises(TypeError):
        fastscan.compile(blocks, pages, "not bytes")
    with pytest.raises(ValueError):
        fastscan.compile(blocks[:-2], pages, classes)
    with pytest.raises(ValueError):
        fastscan.compile(blocks, pages, classes[:8])  # pages name classes that are not there
    with pytest.raises(TypeError):
        fastscan.scan(b"bytes", fastscan.compile(blocks, pages, classes))
    with pytest.raises(ValueError):
        fastscan.scan("text", object())


# Every kind of character segmentation tells apart: "\n", the other spaces (\s), and not.
LINES = st.lists(
    st.sampled_from(
        [*"\n\n\n  \t\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2028\u2029\u3000ab.Z", "日本", "😀"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_split_lines_is_the_block_regex(text: str) -> None:
    blocks = fastscan.split_lines(text, Block)
    assert blocks == split_blocks_plain(text) == split_blocks(text)
    assert all(type(b) is Block for b in blocks)
    texts: list[str] = []
    assert fastscan.split_lines(text, Block, texts) == blocks
    assert texts == [b.text for b in blocks]
    assert split_texts(text) == (blocks, texts)


# Lines long enough for the two-byte search's vectors, of every width of character.
LONG_LINES = st.lists(
    st.one_of(
        st.text(alphabet="ab .Z\t\u3000\xa0\xe9", min_size=0, max_size=30),
        st.sampled_from(["\n", "\n\n", "日本", "😀", "\u2019", "\r\n", " \u2028 "]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(LONG_LINES)
def test_split_lines_on_long_lines_of_every_width(text: str) -> None:
    blocks = fastscan.split_lines(text, Block)
    assert blocks == split_blocks_plain(text)
    # Each block's text is as slicing builds it: the narrowest kind that holds it (a str
    # of a wider kind would compare unequal to the same characters).
    assert [b.text.isascii() for b in blocks] == [text[b.start : b.end].isascii() for b in blocks]


def test_split_lines_blocks_are_not_tracked_by_the_collector() -> None:
    blocks = fastscan.split_lines("  Title \n\n body.\n", Block)
    assert blocks == [Block(2, 7, "Title"), Block(11, 16, "body.")]
    assert not any(gc.is_tracked(b) for b in blocks)
    with pytest.raises(TypeError):
        fastscan.split_lines(b"bytes", Block)
    with pytest.raises(TypeError):
        fastscan.split_lines("text", list)


# Arbitrary text: every code point hypothesis draws (astral ones, lone surrogates, "\r",
# "\u2028", NEL, controls), with runs of plain ASCII between them.
ANY_TEXT = st.lists(st.one_of(st.text(max_size=6), QUIET_RUNS), max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_scan_and_split_lines_on_arbitrary_text(text: str) -> None:
    plan = PLANS[0]
    assert fastscan.scan(text, fastscan.compile(*plan.tables)) == plan.scan_plain(text)
    texts: list[str] = []
    assert fastscan.split_lines(text, Block, texts) == split_blocks_plain(text)
    assert texts == [b.text for b in split_blocks_plain(text)]
