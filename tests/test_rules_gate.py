"""The gated line scan (cleaner.rules.gates) finds exactly what the whole alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.result import Category
from cleaner.rules import _FLAGS, ALL_LINE_RULES, RuleSet, _line_regex, _starts_regex
from cleaner.rules.gates import (
    after_blanks,
    line_prefixes,
    may_cross_lines,
    required_strings,
    starts_anywhere,
)

# Pieces that reach the gated rules' strings and wildcards, and the cheap rules' words.
PIECES = [
    "Home",
    " > ",
    " » ",
    "News",
    "/ AFP",
    "photo",
    "delivered to your inbox",
    "emails & alerts",
    "newsletter",
    "Menu",
    "Share",
    "cookies",
    "says:",
    "image.jpg",
    "\n",
    "\n\n",
    "  ",
    "›",
    "The council met on Monday.",
    "Read more",
    "©",
    # The line-start lookahead's cases: leading symbols and blanks, digits, line ends.
    "&gt; ",
    "☰ ",
    "\t",
    "12 ",
    "Comments",
    "3 min read",
    "Tags:",
    "By ",
    "Advertisement",
    "Facebook | Twitter",
    "— Jane Doe (@jane) May 1, 2020",
    "Accept all",
    "Mehr",
]


def _plain_matches(ruleset: RuleSet, text: str) -> list[tuple[int, int, str]]:
    # The whole alternation, tried at every line start (blank lines included).
    skip = r"\n(?=[^\S\n]*\S)"
    compiled = ruleset._line_re[_FLAGS]
    assert compiled.pattern.startswith(skip)
    regex = re.compile(compiled.pattern.replace(skip, r"\n", 1), compiled.flags)
    return [(m.start(), m.end(), m.lastgroup) for m in regex.finditer("\n" + text.lower())]


def _gated_matches(ruleset: RuleSet, text: str) -> list[tuple[int, int, str]]:
    regex = ruleset._line_re[_FLAGS]
    found = ruleset._gate.matches("\n" + text.lower(), regex)
    return [(m.start(), m.end(), m.lastgroup) for m in found]


RULESET = RuleSet(frozenset(Category))


def test_the_default_rules_are_gated() -> None:
    assert RULESET._gate is not None and RULESET._gate.strings
    assert RULESET._gate.starts is not None  # the line-start lookahead is readable


@pytest.mark.parametrize("rule", ALL_LINE_RULES, ids=lambda r: r.name)
def test_line_prefixes_admit_every_match(rule) -> None:
    # Every line one rule matches passes the lookahead built from that rule alone.
    starts = _starts_regex((rule.pattern,))
    if starts is None:
        assert starts_anywhere(rule.pattern)
        return
    lines = [p.lower() for p in PIECES if p.strip()] + [
        "home", "  menu  ", "» home", "12 comments", "3 min read", "facebook | twitter",
        "accept all", "advertisement", "tags: a, b", "by jane doe", "read more »",
    ]  # fmt: skip
    regex = _line_regex([rule], _FLAGS)
    for line in lines:
        subject = "\n" + line
        if regex.match(subject):
            assert starts.match(subject), (rule.name, line)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=30))
def test_gated_scan_equals_whole_alternation(pieces: list[str]) -> None:
    text = "".join(pieces)
    if len(text.lower()) != len(text):
        return  # the case-folding path is never gated
    assert _gated_matches(RULESET, text) == _plain_matches(RULESET, text)


def test_gate_readings() -> None:
    assert starts_anywhere(r"[^\n]{0,60}x") and not starts_anywhere(r"[^\S\n]{0,2}(?:menu)")
    assert required_strings(r"[^\n]{0,9}(?:ab|cd)") == frozenset({"ab", "cd"})
    assert required_strings(r"(?i:ab)") is None  # case folding: not read
    assert may_cross_lines(r"a\sb") and may_cross_lines(r"a[^x]b")
    assert not may_cross_lines(r"a[^\S\n]b[^\n]{0,3}")


def test_prefix_readings() -> None:
    assert line_prefixes(r"(?:ab|c)\d", 2) == {("a", "b"), ("c", "<digit>")}
    assert line_prefixes(r"a(?:[^\S\n]{1,3}b){0,4}", 3) == {("a",), ("a", "<blanks>", "b")}
    assert line_prefixes(r"\d{1,6}x", 3) == {("<digits>", "x")}
    assert line_prefixes(r"(?i:ab)", 2) is None  # case folding: not read
    # From the first non-blank character on: a blank run opening a prefix is behind it.
    assert after_blanks(frozenset({("<blanks>", "a"), ("<any>", "b")})) == {("a",), ()}
