"""The shapes every category module fills in: rules as data, compiled once.

A rule is a named regular expression with a category, a strength and a reason.
``LineRule`` must match a whole block (a trimmed line); ``SpanRule`` may match
anywhere inside a block no longer than ``max_block_chars``. The registry in
``cleaner.rules`` joins every module's rules into two compiled alternations,
so a document is scanned once per kind, not once per rule and block.

Patterns meet untrusted text: every repetition that can meet the same
characters twice is bounded (``{0,80}``), so no pattern backtracks
catastrophically and a scan is linear in the text.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from ..result import Category


class Strength(enum.Enum):
    """How much one hit decides on its own."""

    STRONG = "strong"  # removes the block wherever it stands
    WEAK = "weak"  # removes the block only inside boilerplate (edges, next to removals)
    HEADER = "header"  # removes the block and opens a run of the boilerplate it announces


@dataclass(frozen=True, slots=True)
class LineRule:
    """A pattern that must match a whole block."""

    name: str
    category: Category
    strength: Strength
    pattern: str
    reason: str


@dataclass(frozen=True, slots=True)
class SpanRule:
    """A pattern that may match anywhere inside a short block."""

    name: str
    category: Category
    strength: Strength
    pattern: str
    reason: str
    max_block_chars: int = 400
    # Substrings of which a matching block must contain one (as written,
    # upper-cased or title-cased). The scan looks for them with ``str.find`` over the whole text
    # and runs the pattern only on the blocks that have one.
    markers: tuple[str, ...] = ()


_BLANK_RUN = r"[^\S\n]{1,3}"


def words(*phrases: str) -> str:
    """Join literal phrases into one alternation, as a prefix tree; spaces match any blank run.

    Phrases sharing a start share one branch ("read more", "read next" ->
    "read (more|next)"), so the engine tries each first letter once instead of
    every phrase in turn: the rule scan's cost hardly grows with the word lists.

    >>> print(words("see also", "read more", "read next").replace(_BLANK_RUN, " "))
    (?:(?:read (?:more|next)|see also))
    >>> import re
    >>> bool(re.fullmatch(words("ad", "ads", "advertising"), "ads"))
    True
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for token in _tokens(phrase):
            node = node.setdefault(token, {})
        node[""] = {}  # end of a phrase
    return "(?:" + _trie_regex(trie) + ")"  # one atom, whatever quantifier follows


def _tokens(phrase: str) -> list[str]:
    out: list[str] = []
    for n, part in enumerate(phrase.split(" ")):
        if n:
            out.append(_BLANK_RUN)
        out.extend(re.escape(ch) for ch in part)
    return out


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = []
    for token in sorted(k for k in node if k):
        child = node[token]
        rest = _trie_regex(child) if any(child) else ""
        branches.append(token + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if ends else body
