"""A rule's pattern as a plain automaton, so the prefilter's kernel can decide a candidate
line itself instead of handing it to the regex engine.

``RuleSet.scan`` asks of each candidate line whether a rule's regex matches it: a line
rule's ``fullmatch``, a span rule's ``search`` from a given start. Both are yes/no
questions about the pattern's *language*: which strings it can match at all, not which
match the backtracking engine would pick. For a pattern built only of characters,
classes, alternations, bounded or starred repeats and the zero-width tests ``^ $ \\A \\Z
\\b \\B`` (every rule but a few), that language is regular, and ``build`` writes it out
as a Thompson automaton (``Automaton``) over the lower-cased line. Lazy and greedy
repeats read alike here (they only change which match is found first); a pattern with a
lookaround, a back reference, an atomic group or a possessive repeat is refused (None),
and the regex engine keeps deciding it.

The kernel (cleaner/_rulescan.c) runs the automaton as a lazily built DFA: each set of
automaton states met on a line is kept with its moves per character class
(``character_classes``), so a line costs one table step per character once its sets are
known. ``matches_plain`` is its plain twin (the automaton simulated set by set), and
tests check both against the regex engine itself, on arbitrary text.

The zero-width tests read what the regex engine reads: the character before and after a
position (``\\b``: a word character is ``str.isalnum()`` or ``_``), the string's ends
(``^``, ``\\A`` at position 0 only: a search from a later position does not see a line
start there; ``$``, ``\\Z`` at its end: a line holds no line break).
"""

from __future__ import annotations

import bisect
import re
import re._constants as _c
import re._parser as _parser
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

# The automaton's states: (op, argument, next, other next).
CHAR, NOT_CHAR, ANY, SET, SPLIT, ASSERT, MATCH = range(7)
# Zero-width tests (ASSERT's argument).
AT_START, AT_END, BOUNDARY, NOT_BOUNDARY = range(4)
_ASSERTS = {
    _c.AT_BEGINNING: AT_START,  # "^" (MULTILINE): a line start; a line is read alone
    _c.AT_BEGINNING_STRING: AT_START,
    _c.AT_END: AT_END,  # "$" (MULTILINE): a line's end or before "\n", which no line holds
    _c.AT_END_STRING: AT_END,
    _c.AT_BOUNDARY: BOUNDARY,
    _c.AT_NON_BOUNDARY: NOT_BOUNDARY,
}
# A class's members: a character, a range, or one of the engine's Unicode categories.
M_CHAR, M_RANGE, M_CATEGORY = range(3)
# A character's kind as the categories read it: bits of ``kind_of``.
WORD, DIGIT, SPACE = 1, 2, 4
KINDS = 8
_CATEGORIES = {
    _c.CATEGORY_DIGIT: (DIGIT, False),
    _c.CATEGORY_NOT_DIGIT: (DIGIT, True),
    _c.CATEGORY_SPACE: (SPACE, False),
    _c.CATEGORY_NOT_SPACE: (SPACE, True),
    _c.CATEGORY_WORD: (WORD, False),
    _c.CATEGORY_NOT_WORD: (WORD, True),
}
# A character's neighbour as the zero-width tests read it (the DFA's "before" flag).
NONE, OTHER, WORDY = 0, 1, 2
MAX_STATES = 60_000  # a bigger automaton (a wide repeat of a long alternation) is refused
HEADER = 8


@dataclass(frozen=True, slots=True)
class Automaton:
    """One pattern's automaton: states ``(op, arg, next, other)`` from ``start`` (SPLIT
    goes to both nexts), its classes (``sets``: negated?, members) and its character
    classes (``character_classes``); ``search``: any match from the start position on
    (a span rule's ``search``), else one spanning the whole line (``fullmatch``)."""

    states: tuple[tuple[int, int, int, int], ...]
    start: int
    sets: tuple[tuple[bool, tuple[tuple[int, int, int], ...]], ...]
    search: bool

    @property
    def packed(self) -> bytes:
        """The automaton as int64 words for the kernel (layout: cleaner/_rulescan.c)."""
        points, bounds, ranges = character_classes(self)
        words = [0] * HEADER
        words[:5] = (len(self.states), self.start, int(self.search), len(self.sets), len(points))
        words[5], words[6] = len(bounds), max(ranges, default=-1) + 1
        for state in self.states:
            words.extend(state)
        for negated, members in self.sets:
            words.extend((int(negated), len(members)))
            for member in members:
                words.extend(member)
        words.extend(points)
        words.extend(bounds)
        words.extend(ranges)
        return array("q", words).tobytes()


def build(pattern: str, search: bool) -> Automaton | None:
    """The automaton of ``pattern`` (compiled with ``re.MULTILINE``, case-sensitive), or
    None when its language is not one the automaton can hold.

    >>> a = build(r"(?:home|menu)\\b[^\\S\\n]{0,2}", search=False)
    >>> matches_plain(a, "home ", 0), matches_plain(a, "homes", 0)
    (True, False)
    >>> build(r"pic(?!s)", search=True) is None
    True
    """
    try:
        parsed = _parser.parse(pattern, re.MULTILINE)
    except re.error:
        return None
    if parsed.state.flags & ~(re.MULTILINE | re.UNICODE):
        return None
    builder = _Builder()
    match = builder.add(MATCH, 0, -1, -1)
    try:
        start = builder.sequence(parsed.data, match)
    except _Refused:
        return None
    return Automaton(tuple(builder.states), start, tuple(builder.sets), search)


class _Refused(Exception):
    """A pattern the automaton cannot hold."""


class _Builder:
    """Writes a parsed pattern as states, back to front: each piece is built knowing the
    state that follows it."""

    def __init__(self) -> None:
        self.states: list[tuple[int, int, int, int]] = []
        self.sets: list[tuple[bool, tuple[tuple[int, int, int], ...]]] = []
        self._set_ids: dict = {}

    def add(self, op: int, arg: int, out: int, other: int) -> int:
        if len(self.states) >= MAX_STATES:
            raise _Refused
        self.states.append((op, arg, out, other))
        return len(self.states) - 1

    def sequence(self, items: Sequence, then: int) -> int:
        for op, arg in reversed(list(items)):
            then = self.item(op, arg, then)
        return then

    def item(self, op, arg, then: int) -> int:
        if op is _c.LITERAL:
            return self.add(CHAR, arg, then, -1)
        if op is _c.NOT_LITERAL:
            return self.add(NOT_CHAR, arg, then, -1)
        if op is _c.ANY:
            return self.add(ANY, 0, then, -1)
        if op is _c.IN:
            return self.add(SET, self._set(arg), then, -1)
        if op is _c.SUBPATTERN:
            if arg[1] or arg[2]:
                raise _Refused  # flags changed inside
            return self.sequence(arg[3].data, then)
        if op is _c.BRANCH:
            entries = [self.sequence(branch.data, then) for branch in arg[1]]
            entry = entries[-1]
            for other in reversed(entries[:-1]):
                entry = self.add(SPLIT, 0, other, entry)
            return entry
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):  # the same language either way
            low, high, sub = arg
            if high == _c.MAXREPEAT:
                loop = self.add(SPLIT, 0, -1, then)
                body = self.sequence(sub.data, loop)
                self.states[loop] = (SPLIT, 0, body, then)
                entry = loop
            else:
                entry = then
                for _ in range(high - low):
                    entry = self.add(SPLIT, 0, self.sequence(sub.data, entry), then)
            for _ in range(low):
                entry = self.sequence(sub.data, entry)
            return entry
        if op is _c.AT and arg in _ASSERTS:
            return self.add(ASSERT, _ASSERTS[arg], then, -1)
        raise _Refused  # lookarounds, back references, atomic groups, possessive repeats

    def _set(self, members: Sequence) -> int:
        negated = False
        out = []
        for kind, value in members:
            if kind is _c.NEGATE:
                negated = True
            elif kind is _c.LITERAL:
                out.append((M_CHAR, value, value))
            elif kind is _c.RANGE:
                out.append((M_RANGE, *value))
            elif kind is _c.CATEGORY and value in _CATEGORIES:
                bit, inverted = _CATEGORIES[value]
                out.append((M_CATEGORY, bit, int(inverted)))
            else:
                raise _Refused
        key = (negated, tuple(out))
        if key not in self._set_ids:
            self._set_ids[key] = len(self.sets)
            self.sets.append(key)
        return self._set_ids[key]


def kind_of(char: str) -> int:
    """The categories ``char`` belongs to, as the regex engine reads them (``\\w``: a
    letter or digit of any script, or ``_``; ``\\d``: a decimal digit; ``\\s``).

    >>> kind_of("a"), kind_of("7"), kind_of(" "), kind_of("-")
    (1, 3, 4, 0)
    """
    return (
        (WORD if char.isalnum() or char == "_" else 0)
        | (DIGIT if char.isdecimal() else 0)
        | (SPACE if char.isspace() else 0)
    )


def _holds(automaton: Automaton, state: int, char: str) -> bool:
    op, arg, _, _ = automaton.states[state]
    code = ord(char)
    if op == CHAR:
        return code == arg
    if op == NOT_CHAR:
        return code != arg
    if op == ANY:
        return char != "\n"
    negated, members = automaton.sets[arg]
    kind = kind_of(char)
    found = any(
        a <= code <= b if member in (M_CHAR, M_RANGE) else bool(kind & a) != bool(b)
        for member, a, b in members
    )
    return found != negated


def _neighbour(char: str | None) -> int:
    return NONE if char is None else WORDY if kind_of(char) & WORD else OTHER


def _closure(automaton: Automaton, seeds, before: int, after: int) -> tuple[list[int], bool]:
    """The states reached from ``seeds`` without reading a character, between
    neighbours ``before`` and ``after`` (NONE: the string's end): those that read one,
    and whether the match state is among them."""
    seen = set()
    stack = list(seeds)
    reading = []
    matched = False
    while stack:
        state = stack.pop()
        if state < 0 or state in seen:
            continue
        seen.add(state)
        op, arg, out, other = automaton.states[state]
        if op == MATCH:
            matched = True
        elif op == SPLIT:
            stack += (other, out)
        elif op == ASSERT:
            if _asserted(arg, before, after):
                stack.append(out)
        else:
            reading.append(state)
    return reading, matched


def _asserted(test: int, before: int, after: int) -> bool:
    if test == AT_START:
        return before == NONE
    if test == AT_END:
        return after == NONE
    if test == BOUNDARY:
        return (before == WORDY) != (after == WORDY)
    return (before == WORDY) == (after == WORDY)


def matches_plain(automaton: Automaton, line: str, pos: int) -> bool | None:
    """Whether the pattern matches ``line`` (a ``fullmatch`` from ``pos``, or with
    ``automaton.search`` a ``search`` from it; a position below 0 reads as 0): the
    kernel's ``matches``, by simulating the automaton. None for a line it does not
    read: empty, or holding a line break.

    >>> a = build(r"\\bnews\\b", search=True)
    >>> matches_plain(a, "top news today", 0), matches_plain(a, "newsletter", 0)
    (True, False)
    >>> matches_plain(a, "top news", 5)  # from the "e": no word starts there
    False
    """
    if not line or "\n" in line:
        return None
    pos = min(max(pos, 0), len(line))
    before = _neighbour(line[pos - 1] if pos else None)
    now: list[int] = [] if automaton.search else [automaton.start]
    for char in line[pos:]:
        seeds = [*now, automaton.start] if automaton.search else now
        reading, matched = _closure(automaton, seeds, before, _neighbour(char))
        if matched and automaton.search:
            return True
        now = sorted({automaton.states[s][2] for s in reading if _holds(automaton, s, char)})
        if not now and not automaton.search:
            return False
        before = _neighbour(char)
    seeds = [*now, automaton.start] if automaton.search else now
    return _closure(automaton, seeds, before, NONE)[1]


def character_classes(automaton: Automaton) -> tuple[list[int], list[int], list[int]]:
    """The characters the automaton tells apart, as the kernel reads them: ``points``,
    the characters a state or class names one by one (each a class of its own, numbered
    in order); past those, a character's class is given by the ranges it lies in
    (``bounds``: the ranges' edges, ascending, cutting the code points into intervals;
    ``ranges``: per interval, the number of its set of ranges) and by its ``kind_of``:
    class ``len(points) + KINDS * ranges[interval] + kind_of(char)``. Two characters of
    one class meet every state's test alike and read alike to ``\\b``.

    >>> character_classes(build(r"[a-z]x", search=False))
    ([120], [97, 123], [0, 1, 0])
    """
    points: set[int] = set()
    edges: set[int] = set()
    spans: list[tuple[int, int]] = []
    for op, arg, _, _ in automaton.states:
        if op in (CHAR, NOT_CHAR):
            points.add(arg)
    for _, members in automaton.sets:
        for member, a, b in members:
            if member == M_CHAR:
                points.add(a)
            elif member == M_RANGE:
                spans.append((a, b))
                edges |= {a, b + 1}
    bounds = sorted(edges)
    ranges: list[int] = []
    numbers: dict[frozenset, int] = {}
    for k in range(len(bounds) + 1):
        low = bounds[k - 1] if k else 0
        inside = frozenset(j for j, (a, b) in enumerate(spans) if a <= low <= b)
        ranges.append(numbers.setdefault(inside, len(numbers)))
    return sorted(points), bounds, ranges


def class_of_plain(points: list[int], bounds: list[int], ranges: list[int], char: str) -> int:
    """A character's class (``character_classes``): the kernel's ``class_of``."""
    code = ord(char)
    k = bisect.bisect_left(points, code)
    if k < len(points) and points[k] == code:
        return k
    return len(points) + KINDS * ranges[bisect.bisect_right(bounds, code)] + kind_of(char)
