"""The gated line scan (cleaner.rules.gates) finds exactly what the whole alternation finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.result import Category
from cleaner.rules import _FLAGS, RuleSet
from cleaner.rules.gates import may_cross_lines, required_strings, starts_anywhere

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
