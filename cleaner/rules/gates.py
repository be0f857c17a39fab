"""Literal gates for the line rules, read from their patterns: which lines a rule can match.

Most line rules start with a literal word, so the compiled alternation rejects
them at a line start after one character. A few start with a bounded wildcard
(``[^\\n]{0,120}... inbox``, a breadcrumb's ``[^\\n>»›]{1,40}``): the regex
engine runs them along every line of the document, and they cost most of the
scan. Each of those still needs one of a few literal strings somewhere in its
match ("inbox", one of ">»›"); ``RuleSet.scan`` finds the lines holding one
with ``str.find`` and runs those rules on these lines only.

The reading is conservative: a pattern this module cannot read, or whose
required strings are too common to pay (a single letter or digit), is simply
not gated, and a rule that might match a line break disables gating altogether
(gating assumes every match lies within one line). Patterns are read as
written, in lower case, for the case-sensitive scan of the lower-cased text.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Sequence

NEWLINE = ord("\n")
# Character categories that include a line break (as members of a class).
_NEWLINE_CATEGORIES = frozenset(
    {_c.CATEGORY_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_WORD, _c.CATEGORY_LINEBREAK}
)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


def _parse(pattern: str) -> Sequence | None:
    try:
        parsed = _parser.parse(pattern, re.MULTILINE)
    except Exception:  # a shape the parser refuses: treated as unreadable
        return None
    # Case folding or DOTALL anywhere changes what a literal or "." stands for:
    # such a pattern is not read at all.
    if parsed.state.flags & (re.IGNORECASE | re.DOTALL) or _has_inline_flags(parsed.data):
        return None
    return parsed.data


def _has_inline_flags(items: Sequence) -> bool:
    for op, arg in items:
        if op is _c.SUBPATTERN and (arg[1] or arg[2] or _has_inline_flags(arg[3].data)):
            return True
        if op is _c.BRANCH and any(_has_inline_flags(b.data) for b in arg[1]):
            return True
        if op in _REPEATS and _has_inline_flags(arg[2].data):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _has_inline_flags(arg[1].data):
            return True
    return False


# ---------------------------------------------------------------------------
# Can a match start with any character? (then the engine tries it all along a line)


def starts_anywhere(pattern: str) -> bool:
    """Whether a match may begin with almost any character (a leading wildcard).

    >>> starts_anywhere(r"[^\\n]{0,60}inbox"), starts_anywhere(r"(?:menu|home)")
    (True, False)
    """
    items = _parse(pattern)
    if items is None:
        return True
    restricted, nullable = _first(items)
    return not restricted or nullable


def _first(items: Sequence) -> tuple[bool, bool]:
    """(whether the first character is restricted, whether the sequence can be empty)."""
    for op, arg in items:
        restricted, nullable = _first_item(op, arg)
        if not restricted:
            return False, False
        if not nullable:
            return True, False
    return True, True


def _first_item(op, arg) -> tuple[bool, bool]:
    if op is _c.LITERAL:
        return True, False
    if op is _c.IN:
        return _narrow_class(arg), False
    if op is _c.SUBPATTERN:
        return _first(arg[3].data)
    if op is _c.BRANCH:
        results = [_first(branch.data) for branch in arg[1]]
        return all(r for r, _ in results), any(n for _, n in results)
    if op in _REPEATS:
        restricted, nullable = _first(arg[2].data)
        return restricted, arg[0] == 0 or nullable
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return True, True  # zero width: the next item decides
    return False, False


def _narrow_class(members: Sequence) -> bool:
    """Whether a character class holds no letters in bulk: listed characters,
    digits, or blanks only (``[^\\S\\n]``)."""
    if members and members[0][0] is _c.NEGATE:
        return any(m == (_c.CATEGORY, _c.CATEGORY_NOT_SPACE) for m in members[1:])
    return all(
        op in (_c.LITERAL, _c.RANGE)
        or (op is _c.CATEGORY and arg in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE))
        for op, arg in members
    )


# ---------------------------------------------------------------------------
# Strings every match holds one of


def required_strings(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` holds one (None: none found).

    >>> sorted(required_strings(r"[^\\n]{1,60}(?:says|wrote)[^\\S\\n]{0,2}:"))
    ['says', 'wrote']
    >>> sorted(required_strings(r"[^\\n]{0,120}\\b(?:to|in)[^\\S\\n]your[^\\S\\n]inbox"))
    ['inbox']
    """
    items = _parse(pattern)
    found = _required(items) if items is not None else None
    return frozenset(found) if found else None


def _required(items: Sequence) -> set[str] | None:
    candidates: list[set[str]] = []
    run = ""
    for op, arg in items:
        if op is _c.LITERAL:
            run += chr(arg)
            continue
        if run:
            candidates.append({run})
            run = ""
        found = _required_item(op, arg)
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    # The rarest-looking set: its shortest string longest, then the fewest strings.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _required_item(op, arg) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _required(arg[3].data)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _required(branch.data)
            if not found:
                return None
            union |= found
        return union
    if op in _REPEATS and arg[0] >= 1:
        return _required(arg[2].data)
    if op is _c.IN and arg and all(sub_op is _c.LITERAL for sub_op, _ in arg):
        return {chr(sub_arg) for _, sub_arg in arg}
    return None


# ---------------------------------------------------------------------------
# Can a match run over a line break?


def may_cross_lines(pattern: str) -> bool:
    """Whether some match of ``pattern`` might hold a line break (True when unsure).

    >>> may_cross_lines(r"[^\\n>]{1,40}[^\\S\\n]{0,3}>"), may_cross_lines(r"a\\s+b")
    (False, True)
    """
    items = _parse(pattern)
    return items is None or _crosses(items)


def _crosses(items: Sequence) -> bool:
    return any(_crosses_item(op, arg) for op, arg in items)


def _crosses_item(op, arg) -> bool:
    if op is _c.LITERAL:
        return arg == NEWLINE
    if op is _c.NOT_LITERAL:  # [^x]: a line break unless x is one
        return arg != NEWLINE
    if op is _c.ANY:  # "." stops at a line break unless DOTALL, which no rule may use
        return False
    if op is _c.IN:
        return _class_has_newline(arg)
    if op is _c.SUBPATTERN:
        return _crosses(arg[3].data)
    if op is _c.BRANCH:
        return any(_crosses(branch.data) for branch in arg[1])
    if op in _REPEATS:
        return _crosses(arg[2].data)
    # Anchors and look-arounds are zero width: they consume nothing, whatever
    # they look at. Back references or anything unread: assume the worst.
    return op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _class_has_newline(members: Sequence) -> bool:
    negated = bool(members) and members[0][0] is _c.NEGATE
    listed = False
    for op, arg in members[1:] if negated else members:
        holds = (
            (op is _c.LITERAL and arg == NEWLINE)
            or (op is _c.RANGE and arg[0] <= NEWLINE <= arg[1])
            or (op is _c.CATEGORY and arg in _NEWLINE_CATEGORIES)
        )
        if holds:
            listed = True
        elif op not in (_c.LITERAL, _c.RANGE, _c.CATEGORY):
            return True  # unknown member: assume the worst
    return not listed if negated else listed
