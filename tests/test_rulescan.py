"""The rule scan's prefilter (cleaner/_rulescan.c) gives exactly its plain twin's answers,
and the scan through it finds exactly what the plain scan finds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Settings, rules
from cleaner.result import Category
from cleaner.rules import ALL_LINE_RULES, ALL_SPAN_RULES, RuleSet, _by_priority
from cleaner.rules.gates import ends_at_end, line_suffixes, tail_width
from cleaner.rules.prefilter import build_program, candidates_plain
from cleaner.segment import Block, split_blocks

# CI builds with a C compiler: there a missing kernel is a broken build, not a skip.
if os.environ.get("CI"):
    import cleaner._rulescan as kernel
else:
    kernel = pytest.importorskip("cleaner._rulescan")

RULESET = RuleSet(frozenset(Category))
PROGRAM = build_program(tuple(_by_priority(ALL_LINE_RULES)), tuple(_by_priority(ALL_SPAN_RULES)))
COMPILED = kernel.compile(PROGRAM.packed)

# Pieces that reach every kind of condition: rules' first and last words, gate strings
# and span markers, blanks around lines, digits, case, and characters that lower-case
# in context (Σ), into two characters (İ), or lie outside the BMP.
PIECES = [
    *("Home", "HOME", "Menu", "  Search  ", "\tLogin", "Mehr", "Accept all", "Akzeptieren"),
    *(" > ", " » ", " › ", "News", "Startseite » Politik", "Read more", "Weiterlesen"),
    *("Photo: Jane Doe", "(Foto: dpa)", "Bild: AFP/Jane", "(Jane Doe/Reuters)", "© 2024 X"),
    *("All rights reserved.", "Alle Rechte vorbehalten", "pic.twitter.com/abc", "t.co/x"),
    *("https://t.co/Ab1", "instagram.com/p/xy", "— Jane (@jane) May 1, 2020", "(@", "says:"),
    *("image.jpg", "IMG_1.PNG", "emails & alerts", "to your inbox", "We use cookies"),
    *("Share on Facebook", "Facebook | Twitter", "12 Comments", "3 min read", "Tags: a, b"),
    *("Advertisement", "Anzeige", "By Jane Doe", "Impressum", "Datenschutz", "Kontakt"),
    *("The council met on Monday and agreed.", "Der Rat tagte am Montag.", "日本語の文。"),
    *("\n", "\n", "\n\n", "  ", "\r", "\u2028", "\xa0", "\x1c", "İ", "Σ", "😀", "：", "/"),
    *("12", "2020", ":", ")", "]", ".", "&gt; ", "☰ ", "«", "‹"),
]
TEXTS = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map("".join)


def test_the_default_rules_are_prefiltered() -> None:
    assert PROGRAM is not None and RULESET._prefilter is not None
    line_filters = PROGRAM.filters[: PROGRAM.line_count]
    assert sum(f.prefixes is not None for f in line_filters) >= len(line_filters) // 2
    assert sum(f.suffixes is not None for f in PROGRAM.filters) >= len(line_filters) // 2


def test_lower_is_str_lower_one_character_at_a_time() -> None:
    # Every code point but the surrogates, the one whose lower case is two characters
    # (the kernel hands such texts back) and the capital sigma (lower-cased in context;
    # no rule names a sigma, so the kernel's reading of it never decides).
    skip = {0x130, 0x3A3}
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and c not in skip)
    assert kernel.lower(text) == text.lower()


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_candidates_is_the_plain_twin(text: str) -> None:
    blocks = split_blocks(text)
    assert kernel.candidates(text, blocks, COMPILED) == candidates_plain(text, blocks, PROGRAM)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(0, 5))
def test_blocks_that_are_not_the_lines_are_handed_back(text: str, drop: int) -> None:
    blocks = split_blocks(text)
    if not blocks:
        return
    fewer = blocks[: drop % len(blocks)] + blocks[drop % len(blocks) + 1 :]
    assert kernel.candidates(text, fewer, COMPILED) is None
    assert candidates_plain(text, fewer, PROGRAM) is None
    shifted = [Block(blocks[0].start + 1, blocks[0].end, blocks[0].text[1:]), *blocks[1:]]
    assert kernel.candidates(text, shifted, COMPILED) is None


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_scan_is_the_plain_scan(text: str) -> None:
    blocks = split_blocks(text)
    assert RULESET.scan(text, blocks) == RULESET._scan_plain(text, blocks)
    upper = text.upper()
    blocks = split_blocks(upper)
    assert RULESET.scan(upper, blocks) == RULESET._scan_plain(upper, blocks)


def test_scan_is_the_plain_scan_on_the_samples() -> None:
    samples = Path(__file__).resolve().parent.parent / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    assert texts
    for text in [*texts, *(t.upper() for t in texts)]:
        blocks = split_blocks(text)
        assert RULESET.scan(text, blocks) == RULESET._scan_plain(text, blocks)


def test_scan_is_the_plain_scan_on_padded_samples() -> None:
    # Every line padded: CRLF line ends, and blanks before and after the blocks.
    samples = Path(__file__).resolve().parent.parent / "samples"
    for path in sorted(samples.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        padded = "\n".join(" " * (k % 4) + line + "\t" * (k % 2) for k, line in enumerate(lines))
        for variant in (text.replace("\n", "\r\n"), padded):
            blocks = split_blocks(variant)
            assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)


def test_scan_reads_padded_lines_and_rare_letters() -> None:
    text = "  Home  \nJane says:\n  Photo: Jane Doe \nİstanbul\n\u03a3 News"
    blocks = split_blocks(text)
    assert RULESET.scan(text, blocks) == RULESET._scan_plain(text, blocks)
    assert kernel.candidates(text, blocks, COMPILED) is None  # İ: the plain scan
    # Padded lines: line rules by the alternation, span rules within their block.
    text = "  Home  \n(Foto: dpa)\n\t© Jane Doe\n  Jane Doe writes: (Photo: AFP)"
    blocks = split_blocks(text)
    found = RULESET.scan(text, blocks)
    assert found == RULESET._scan_plain(text, blocks)
    assert [h.rule if h else None for h in found] == [
        "menu_word",
        "credit_line",
        "copyright_line",
        "trailing_credit",
    ]


def test_other_block_lists_take_the_plain_scan() -> None:
    text = "Home page\nPhoto: Jane Doe"
    part = [Block(0, 4, "Home"), Block(10, 15, "Photo")]
    assert kernel.candidates(text, part, COMPILED) is None
    assert RULESET.scan(text, part) == RULESET._scan_plain(text, part)


def test_pipeline_without_the_kernel_gives_the_same_results(monkeypatch) -> None:
    samples = Path(__file__).resolve().parent.parent / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    texts += ["Home\n» News\nphoto.jpg\nJane says:\n© 2024 X\n  Photo: AFP  "]
    compiled = [Cleaner(Settings()).clean(t) for t in texts]
    monkeypatch.setattr(rules, "_rulescan", None)
    assert Cleaner(Settings())._rules._prefilter is None
    assert [Cleaner(Settings()).clean(t) for t in texts] == compiled


def test_a_cleaner_with_the_prefilter_pickles() -> None:
    import pickle

    cleaner = Cleaner(Settings())
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy._rules._prefilter is not None
    text = "Home\nPhoto: Jane Doe\nThe council met on Monday and agreed to the plan."
    assert copy.clean(text) == cleaner.clean(text)


@pytest.mark.parametrize(
    ("line_pattern", "span_pattern"),
    [
        (r"menu(?=\n)", r"x"),  # looks past its line's end
        (r"menu\Z", r"x"),  # the text's end
        (r"[^\S\n]{0,3}", r"x"),  # may match a blank line
        (r"a\s+b", r"x"),  # may cross a line
        (r"menu", r"(?<=\n)x"),  # looks behind its block
        (r"menu", r"\Ax"),  # the text's start
    ],
)
def test_rules_the_lines_alone_cannot_decide_take_the_plain_scan(
    line_pattern: str, span_pattern: str
) -> None:
    from cleaner.rules.base import LineRule, SpanRule, Strength

    line = LineRule("l", Category.NAVIGATION, Strength.STRONG, line_pattern, "test")
    span = SpanRule("s", Category.FOOTER, Strength.STRONG, span_pattern, "test")
    assert build_program((line,), (span,)) is None
    assert build_program((LineRule("l", line.category, line.strength, "menu", ""),), ())


def test_suffix_readings() -> None:
    assert line_suffixes(r"(?:ab|c)d", 2) == {("d", "b"), ("d", "c")}
    assert line_suffixes(r"a[^\n]{0,9}", 2) == {("<stop>",), ("a",)}
    assert ends_at_end(r"a[^\S\n]*$") and not ends_at_end(r"a$b")
    assert tail_width(r"ab{1,3}[^\S\n]*$") == 4 and tail_width(r"ab$") is None


def test_kernel_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        kernel.compile(b"\x00" * 7)
    with pytest.raises(ValueError):
        kernel.compile(b"\x00" * 8 * 16)  # no trie
    with pytest.raises(TypeError):
        kernel.candidates(b"bytes", [], COMPILED)
    with pytest.raises(ValueError):
        kernel.candidates("text", [], "not a program")
