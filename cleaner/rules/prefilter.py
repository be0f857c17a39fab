"""Which lines each rule can possibly match, told in one pass: the rule scan's prefilter.

A rule can only fire on a line that meets every one of its necessary conditions,
all read from its pattern (``cleaner.rules.gates``):

- the line's trimmed length is at most the rule's longest match (its block limit
  for a span rule): a paragraph is longer than any menu word;
- for a rule that opens with a known character, the line's first characters
  begin one of the rule's prefixes (``gates.line_prefixes``); and the line's last
  characters end one of its suffixes (``gates.line_suffixes``, the pattern read
  backwards; for a span rule only when every match ends at its block's end);
- the line holds one of the strings that every match holds
  (``gates.required_strings``), and for a span rule one of its markers, which the
  rule demands on top of its pattern.

``ScanProgram`` packs these conditions for the compiled kernel
(``cleaner/_rulescan.c``), which reads the lower-cased characters of the
original text one line at a time and returns only the candidate lines, each with
the rules that may fire there; the regex engine then runs just those rules on
just those lines. ``candidates_plain`` is the kernel's plain-Python twin (the
definition it must equal, tested on the same inputs).

Conditions are necessary, never sufficient: a candidate is confirmed by the rule's
own regex, so a condition this module cannot read is simply left out.
"""

from __future__ import annotations

import _sre
import re
import re._constants as _c
import re._parser as _parser
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from re._casefix import _EXTRA_CASES

from .base import LineRule, SpanRule
from .gates import (
    ANY,
    BLANK,
    BLANKS,
    DIGIT,
    DIGITS,
    after_blanks,
    ends_at_end,
    line_prefixes,
    line_suffixes,
    may_cross_lines,
    merge_runs,
    prefix_regex,
    required_strings,
    starts_anywhere,
)

MAX_RULES = 64  # one bit per rule in the kernel's masks
MAX_STRING_SETS = 2  # a rule may name two sets of strings (a span rule: markers, pattern)
# The longest prefixes read first: the longer, the fewer lines pass, until a rule's
# prefixes grow too many to read (``gates.MAX_PREFIXES``).
PREFIX_ATOMS = (8, 7, 6, 5, 4, 3, 1)
NO_LIMIT = 1 << 40  # a rule whose match has no length bound
LONG_ENOUGH = 3  # a required string this long is rare enough; longer ones gain little

# Atom codes in the packed trie (a literal is its code point, >= 0).
_ATOM_CODES = {BLANK: -1, DIGIT: -2, ANY: -3, BLANKS: -4, DIGITS: -5, "\n": -6}
_LOOPS = {BLANKS: 1, DIGITS: 2}  # a run's node repeats its class: blanks 1, digits 2
# Lower-casing these depends on the neighbours (a final sigma): the kernel lowers
# one character at a time, so a rule naming one cannot be prefiltered.
_CONTEXT_LOWER = frozenset("σς")
_CONTEXT_UPPER = frozenset("Σ")  # the letter lower-cased by its neighbours
CODE_POINTS = 0x110000
RISKY_BYTES = CODE_POINTS // 8  # a bitmap of every code point (``risky_map_plain``)
BMP_END = 0x10000  # a class's range past it is read otherwise case-insensitively


@dataclass(frozen=True, slots=True)
class RuleFilter:
    """One rule's necessary conditions (see the module docstring)."""

    max_chars: int
    prefixes: frozenset[tuple[str, ...]] | None  # None: no prefix condition
    string_sets: tuple[frozenset[str], ...]  # one of each set must be on the line
    # The block's last characters, last first, end one of these (None: no condition).
    suffixes: frozenset[tuple[str, ...]] | None = None


@dataclass(frozen=True, slots=True)
class ScanProgram:
    """Every rule's conditions, packed for the kernel (``packed``) and kept readable
    for the plain twin (``filters``). Rules are numbered line rules first, then span
    rules, each in scan order: bit ``k`` of a mask is rule ``k``."""

    filters: tuple[RuleFilter, ...]
    line_count: int
    packed: bytes


def build_program(
    line_rules: Sequence[LineRule], span_rules: Sequence[SpanRule]
) -> ScanProgram | None:
    """The prefilter for these rules, or None when the rules leave it unsafe (a rule
    that may cross or match a blank line, look behind its start, or that the
    per-line reading cannot express)."""
    if len(line_rules) + len(span_rules) > MAX_RULES:
        return None
    if not all(_line_local(r.pattern, whole_line=True) for r in line_rules):
        return None
    if not all(_line_local(r.pattern, whole_line=False) for r in span_rules):
        return None
    filters = [_line_filter(r) for r in line_rules]
    if any(f is None for f in filters):
        return None
    for rule in span_rules:
        markers = frozenset(rule.markers)
        if markers and not all(_inner(m) for m in markers):
            return None
        strings = None if _markers_sift(markers) else _strings(rule.pattern)
        sets = tuple(s for s in (markers, None if strings == markers else strings) if s)
        suffixes = _readable(rule.pattern, "") if ends_at_end(rule.pattern) else None
        filters.append(RuleFilter(rule.max_block_chars, None, sets, suffixes))
    if any(
        _CONTEXT_LOWER & set("".join(s for group in f.string_sets for s in group))
        or any(_CONTEXT_LOWER & set(a) for atoms in (f.prefixes, f.suffixes) for a in atoms or ())
        for f in filters
    ):
        return None
    return ScanProgram(tuple(filters), len(line_rules), _pack(filters))


def _line_local(pattern: str, whole_line: bool) -> bool:
    """Whether matching ``pattern`` on one line alone (its own string) gives what
    matching it inside the text does: it never crosses a line, looks behind or asks
    for the text's very start. A line rule was matched in the whole text, where it
    might also look past its line's end: it may not look ahead or ask for the text's
    end either (a span rule was searched up to its block's end: it saw no further).

    >>> _line_local(r"menu\\b", True), _line_local(r"menu(?=\\n)", True)
    (True, False)
    >>> _line_local(r"pic(?!s)", False), _line_local(r"(?<=x)pic", False)
    (True, False)
    """
    if may_cross_lines(pattern):
        return False
    try:
        items = _parser.parse(pattern, re.MULTILINE).data
    except re.error:
        return False
    return not _looks_outside(items, whole_line)


def _looks_outside(items: Sequence, whole_line: bool) -> bool:
    """Whether a lookbehind, ``\\A`` or a back reference is among ``items`` (at any
    depth), or with ``whole_line`` a lookahead or ``\\Z``."""
    outside = (_c.AT_BEGINNING_STRING, _c.AT_END_STRING) if whole_line else ()
    for op, arg in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS) or (
            op is _c.AT and (arg is _c.AT_BEGINNING_STRING or arg in outside)
        ):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and (arg[0] < 0 or whole_line):
            return True
        if any(_looks_outside(sub, whole_line) for sub in _inside(op, arg)):
            return True
    return False


def _inside(op, arg) -> list[Sequence]:
    """The item sequences nested in one parsed item."""
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [arg[1].data]
    if op is _c.SUBPATTERN:
        return [arg[3].data]
    if op is _c.ATOMIC_GROUP:
        return [arg.data]
    if op is _c.BRANCH:
        return [b.data for b in arg[1]]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return [arg[2].data]
    return []


def _inner(marker: str) -> bool:
    """Whether ``marker`` can only be found inside a block: non-blank at both ends, one line."""
    return bool(marker) and not (marker[0].isspace() or marker[-1].isspace() or "\n" in marker)


def _markers_sift(markers: frozenset[str]) -> bool:
    """Whether a span rule's markers sift its lines well enough alone: every one at least
    ``LONG_ENOUGH`` characters. Its pattern's required strings then sift few more lines,
    while the kernel would look for them too at every character (tens of strings on top
    of the markers); the candidates they would leave out are decided by the rule's
    automaton, which rejects them. A necessary condition left out: the hits are the same.

    >>> _markers_sift(frozenset({"follow us", "the app"})), _markers_sift(frozenset({":"}))
    (True, False)
    """
    return bool(markers) and min(map(len, markers)) >= LONG_ENOUGH


def _strings(pattern: str) -> frozenset[str] | None:
    """The set of required strings the kernel finds cheapest: two-letter strings are
    the dearest (a common pair of letters sends it to compare strings at every turn),
    then the shortest; the plain reading wins a tie (``gates.required_strings``)."""
    options = (_usable(required_strings(pattern)), _usable(required_strings(pattern, True)))
    found = [strings for strings in options if strings]
    return max(found, key=_kernel_rank, default=None)


def _kernel_rank(strings: frozenset[str]) -> tuple[bool, int]:
    shortest = min(map(len, strings))
    return shortest != 2, min(shortest, LONG_ENOUGH)


def _usable(found: frozenset[str] | None) -> frozenset[str] | None:
    if not found or any("\n" in s or not s for s in found):
        return None
    return found


def _line_filter(rule: LineRule) -> RuleFilter | None:
    pattern = rule.pattern
    parsed = _parser.parse(pattern, re.MULTILINE)
    _, high = parsed.getwidth()
    if high == 0:
        return None  # a rule matching only blanks: blank lines would count
    prefixes = None
    if not starts_anywhere(pattern):
        line = rf"(?:{pattern})[^\S\n]*\n"  # the rule, then the line's end
        prefixes = _atoms(next((p for n in PREFIX_ATOMS if (p := line_prefixes(line, n))), None))
    # Read from the end: the rule, then the line's start.
    suffixes = _readable(rf"(?:{pattern})", r"[^\S\n]*\n")
    # A prefix sifts more lines than required strings do, and strings cost the kernel
    # a look at every character: they are read only for the rules without a prefix.
    if not _needs_non_blank(pattern):
        return None  # may match a blank line, which the kernel never offers
    strings = _strings(pattern) if prefixes is None else None
    max_chars = high if high < _c.MAXREPEAT else NO_LIMIT
    return RuleFilter(max_chars, prefixes, (strings,) if strings else (), suffixes)


def _readable(pattern: str, then: str) -> frozenset[tuple[str, ...]] | None:
    """The suffixes of ``pattern`` (then ``then``), longest readable first."""
    found = (line_suffixes(pattern, n, then) for n in PREFIX_ATOMS)
    return _atoms(next((s for s in found if s), None))


def _atoms(found: frozenset[tuple[str, ...]] | None) -> frozenset[tuple[str, ...]] | None:
    """Prefixes (or suffixes) as seen from the line's first (last) non-blank character,
    runs merged; None when some may begin with any character (no condition)."""
    if found is None:
        return None
    atoms = frozenset(merge_runs(p) for p in after_blanks(found))
    return None if () in atoms else atoms


def _needs_non_blank(pattern: str) -> bool:
    found = required_strings(pattern)
    return found is not None and all(s.strip() for s in found)


# ---------------------------------------------------------------------------
# The plain twin


def candidates_plain(
    text: str,
    blocks: Sequence[tuple[int, int, str]],
    program: ScanProgram,
    risky: bytes | None = None,
):
    """``_rulescan.candidates``: per non-blank line that some rule may match,
    (its block's index, the mask of those rules, whether the line holds blanks around
    its block, and the block lower-cased unless the line is padded or the block holds a
    capital sigma); None when ``blocks`` are not the text's trimmed lines or the
    text lower-cases to another length (then the caller scans the plain way).

    With ``risky`` (a bitmap of code points, ``risky_map_plain``), a text of any
    lower case is read, but a line holding a risky character is not: the answer is
    the candidates and the list of those lines' block indices.

    >>> from cleaner.rules import ALL_LINE_RULES
    >>> from cleaner.segment import split_blocks
    >>> program = build_program(ALL_LINE_RULES[:1], [])
    >>> text = "Skip to content\\nA paragraph of prose.\\n  skip to main content "
    >>> candidates_plain(text, split_blocks(text), program)
    [(0, 1, False, 'skip to content'), (2, 1, True, None)]
    """
    if risky is None and "\u0130" in text:
        return None
    regexes = _twin_regexes(program)
    out = []
    left = []
    at = 0
    index = 0
    for line in text.split("\n"):
        start, at = at, at + len(line) + 1
        core = line.strip()
        if not core:
            continue
        lead = len(line) - len(line.lstrip())
        if index >= len(blocks) or tuple(blocks[index][:2]) != (
            start + lead,
            start + lead + len(core),
        ):
            return None
        if risky is not None and any(risky[ord(c) >> 3] >> (ord(c) & 7) & 1 for c in line):
            left.append(index)
            index += 1
            continue
        lowered = line.lower()
        backwards = lowered[::-1]
        trail = len(line) - lead - len(core)
        mask = 0
        for k, (f, (first, last)) in enumerate(zip(program.filters, regexes, strict=True)):
            if len(core) > f.max_chars:
                continue
            if first is not None and not first.match(lowered, lead):
                continue
            if last is not None and not last.match(backwards, trail):
                continue
            if all(any(s in lowered for s in group) for group in f.string_sets):
                mask |= 1 << k
        if mask:
            padded = len(core) != len(line)
            lowered = None if padded or _CONTEXT_UPPER & set(core) else core.lower()
            out.append((index, mask, padded, lowered))
        index += 1
    if index != len(blocks):
        return None
    return out if risky is None else (out, left)


# ---------------------------------------------------------------------------
# Texts read case-insensitively


def folded_reading(line_rules: Sequence[LineRule], span_rules: Sequence[SpanRule]) -> str | None:
    """For a text whose lower case is not one character per character (U+0130), the plain
    scan matches the rules case-insensitively on the text itself, and looks for each span
    rule's markers as written, upper-cased and title-cased. On a line free of the
    characters ``risky_char`` names, that reading and the prefilter's (each rule
    case-sensitively on the lower-cased line) agree character by character, provided the
    rules themselves meet these conditions, checked here:

    - every character a pattern names (alone or in a class) is its own lower case, and
      a class's range holds the lower case of each of its characters and stays in the
      BMP; no pattern changes its flags inside;
    - every marker, upper- or title-cased, lower-cases back to itself (so a marker the
      plain scan finds in those forms is one the kernel finds lower-cased).

    Returns the characters the patterns' own characters also match case-insensitively
    (``re._casefix``), which ``risky_char`` names as risky; None when the conditions fail
    (such a text then takes the plain scan whole).

    >>> from cleaner.rules.base import LineRule
    >>> rule = LineRule("r", None, None, r"menu\\b|[a-z]s", "")
    >>> folded_reading([rule], [])  # the dotless i and the long s: [a-z] holds i and s
    'ıſ'
    >>> folded_reading([LineRule("r", None, None, "Menu", "")], []) is None
    True
    """
    fixed: set[int] = set()
    for rule in (*line_rules, *span_rules):
        try:
            items = _parser.parse(rule.pattern, re.MULTILINE).data
        except re.error:
            return None
        if not _folds_plainly(items, fixed):
            return None
    for rule in span_rules:
        for marker in rule.markers:
            if any(form.lower() != marker for form in marker_forms(marker)):
                return None
    return "".join(sorted(map(chr, fixed)))


def marker_forms(marker: str) -> tuple[str, ...]:
    """The forms of a marker the plain scan looks for in a text it reads case-insensitively.

    >>> marker_forms("read more")
    ('read more', 'READ MORE', 'Read More')
    """
    return tuple(dict.fromkeys((marker, marker.upper(), marker.title())))


def _folds_plainly(items: Sequence, fixed: set[int]) -> bool:
    """Whether ``items`` (parsed, at any depth) meet ``folded_reading``'s conditions on
    characters and flags; adds to ``fixed`` their characters' extra case-insensitive
    matches."""
    for op, arg in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL):
            if not _own_lower(arg, fixed):
                return False
        elif op is _c.IN:
            for kind, value in arg:
                if kind is _c.LITERAL and not _own_lower(value, fixed):
                    return False
                if kind is _c.RANGE and not _closed_range(*value, fixed):
                    return False
        elif op is _c.SUBPATTERN and (arg[1] or arg[2]):
            return False  # flags changed inside the pattern
        if not all(_folds_plainly(sub, fixed) for sub in _inside(op, arg)):
            return False
    return True


def _own_lower(code: int, fixed: set[int]) -> bool:
    fixed.update(_EXTRA_CASES.get(code, ()))
    return _sre.unicode_tolower(code) == code


def _closed_range(low: int, high: int, fixed: set[int]) -> bool:
    if high >= BMP_END:
        return False
    for code in range(low, high + 1):
        lower = _sre.unicode_tolower(code)
        if not low <= lower <= high:
            return False
        fixed.update(_EXTRA_CASES.get(lower, ()))
    return True


def risky_char(code: int, fixed: frozenset[int]) -> bool:
    """Whether the regex engine's case-insensitive reading of this character may differ
    from a case-sensitive reading of its lower case, for rules meeting ``folded_reading``'s
    conditions; ``fixed``: the characters ``folded_reading`` returned. The twin of the
    kernel's ``risky_char``.

    The engine compares a cased pattern character with the text's character lower-cased,
    also accepting its extra matches (``fixed``); an uncased one, and a class without
    cased members (``\\w``, ``\\d``, ``\\s``), with the character itself. So a
    character is risky when lower-casing it is not one character of its own (U+0130,
    a sigma), gives one of ``fixed``, is not stable, gives an uncased character or one
    of another class.

    >>> [risky_char(ord(c), frozenset()) for c in "aAİıΣẞ"]
    [False, False, True, False, True, False]
    >>> risky_char(ord("ı"), frozenset(map(ord, "ı")))
    True
    """
    char = chr(code)
    lower = _sre.unicode_tolower(code)
    if char.lower() != chr(lower) or char in _CONTEXT_UPPER:
        return True
    if lower in fixed or _sre.unicode_tolower(lower) != lower:
        return True
    if code == lower:
        return False
    low = chr(lower)
    return (
        not _sre.unicode_iscased(lower)
        or _is_word(char) != _is_word(low)
        or char.isdecimal() != low.isdecimal()
        or char.isspace() != low.isspace()
    )


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def risky_map_plain(fixed: str) -> bytes:
    """``_rulescan.risky_map``: the risky characters (``risky_char``) as a bitmap, bit
    ``c % 8`` of byte ``c // 8`` for code point ``c`` (about a second: tests only)."""
    codes = frozenset(map(ord, fixed))
    bits = bytearray(RISKY_BYTES)
    for code in range(CODE_POINTS):
        if risky_char(code, codes):
            bits[code >> 3] |= 1 << (code & 7)
    return bytes(bits)


@cache
def _twin_regexes(
    program: ScanProgram,
) -> list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Each rule's prefixes and suffixes as regexes (cached: built once per program)."""
    return [(_compiled(f.prefixes), _compiled(f.suffixes)) for f in program.filters]


def _compiled(atoms: frozenset[tuple[str, ...]] | None) -> re.Pattern[str] | None:
    return None if atoms is None else re.compile(prefix_regex(atoms))


# ---------------------------------------------------------------------------
# Packing for the kernel


def _pack(filters: Sequence[RuleFilter]) -> bytes:
    """The program as one array of 64-bit integers (layout: cleaner/_rulescan.c)."""
    # The trie as parallel lists (per node: its edges by atom code, the rules accepted
    # there, its loop class): tens of thousands of nodes, built once per process, so the
    # inner loop is kept to a dict lookup per atom. Node 0 opens the prefixes, 1 the suffixes.
    edges: list[dict[int, int]] = [{}, {}]
    accept = [0, 0]
    loops = [0, 0]
    codes = _AtomCodes()
    strings: dict[str, list[int]] = {}  # string -> the rules whose first, second set holds it
    has = [0, 0, 0, 0]  # the rules with a prefix, a first, a second set of strings, a suffix
    for rule, f in enumerate(filters):
        bit = 1 << rule
        for root, atoms in ((0, f.prefixes), (1, f.suffixes)):
            if atoms is None:
                continue
            has[3 * root] |= bit
            for prefix in atoms:
                node = root
                for atom in prefix:
                    code = codes[atom]
                    out = edges[node]
                    child = out.get(code)
                    if child is None:
                        child = out[code] = len(edges)
                        edges.append({})
                        accept.append(0)
                        loops.append(_LOOPS.get(atom, 0))
                    node = child
                accept[node] |= bit
        for k, group in enumerate(f.string_sets):
            has[1 + k] |= bit
            for s in group:
                strings.setdefault(s, [0] * MAX_STRING_SETS)[k] |= bit
    words = [0] * HEADER
    words[H_RULES] = len(filters)
    words[H_NODES] = len(edges)
    words[H_HAS_PREFIX : H_HAS_PREFIX + 3] = map(_signed, has[:3])
    words[H_HAS_SUFFIX] = _signed(has[3])
    words[H_RULE_AT] = len(words)
    words.extend(min(f.max_chars, NO_LIMIT) for f in filters)
    words[H_NODE_AT] = len(words)
    order, sorted_edges = _breadth_first(edges)
    number = [0] * len(edges)
    for new, old in enumerate(order):
        number[old] = new
    nodes: list[int] = []
    edge_words: list[int] = []
    edge = 0
    for old in order:
        out = sorted_edges[old]  # classes (negative codes) first
        classes = 0
        for code, child in out:
            classes += code < 0
            edge_words.append(code)
            edge_words.append(number[child])
        nodes += (edge, classes, len(out) - classes, _signed(accept[old]), loops[old])
        edge += len(out)
    words.extend(nodes)
    words[H_EDGE_AT] = len(words)
    words.extend(edge_words)
    singles = sorted((s, m) for s, m in strings.items() if len(s) == 1)
    longer = sorted((s, m) for s, m in strings.items() if len(s) > 1)
    words[H_SINGLES] = len(singles)
    words[H_SINGLE_AT] = len(words)
    for s, (first, second) in singles:
        words.extend((ord(s), _signed(first), _signed(second)))
    words[H_LONGER] = len(longer)
    words[H_ANCHOR_AT] = len(words)
    words.extend(anchor_of(s) for s, _ in longer)
    words[H_LONGER_AT] = len(words)
    string_at = len(words)
    words.extend([0] * (4 * len(longer)))
    for k, (s, (first, second)) in enumerate(longer):
        words[string_at + 4 * k : string_at + 4 * k + 4] = [
            len(words),
            len(s),
            _signed(first),
            _signed(second),
        ]
        words.extend(map(ord, s))
    return array("q", words).tobytes()


# Lower-case letters, the blank and the commonest stops, most frequent first in running
# text of the European languages the rules name: the kernel looks for a string at its
# rarest pair of neighbouring characters.
COMMON_CHARS = " eainrtsoldcuhmgp.,bfvwkyzj"
RARE_RANK = len(COMMON_CHARS)  # a character not among them: rare enough
# Pairs of letters common in those languages (a pair not among them is taken first).
_COMMON_PAIRS_TEXT = (
    "th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le"
    " ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ie ei un ge di us ut im po"
    " fo vo os ta la el na no ca ci lo"
)
COMMON_PAIRS = frozenset(_COMMON_PAIRS_TEXT.split())
LATIN_END = 0x100  # the kernel tells these characters apart; the others share a class


ANCHOR_WIDTH = 3  # characters of a string the kernel looks for before comparing it whole


def anchor_of(string: str) -> int:
    """Where the kernel looks for ``string``: the index of the first of its rarest
    ``ANCHOR_WIDTH`` neighbouring characters (fewer in a shorter string), by the pairs
    of letters among them that are not ``COMMON_PAIRS``, then by ``COMMON_CHARS``,
    preferring characters below U+0100 (which the kernel tells apart); it then compares
    the whole string there. A choice of speed: the answer is the same whichever
    characters anchor it.

    >>> anchor_of("cookies"), anchor_of(".jpg"), anchor_of("фото"), anchor_of("/")
    (1, 0, 0, 0)
    """
    width = min(ANCHOR_WIDTH, len(string))

    def rarity(k: int) -> tuple[bool, int, int]:
        window = string[k : k + width]
        ranks = (COMMON_CHARS.find(c) for c in window)
        rare_pairs = sum(window[j : j + 2] not in COMMON_PAIRS for j in range(width - 1))
        latin = all(ord(c) < LATIN_END for c in window)
        return latin, rare_pairs, sum(RARE_RANK if r < 0 else r for r in ranks)

    return max(range(len(string) - width + 1), key=rarity)


class _AtomCodes(dict):
    """Atom -> its code in the packed trie (a class's negative code, a literal's code
    point), computed once per distinct atom."""

    def __missing__(self, atom: str) -> int:
        code = _ATOM_CODES.get(atom)
        self[atom] = code = ord(atom) if code is None else code
        return code


def _breadth_first(
    edges: list[dict[int, int]],
) -> tuple[list[int], list[list[tuple[int, int]]]]:
    """The nodes level by level from both roots (which stay 0 and 1): a line's walk
    mostly ends within the first levels, which then lie together in memory. Also each
    node's edges sorted by code, as the kernel reads them."""
    order = [0, 1]
    sorted_edges: list[list[tuple[int, int]]] = [[]] * len(edges)
    for node in order:  # grows as it goes
        out = sorted(edges[node].items())
        sorted_edges[node] = out
        order.extend(child for _, child in out)
    return order, sorted_edges


# The header's slots (cleaner/_rulescan.c reads the same).
H_RULES, H_NODES, H_HAS_PREFIX = 0, 1, 2  # then 3, 4: the rules with a first, second set
H_RULE_AT, H_NODE_AT, H_EDGE_AT = 5, 6, 7
H_SINGLES, H_SINGLE_AT, H_LONGER, H_LONGER_AT = 8, 9, 10, 11
H_HAS_SUFFIX = 12
H_ANCHOR_AT = 13
HEADER = 16


def _signed(mask: int) -> int:
    """A 64-bit mask as the signed integer ``array('q')`` stores."""
    return mask - (1 << 64) if mask >= 1 << 63 else mask
