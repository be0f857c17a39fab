"""The rules' automata (cleaner.rules.automaton) decide exactly what the regex engine
decides: the plain simulation and the kernel's lazy DFA (cleaner/_rulescan.c
``matches``) against ``fullmatch`` / ``search`` themselves, on the default rules and on
generated patterns, over arbitrary text; and the rule scan through the kernel's
``hits`` gives the plain scan's hits whatever the automata answer."""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import rules
from cleaner.result import Category
from cleaner.rules import ALL_LINE_RULES, ALL_SPAN_RULES, RuleSet, automaton
from cleaner.rules.automaton import build, character_classes, class_of_plain, matches_plain
from cleaner.rules.gates import tail_width
from cleaner.segment import split_blocks

if os.environ.get("CI"):
    import cleaner._rulescan as kernel
else:
    kernel = pytest.importorskip("cleaner._rulescan")

RULESET = RuleSet(frozenset(Category))

# Pieces of the rules' words, and characters whose case or class is unusual: the dotted
# and dotless i, sharp s, the Kelvin and Ångström signs, the long s, a capital sigma,
# digits of other scripts, combining marks, blanks that are not " ", "_" (a word
# character that is no letter), and a character outside the BMP.
PIECES = [
    *("home", "menu", "read more", "privacy policy", "photo: ", "foto", "(@jane)", "2020"),
    *("© 2024 ", "all rights reserved", "cookies", "share", "facebook", " | ", " › ", "/"),
    *("says:", "12 comments", "pic.twitter.com/ab", "https://t.co/x", "newsletter", "by "),
    *("İ", "ı", "ß", "ẞ", "\u212a", "\u212b", "ſ", "Σ", "σ", "ς", "٣", "\u0301", "_"),
    *("\xa0", "\u2009", "\t", " ", "  ", ".", ":", "-", "»", "😀", "a", "z", "0"),
]
LINES = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=14).map("".join)
RULES = [(r, False) for r in ALL_LINE_RULES] + [(r, True) for r in ALL_SPAN_RULES]


def _regex(rule, search: bool):
    compiled = re.compile(rf"(?:{rule.pattern})", re.MULTILINE)
    return compiled.search if search else compiled.fullmatch


@pytest.fixture(scope="module")
def default_automata():
    out = []
    for rule, search in RULES:
        built = build(rule.pattern, search)
        assert built is not None, rule.name  # every default rule has its automaton
        window = tail_width(rule.pattern) if search else None
        out.append((rule.name, built, kernel.automaton(built.packed), _regex(rule, search), window))
    return out


@settings(max_examples=150, deadline=None)
@given(LINES)
def test_default_rules_decide_as_the_regex_engine(default_automata, text: str) -> None:
    line = text.lower().replace("\n", " ")
    for name, built, compiled, regex, window in default_automata:
        pos = len(line) - window if window else 0
        want = regex(line, max(pos, 0)) is not None
        plain = matches_plain(built, line, pos)
        assert plain in (want, None), name
        assert plain is not None or not line
        assert kernel.matches(compiled, line, pos) in (want, None), name


# Generated patterns: what the rules are made of, and what they are not (ranges,
# categories and their negations, every zero-width test the automaton reads, lazy and
# unbounded repeats, empty alternatives).
ATOMS = st.sampled_from(
    [
        *("a", "b", "ab", "é", "ß", "_", " ", "1", ".", "[a-c]", "[^a]", "[^\\S\\n]", "\\d"),
        *("\\w", "\\W", "\\s", "\\S", "[\\w.-]", "[^\\W\\d]", "[à-ÿ]", "[а-я]", "[^\\n>]"),
        *("\\b", "\\B", "^", "$", "\\A", "\\Z", "[0-9x]", "(?:)", "[Σσ]", "\\u212a"),
    ]
)


def _patterns(children):
    return st.one_of(
        st.tuples(children, children).map("".join),
        st.tuples(children, children).map(lambda p: f"(?:{p[0]}|{p[1]})"),
        st.tuples(children, st.sampled_from(["?", "*", "+", "{2}", "{0,3}", "{1,2}?", "*?"])).map(
            lambda p: f"(?:{p[0]}){p[1]}"
        ),
    )


PATTERNS = st.recursive(ATOMS, _patterns, max_leaves=8)
TEXTS = st.text(alphabet="abcé ß_1.\u212a-xΣσ>а\t\xa0", max_size=12)


@settings(max_examples=400, deadline=None)
@given(PATTERNS, st.lists(TEXTS, min_size=1, max_size=6), st.booleans(), st.integers(-2, 4))
def test_generated_patterns_decide_as_the_regex_engine(
    pattern: str, lines: list[str], search: bool, pos: int
) -> None:
    built = build(pattern, search)
    assert built is not None  # none of these needs the regex engine
    compiled = kernel.automaton(built.packed)
    regex = re.compile(pattern, re.MULTILINE)
    for line in lines:
        if not line:
            continue
        want = (regex.search if search else regex.fullmatch)(line, max(pos, 0)) is not None
        assert matches_plain(built, line, pos) == want, (pattern, line)
        assert kernel.matches(compiled, line, pos) == want, (pattern, line)


@settings(max_examples=100, deadline=None)
@given(PATTERNS, TEXTS)
def test_character_classes_tell_apart_what_the_states_do(pattern: str, text: str) -> None:
    built = build(pattern, search=False)
    points, bounds, ranges = character_classes(built)
    for a in text:
        for b in text:
            if class_of_plain(points, bounds, ranges, a) == class_of_plain(
                points, bounds, ranges, b
            ):
                assert automaton.kind_of(a) == automaton.kind_of(b)
                for state in range(len(built.states)):
                    if built.states[state][0] in (automaton.CHAR, automaton.NOT_CHAR):
                        assert (ord(a) == built.states[state][1]) == (
                            ord(b) == built.states[state][1]
                        )


@pytest.mark.parametrize(
    "pattern",
    [r"pic(?!s)", r"(?<=x)a", r"(a)\1", r"(?>ab)", r"a++", r"(?i:a)", r"(?i)menu", r"(?s:.)"],
)
def test_patterns_the_automaton_cannot_hold_are_refused(pattern: str) -> None:
    assert build(pattern, search=True) is None


def test_lines_the_automaton_does_not_read() -> None:
    built = build("a+", search=False)
    compiled = kernel.automaton(built.packed)
    assert matches_plain(built, "", 0) is None and kernel.matches(compiled, "", 0) is None
    assert matches_plain(built, "a\na", 0) is None and kernel.matches(compiled, "a\na", 0) is None
    assert (
        kernel.matches(compiled, "aaa", 0) is True and kernel.matches(compiled, "aab", 0) is False
    )


def test_an_automaton_whose_sets_never_repeat_is_left_to_the_regex_engine() -> None:
    # The last 13 characters decide: some 8000 sets, met in no order by random lines.
    pattern = r"[ab]*a[ab]{12}"
    compiled = kernel.automaton(build(pattern, search=False).packed)
    regex = re.compile(pattern)
    answers = set()
    draw = random.Random(5)
    for _ in range(300):
        line = "".join(draw.choice("ab") for _ in range(40))
        got = kernel.matches(compiled, line, 0)
        answers.add(got)
        assert got in (regex.fullmatch(line) is not None, None)
    states, resets, left = kernel.cache(compiled)
    assert left and resets == 1 and states == 0 and answers == {True, False, None}


def test_malformed_automata_are_refused() -> None:
    packed = build("ab|c", search=False).packed
    for bad in (packed[:-8], packed + b"\0" * 8, b"", b"\x01" * 16):
        with pytest.raises(ValueError):
            kernel.automaton(bad)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_the_scan_through_the_kernel_is_the_plain_scan(text: str) -> None:
    for variant in (text, text.upper(), text.title()):
        blocks = split_blocks(variant)
        assert RULESET.scan(variant, blocks) == RULESET._scan_plain(variant, blocks)


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_hits_without_automata_are_the_same_hits(text: str) -> None:
    prefilter = RULESET._prefilter
    blocks = split_blocks(text)
    regex_only = (None,) * len(prefilter.automata)
    args = (text, blocks, prefilter.program, prefilter.table)
    both = kernel.hits(*args, prefilter.automata, rules.ALL_BITS)
    assert both == kernel.hits(*args, regex_only, rules.ALL_BITS)


def test_hits_arguments_are_checked() -> None:
    prefilter = RULESET._prefilter
    text = "Home\nMenu"
    blocks = split_blocks(text)
    with pytest.raises(ValueError):
        kernel.hits(text, blocks, prefilter.program, prefilter.table[1:], prefilter.automata, 1)
    with pytest.raises(ValueError):
        kernel.hits(text, blocks, prefilter.program, prefilter.table, prefilter.automata[1:], 1)
    bad_table = ((None, None),) * len(prefilter.table)
    with pytest.raises(ValueError):
        kernel.hits(text, blocks, prefilter.program, bad_table, prefilter.automata, 1)


SOME_CATEGORIES = [
    frozenset({Category.NAVIGATION, Category.SHARE}),
    frozenset({Category.FOOTER, Category.CAPTION, Category.COMMENTS}),
]
SMALLER = {categories: RuleSet(categories) for categories in SOME_CATEGORIES}


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join), st.sampled_from(SOME_CATEGORIES))
def test_scan_only_through_the_kernel_is_the_smaller_sets_plain_scan(text, categories) -> None:
    blocks = split_blocks(text)
    plain = SMALLER[categories]._scan_plain(text, blocks)
    assert RULESET.scan_only(text, blocks, categories) == plain
