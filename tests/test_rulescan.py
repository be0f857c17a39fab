"""The rule scan's prefilter (cleaner/_rulescan.c) gives exactly its plain twin's answers,
and the scan through it finds exactly what the plain scan finds."""

from __future__ import annotations

import _sre
import functools
import os
import re
import re._constants as _c
from pathlib import Path
from re._parser import parse as sre_parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Settings, rules
from cleaner.result import Category
from cleaner.rules import ALL_LINE_RULES, ALL_SPAN_RULES, RuleSet, _by_priority, prefilter
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


# ---------------------------------------------------------------------------
# Texts the plain scan reads case-insensitively (their lower case is longer: U+0130)

FOLDED = rules._folded(RULESET._prefilter.line_rules, RULESET._prefilter.span_rules)
# Letters near the risky ones: the dotless i, the long s, the Kelvin sign, the capital
# sharp s, micro and mu, sigmas, old Cyrillic forms, Turkish and German letters.
RARE = ["İ", "ı", "ſ", "\u212a", "ẞ", "ß", "µ", "μ", "Σ", "ς", "ᲀ", "в", "ŞĞÜÖÇ", "şğüöç"]
RARE_PIECES = [*RARE, "İstanbul", "Dİyarbakır", "HOME", "MENÜ", "© 2024 ALLE RECHTE VORBEHALTEN"]
RARE_PIECES += ["PHOTO: JANE DOE", "Photo: İpek Doe", "ALL RIGHTS RESERVED.", "Share On Facebook"]
RARE_PIECES += ["SHARE ON TWİTTER", "© Jane ıs", "PİC.TWİTTER.COM/abc", "Read More", "WEİTERLESEN"]
RARE_TEXTS = st.lists(
    st.sampled_from(PIECES) | st.sampled_from(RARE_PIECES) | st.text(max_size=6), max_size=40
).map(lambda parts: "İ\n" + "".join(parts))
CATEGORY_SUBSETS = [frozenset({c}) for c in Category] + [
    frozenset({Category.NAVIGATION, Category.CAPTION}),
    frozenset(Category) - {Category.NAVIGATION},
]
SUBSET_RULESETS = [(c, RuleSet(c)) for c in CATEGORY_SUBSETS]


def _bit(bitmap: bytes, code: int) -> bool:
    return bool(bitmap[code >> 3] >> (code & 7) & 1)


def test_the_default_rules_read_folded_texts_line_by_line() -> None:
    assert FOLDED is not None
    text = "İstanbul\nHome\nPhoto: Jane Doe\nThe council met on Monday."
    found = RULESET._prefilter.scan(text, split_blocks(text))
    assert found is not None and found == RULESET._scan_plain(text, split_blocks(text))
    assert [h.rule if h else None for h in found] == [None, "menu_word", "credit_line", None]
    # Only a few letters make a line risky; U+0130 is one of them.
    risky = [c for c in range(0x110000) if _bit(FOLDED.risky, c)]
    assert 0x130 in risky and ord("a") not in risky and len(risky) < 100


def test_risky_map_is_the_plain_twin() -> None:
    fixed = prefilter.folded_reading(ALL_LINE_RULES, ALL_SPAN_RULES)
    for chars in (fixed, "", "ıſµ"):
        assert kernel.risky_map(chars) == prefilter.risky_map_plain(chars)


def _atom_sources(items, found: set[str]) -> None:
    """The regex source of each one-character atom in ``items`` (parsed, any depth)."""
    for op, arg in items:
        if op is _c.LITERAL:
            found.add(re.escape(chr(arg)))
        elif op is _c.NOT_LITERAL:
            found.add("[^" + re.escape(chr(arg)) + "]")
        elif op is _c.IN:
            parts = []
            for kind, value in arg:
                if kind is _c.NEGATE:
                    parts.insert(0, "^")
                elif kind is _c.LITERAL:
                    parts.append(re.escape(chr(value)))
                elif kind is _c.RANGE:
                    parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
                else:
                    parts.append(_CATEGORIES[value])
            found.add("[" + "".join(parts) + "]")
        for sub in prefilter._inside(op, arg):
            _atom_sources(sub, found)


_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}


def test_characters_not_risky_read_alike_both_ways() -> None:
    # The reasoning of prefilter.folded_reading, checked on every character the rules
    # name (alone or in a class), against every code point that is not risky: matched
    # case-insensitively, or lower-cased and matched case-sensitively, the same ones match.
    atoms = {r"\w", r"\W", r"\d", r"\D", r"\s", r"\S"}
    for rule in (*ALL_LINE_RULES, *ALL_SPAN_RULES):
        _atom_sources(sre_parse(rule.pattern, re.MULTILINE).data, atoms)
    # Every BMP character, and past it the cased ones: an uncased one is compared as
    # itself both ways (every character named is its own lower case).
    text = "".join(
        chr(c)
        for c in range(0x110000)
        if not _bit(FOLDED.risky, c) and (c < 0x10000 or _sre.unicode_iscased(c))
    )
    lowered = kernel.lower(text)
    assert len(lowered) == len(text)
    for source in sorted(atoms):
        folded = [m.start() for m in re.finditer(source, text, re.IGNORECASE)]
        plain = [m.start() for m in re.finditer(source, lowered)]
        assert folded == plain, source


@settings(max_examples=150, deadline=None)
@given(RARE_TEXTS)
def test_candidates_with_risky_lines_is_the_plain_twin(text: str) -> None:
    blocks = split_blocks(text)
    assert kernel.candidates(text, blocks, COMPILED) is None
    assert kernel.candidates(text, blocks, COMPILED, FOLDED.risky) == candidates_plain(
        text, blocks, PROGRAM, FOLDED.risky
    )


@settings(max_examples=400, deadline=None)
@given(RARE_TEXTS)
def test_scan_of_folded_texts_is_the_plain_scan(text: str) -> None:
    for variant in (text, text.upper(), text.title(), text.swapcase()):
        blocks = split_blocks(variant)
        if "\u0130" not in variant:
            continue
        assert RULESET._prefilter.scan(variant, blocks) is not None
        assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)


@settings(max_examples=60, deadline=None)
@given(RARE_TEXTS)
def test_scan_only_of_folded_texts_is_the_smaller_sets_plain_scan(text: str) -> None:
    blocks = split_blocks(text)
    for categories, ruleset in SUBSET_RULESETS:
        assert RULESET.scan_only(text, blocks, categories) == ruleset._scan_plain(text, blocks)


def test_folded_samples_are_the_plain_scan() -> None:
    # The samples with a U+0130 added on their first line, as written and upper-cased.
    samples = Path(__file__).resolve().parent.parent / "samples"
    for path in sorted(samples.glob("*.txt")):
        text = "İ " + path.read_text(encoding="utf-8")
        for variant in (text, text.upper(), text.replace("i", "ı").replace("s", "ſ")):
            blocks = split_blocks(variant)
            assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)


FOLDED_WEBEVAL_PAGES = 60


def test_folded_webeval_pages_are_the_plain_scan() -> None:
    # Real pages, every one read case-insensitively by the plain scan: those holding a
    # U+0130, and others with one put on their first line; as written and upper-cased.
    from webeval import webeval_pages

    texts = [p.read_text(encoding="utf-8") for p in webeval_pages()]
    texts = [t for t in texts if "\u0130" in t] + [
        "İ " + t for t in texts[:: max(1, len(texts) // FOLDED_WEBEVAL_PAGES)]
    ]
    for text in texts:
        for variant in (text, text.upper()):
            blocks = split_blocks(variant)
            assert RULESET._prefilter.scan(variant, blocks) is not None
            assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)


@pytest.mark.parametrize(
    ("pattern", "markers"),
    [
        ("Menu", ()),  # a character that is not its own lower case
        ("(?-i:menu)", ()),  # flags changed inside
        ("[\\u00c0-\\u00de]x", ()),  # a range without the lower case of its characters
        ("[\\U0001f300-\\U0001f5ff]", ()),  # a range past the BMP
        ("menu", ("straße",)),  # a marker whose upper case lower-cases otherwise
    ],
)
def test_rules_a_folded_text_cannot_be_read_line_by_line_for(pattern: str, markers) -> None:
    from cleaner.rules.base import SpanRule, Strength

    span = SpanRule("s", Category.FOOTER, Strength.STRONG, pattern, "test", markers=markers)
    assert prefilter.folded_reading((), (span,)) is None
    plain = SpanRule("s", Category.FOOTER, Strength.STRONG, "menu", "test")
    assert prefilter.folded_reading((), (plain,)) == ""


# ---------------------------------------------------------------------------
# Programs of other rules: the kernel's tables (first characters, two-character steps,
# strings by their rarest characters) against the twin, on words of tricky letters

# Letters that lower-case past Latin-1 or into it from past it (the Kelvin and Angstrom
# signs), Latin-1 letters and their capitals, Cyrillic, CJK, fullwidth and astral ones.
LETTERS = "abcdekßåÅ\u212a\u212bÿŸéÉфФ版：😀/:.(@ 1"
WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=6).filter(lambda w: w.strip() == w)


def _span(k: int, word: str, markers: tuple[str, ...], limit: int):
    from cleaner.rules.base import SpanRule, Strength

    pattern = re.escape(word.lower())
    return SpanRule(f"s{k}", Category.FOOTER, Strength.STRONG, pattern, "t", limit, markers)


def _line(k: int, words: list[str]):
    from cleaner.rules.base import LineRule, Strength

    pattern = "|".join(re.escape(w.lower()) for w in words)
    return LineRule(f"l{k}", Category.NAVIGATION, Strength.STRONG, pattern, "t")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(WORDS, min_size=1, max_size=4), max_size=4),
    st.lists(st.tuples(WORDS, st.lists(WORDS, max_size=2), st.integers(1, 80)), max_size=5),
    st.data(),
)
def test_candidates_of_other_programs_are_the_plain_twin(line_words, spans, data) -> None:
    line_rules = tuple(_line(k, words) for k, words in enumerate(line_words))
    span_rules = tuple(
        _span(k, word, tuple(m.lower() for m in markers), limit)
        for k, (word, markers, limit) in enumerate(spans)
    )
    program = build_program(line_rules, span_rules)
    if program is None:
        return
    compiled = kernel.compile(program.packed)
    # The text: the rules' own words (their parts too), letters and line ends.
    named = [w for words in line_words for w in words]
    named += [w for word, markers, _ in spans for w in (word, *markers)]
    parts = [w[k:] for w in named for k in range(len(w))] + [w[:-1] for w in named if w[:-1]]
    pieces = st.sampled_from(parts) if parts else WORDS
    ends = st.sampled_from(["\n", "\n", " \n", "\n  ", "\t"])
    text = "".join(data.draw(st.lists(pieces | ends | st.sampled_from(LETTERS), max_size=40)))
    for variant in (text, text.upper(), text.title()):
        blocks = split_blocks(variant)
        found = kernel.candidates(variant, blocks, compiled)
        assert found == candidates_plain(variant, blocks, program)


@functools.cache
def _anchored_elsewhere(where: str):
    """The default program with its strings anchored at their first or last characters."""

    def anchor(string: str) -> int:
        return 0 if where == "first" else len(string) - min(len(string), prefilter.ANCHOR_WIDTH)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prefilter, "anchor_of", anchor)
        packed = prefilter._pack(PROGRAM.filters)
    assert packed != PROGRAM.packed
    return kernel.compile(packed)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.sampled_from(["first", "last"]))
def test_the_strings_anchors_are_a_choice_of_speed(text: str, where: str) -> None:
    # Strings anchored elsewhere than at their rarest characters: the same candidates.
    blocks = split_blocks(text)
    elsewhere = kernel.candidates(text, blocks, _anchored_elsewhere(where))
    assert elsewhere == kernel.candidates(text, blocks, COMPILED)


# The span rules' markers and phrases around them: lines the markers alone let through
# (a marker without its rule's phrase), which the rules' automata then reject.
PROMPT_PIECES = [
    *(m for r in ALL_SPAN_RULES for m in r.markers if len(m) >= prefilter.LONG_ENOUGH),
    *("Follow us on Twitter", "Download our app for iOS and Android", "the app store"),
    *("Already a subscriber? Log in", "Subscribe to continue reading", "subscriber numbers"),
    *("All rights reserved.", "Tous droits réservés", "rights groups", "Comments are closed."),
    *("Join our WhatsApp channel", "the channel", "Powered by WordPress", "affiliate links"),
    *("Support our journalism", "We support our readers", "Sign up for our newsletter"),
]


def test_span_rules_with_long_markers_read_only_their_markers() -> None:
    spans = PROGRAM.filters[PROGRAM.line_count :]
    for rule, found in zip(_by_priority(ALL_SPAN_RULES), spans, strict=True):
        if rule.markers and min(map(len, rule.markers)) >= prefilter.LONG_ENOUGH:
            assert found.string_sets == (frozenset(rule.markers),), rule.name
    assert any(len(f.string_sets) == 2 for f in spans)  # a one-character marker: both read


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(PROMPT_PIECES) | st.text(max_size=4), max_size=6).map(" ".join),
        max_size=8,
    ).map("\n".join)
)
def test_scan_of_prompt_lines_is_the_plain_scan(text: str) -> None:
    for variant in (text, text.upper(), text.title()):
        blocks = split_blocks(variant)
        assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)
        assert kernel.candidates(variant, blocks, COMPILED) == candidates_plain(
            variant, blocks, PROGRAM
        )
