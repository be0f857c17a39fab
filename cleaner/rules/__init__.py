"""The rule registry: one ordered list of category modules, compiled once.

Order is priority: when a block matches several rules, the first strong or
header rule wins, then the first weak one. ``RuleSet.scan`` runs one compiled
alternation of the whole-line rules over the document, then each in-line span
rule over just the blocks that hold its marker (``SpanRule.markers``), and
returns at most one ``Hit`` per block.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from ..result import Category
from ..segment import Block
from . import (
    advertisement,
    automaton,
    caption,
    comments,
    footer,
    metadata,
    navigation,
    related,
    share,
    social_embed,
)
from .base import LineRule, SpanRule, Strength
from .prefilter import build_program, folded_reading, marker_forms

try:  # the compiled twin of ``lines_holding_plain`` (cleaner/_kernels.c), when built
    from .._kernels import lines_holding as _lines_holding_kernel
except ImportError:
    _lines_holding_kernel = None
try:  # the prefilter's kernel (cleaner/_rulescan.c), when built
    from .. import _rulescan
except ImportError:
    _rulescan = None
from .gates import (
    after_blanks,
    line_prefixes,
    may_cross_lines,
    prefix_regex,
    required_strings,
    starts_anywhere,
    tail_width,
)

MODULES = (
    navigation,
    social_embed,
    caption,
    related,
    comments,
    footer,
    share,
    advertisement,
    metadata,
)

ALL_LINE_RULES: tuple[LineRule, ...] = tuple(r for m in MODULES for r in m.RULES)
ALL_SPAN_RULES: tuple[SpanRule, ...] = tuple(r for m in MODULES for r in m.SPAN_RULES)


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on one block."""

    rule: str
    category: Category
    strength: Strength
    reason: str


def _by_priority(rules: Sequence[LineRule | SpanRule]) -> list[LineRule | SpanRule]:
    return sorted(rules, key=lambda r: r.strength is Strength.WEAK)  # stable: module order kept


_FLAGS = re.MULTILINE
_FOLDED = re.IGNORECASE | re.MULTILINE


def _line_regex(rules: Sequence[LineRule], flags: int) -> re.Pattern[str]:
    # Scanned over "\n" + text: the literal "\n" that opens the pattern lets the
    # regex engine jump from line start to line start instead of trying the
    # alternation at every character (an anchor "^" gets no such fast skip).
    alternatives = "|".join(f"(?P<{r.name}>{r.pattern})" for r in rules)
    # When every rule needs some non-blank string, a blank line cannot match:
    # one lookahead skips it instead of trying every rule there (a third of
    # a page's line starts are blank lines).
    skip_blank = all(_needs_non_blank(r.pattern) for r in rules)
    start = r"\n(?=[^\S\n]*\S)" if skip_blank else r"\n"
    return re.compile(rf"{start}[^\S\n]*(?:{alternatives})[^\S\n]*(?=\n|\Z)", flags)


def _needs_non_blank(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a non-whitespace character."""
    found = required_strings(pattern)
    return found is not None and all(s.strip() for s in found)


class RuleSet:
    """The enabled rules, compiled once.

    Every pattern is written in lower case. A document is lower-cased once and
    scanned with case-sensitive patterns, which the regex engine runs much
    faster than case-folding ones; only when lower-casing changes the text's
    length (a few rare letters) are the case-folding twins used on the text.

    With the prefilter's kernel built (``cleaner.rules.prefilter``), the text is
    not lower-cased at all: the kernel names the few lines each rule may match,
    and decides those lines itself, each with just its rules, by the rules'
    automata (``cleaner.rules.automaton``); only what an automaton cannot tell is
    lower-cased and matched by the regex engine.
    A text the plain scan reads with the case-folding twins is read so line by
    line, and only its lines holding a letter on which the two readings may part
    (U+0130 among them: ``prefilter.risky_char``) are matched case-folded.
    """

    def __init__(self, categories: frozenset[Category]) -> None:
        line_rules = [r for r in _by_priority(ALL_LINE_RULES) if r.category in categories]
        span_rules = [r for r in _by_priority(ALL_SPAN_RULES) if r.category in categories]
        self._line_rules = {r.name: r for r in line_rules}
        self._span_rules = span_rules
        self._prefilter = _Prefilter.build(tuple(line_rules), tuple(span_rules))

    # The plain scan's compiled parts are built on first use: with the prefilter's kernel
    # a text needs them only when lower-casing changes its length (rare letters), and
    # compiling them is most of a build's cost (tenths of a second, once per process).

    @cached_property
    def _line_re(self) -> dict[int, re.Pattern[str] | None]:
        line_rules = list(self._line_rules.values())
        return {
            flags: _line_regex(line_rules, flags) if line_rules else None
            for flags in (_FLAGS, _FOLDED)
        }

    @cached_property
    def _gate(self) -> _LineGate | None:
        return _LineGate.build(list(self._line_rules.values()))

    @cached_property
    def _span_parts(self) -> dict[int, list[tuple[SpanRule, re.Pattern[str]]]]:
        return {
            flags: [(r, re.compile(rf"(?:{r.pattern})", flags)) for r in self._span_rules]
            for flags in (_FLAGS, _FOLDED)
        }

    def scan(self, text: str, blocks: Sequence[Block]) -> list[Hit | None]:
        """Return, per block, the highest-priority rule that fired on it (or None)."""
        if not blocks:
            return []
        if self._prefilter is not None:
            found = self._prefilter.scan(text, blocks)
            if found is not None:
                return found
        return self._scan_plain(text, blocks)

    def scan_only(
        self, text: str, blocks: Sequence[Block], categories: frozenset[Category]
    ) -> list[Hit | None] | None:
        """``scan`` by the rules of ``categories`` alone: what a ``RuleSet`` of those
        categories (all of them among this one's) returns; None when the prefilter cannot
        tell (no kernel, or a text it cannot read), and the caller scans with such a set.

        Lets a caller needing a few categories share this set's compiled rules instead of
        compiling its own (a few tenths of a second): the prefilter names each rule's
        candidate lines by the rule's own conditions and tries them in priority order, so
        leaving out rules of other categories gives that smaller set's hits exactly.
        """
        if not blocks:
            return []
        if self._prefilter is None:
            return None
        return self._prefilter.scan(text, blocks, self._prefilter.mask_of(categories))

    def _scan_plain(self, text: str, blocks: Sequence[Block]) -> list[Hit | None]:
        """``scan`` without the prefilter: the whole text lower-cased and scanned."""
        hits: list[Hit | None] = [None] * len(blocks)
        starts = [b.start for b in blocks]
        lowered = text.lower()
        same_shape = len(lowered) == len(text)
        subject = lowered if same_shape else text
        flags = _FLAGS if same_shape else _FOLDED
        line_re = self._line_re[flags]
        if line_re is not None:
            gate = self._gate if same_shape else None
            matches = (
                gate.matches("\n" + subject, line_re)
                if gate is not None
                else line_re.finditer("\n" + subject)
            )
            for m in matches:
                i = bisect.bisect_right(starts, m.end() - 2) - 1
                if i >= 0 and hits[i] is None:
                    rule = self._line_rules[m.lastgroup]
                    hits[i] = Hit(rule.name, rule.category, rule.strength, rule.reason)
        for rule, pattern in self._span_parts[flags]:
            for i in _blocks_with_markers(subject, starts, rule.markers, folded=same_shape):
                block = blocks[i]
                if (
                    hits[i] is None
                    and block.end - block.start <= rule.max_block_chars
                    and pattern.search(subject, block.start, block.end)
                ):
                    hits[i] = Hit(rule.name, rule.category, rule.strength, rule.reason)
        return hits


NO_WINDOW = 1 << 62  # a span rule whose match may start anywhere in its block
ALL_RULES = -1  # the mask of every rule of a prefilter
ALL_BITS = (1 << 64) - 1  # a mask as the kernel reads it (at most 64 rules)


def _hit(rule: LineRule | SpanRule) -> Hit:
    return Hit(rule.name, rule.category, rule.strength, rule.reason)


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """The scan through the prefilter's kernel: on each line it names, the rules it
    names there, in priority order, each decided by its automaton in the kernel
    (``_rulescan.hits``) or, where that cannot tell, by the regex engine.

    Exact: a rule left out of a line cannot match it, and dropping from the
    alternation rules that cannot match changes neither whether it matches nor
    which rule it ends in. A line is matched alone, lower-cased: no rule looks
    behind its line or asks for the text's start (``prefilter.build_program``
    checks), so alone it matches as it does in the text.
    """

    program: object  # the kernel's compiled program
    line_count: int
    line_rules: tuple[LineRule, ...]
    span_rules: tuple[SpanRule, ...]
    # Per rule (line rules, then span rules): its hit and its bare regex.
    rules: tuple[tuple[Hit, re.Pattern[str]], ...]
    # Per rule's bit: its hit, what decides it on a whole line (a line rule's
    # ``fullmatch``, a span rule's ``search``) and how far before the line's end a
    # match can start (``gates.tail_width``; NO_WINDOW: anywhere).
    by_bit: dict[int, tuple[Hit, Callable[[str, int], re.Match[str] | None], int]]
    # Per line rule's bit: its hit, its regex then the line's trailing blanks (to
    # ``fullmatch`` a padded line from a given start) and its longest match.
    padded_by_bit: dict[int, tuple[Hit, Callable[[str, int], re.Match[str] | None], int]]
    # ``by_bit`` in bit order, and per rule its automaton for the kernel (None: the regex
    # decides), for ``_rulescan.hits``.
    table: tuple[tuple[Hit, Callable[[str, int], re.Match[str] | None], int], ...]
    automata: tuple[object, ...]

    @classmethod
    def build(
        cls, line_rules: tuple[LineRule, ...], span_rules: tuple[SpanRule, ...]
    ) -> _Prefilter | None:
        if _rulescan is None:
            return None
        compiled = _compiled_program(line_rules, span_rules)
        if compiled is None:
            return None
        program, filters = compiled
        rules = tuple((_hit(r), _bare(r.pattern)) for r in (*line_rules, *span_rules))
        windows = [NO_WINDOW] * len(line_rules)
        windows += [tail_width(r.pattern) or NO_WINDOW for r in span_rules]
        by_bit = {
            1 << k: (hit, regex.fullmatch if k < len(line_rules) else regex.search, windows[k])
            for k, (hit, regex) in enumerate(rules)
        }
        padded_by_bit = {
            1 << k: (
                _hit(rule),
                re.compile(rf"(?:{rule.pattern})[^\S\n]*", _FLAGS).fullmatch,
                filters.filters[k].max_chars,
            )
            for k, rule in enumerate(line_rules)
        }
        table = tuple(by_bit[1 << k] for k in range(len(rules)))
        automata = _automata(line_rules, span_rules)
        return cls(
            program,
            len(line_rules),
            line_rules,
            span_rules,
            rules,
            by_bit,
            padded_by_bit,
            table,
            automata,
        )

    def mask_of(self, categories: frozenset[Category]) -> int:
        """The bits of the rules of ``categories``."""
        return sum(1 << k for k, (hit, _) in enumerate(self.rules) if hit.category in categories)

    def __reduce__(self):
        # The kernel's program cannot be pickled: a copy (a worker's) compiles its own.
        return _Prefilter.build, (self.line_rules, self.span_rules)

    def scan(
        self, text: str, blocks: Sequence[Block], only: int = ALL_RULES
    ) -> list[Hit | None] | None:
        """``RuleSet.scan``, or None when the kernel cannot read ``text`` or ``blocks``
        are not its lines; ``only``: the mask of the rules to try (``RuleSet.scan_only``).

        A line without blanks around its block (nearly all) is matched rule by rule
        in priority order: with no blanks for the alternation's ``[^\\S\\n]*`` to
        share with a rule, the first rule that matches the whole line is the one the
        alternation ends in. The kernel does this itself (``_rulescan.hits``): a rule's
        automaton answers what its ``fullmatch`` (``search``) would, and where it cannot
        tell (a capital sigma, an automaton left to the engine) the kernel calls them.
        A padded line is matched as the alternation tries it (``_padded``).

        A text whose lower case is not one character per character (U+0130) is read by
        the plain scan case-insensitively (``_Folded``): each of its lines holding a
        character whose readings may differ is matched that way, by every rule; the
        others as above, a span rule only where the plain scan looks for it.
        """
        read = _rulescan.hits(
            text, blocks, self.program, self.table, self.automata, only & ALL_BITS
        )
        if read is not None:
            hits, padded = read
            for i, mask in padded:
                hits[i] = self._padded(text, blocks[i], mask)
            return hits
        found = _rulescan.candidates(text, blocks, self.program)
        folded = None
        if found is None:
            folded = _folded(self.line_rules, self.span_rules)
            read = (
                None
                if folded is None
                else _rulescan.candidates(text, blocks, self.program, folded.risky)
            )
            if read is None:
                return None
            found, risky_lines = read
        hits: list[Hit | None] = [None] * len(blocks)
        by_bit = self.by_bit
        for i, mask, padded, line in found:
            mask &= only
            if folded is not None:
                mask = folded.marked(mask, blocks[i].text)
            if not mask:
                continue
            if padded:
                hits[i] = self._padded(text, blocks[i], mask)
                continue
            if line is None:  # a capital sigma: lower-cased by its neighbours
                line = blocks[i].text.lower()
            while mask:
                bit = mask & -mask  # the rules in priority order: lowest bit first
                hit, decides, window = by_bit[bit]
                if decides(line, len(line) - window):  # a position below 0 reads as 0
                    hits[i] = hit
                    break
                mask ^= bit
        if folded is not None:
            every = only & ((1 << len(self.rules)) - 1)
            for i in risky_lines:
                mask = folded.marked(every, blocks[i].text)
                hits[i] = self._padded(text, blocks[i], mask, folded) if mask else None
        return hits

    def _padded(
        self, text: str, block: Block, mask: int, folded: _Folded | None = None
    ) -> Hit | None:
        """The hit on a line with blanks around its block: the whole line, blanks too;
        with ``folded``, on a line read case-insensitively (by any of the rules).

        The alternation's leading ``[^\\S\\n]*`` takes all the line's leading blanks
        first, then one fewer at each retry, and at each start tries the rules in
        order: so do these loops. A rule's match covers the block, so it can only
        start where the block's end lies within its longest match.
        """
        start = text.rfind("\n", 0, block.start) + 1
        end = text.find("\n", block.end)
        line = text[start : len(text) if end < 0 else end]
        if folded is None:
            line = line.lower()
        padded_by_bit = self.padded_by_bit if folded is None else folded.padded_by_bit
        lead, last = block.start - start, block.end - start
        lines = mask & ((1 << self.line_count) - 1)
        if lines:
            longest = max(padded_by_bit[1 << k][2] for k in range(lines.bit_length()))
            for at in range(lead, max(last - longest, 0) - 1, -1):
                rules = lines
                while rules:
                    bit = rules & -rules
                    hit, matches, most = padded_by_bit[bit]
                    if last - at <= most and matches(line, at):
                        return hit
                    rules ^= bit
        spans = mask >> self.line_count
        regexes = self.rules[self.line_count :] if folded is None else folded.spans
        for (hit, regex), rule in zip(regexes, self.span_rules, strict=True):
            if spans & 1 and last - lead <= rule.max_block_chars and regex.search(line, lead, last):
                return hit
            spans >>= 1
        return None


@dataclass(frozen=True, slots=True)
class _Folded:
    """The prefilter's scan of a text the plain scan reads case-insensitively (its lower
    case is not one character per character): the kernel leaves out the lines holding a
    character whose case-insensitive reading may differ from its lower case's
    (``prefilter.risky_char``; bitmap ``risky``), which are matched case-insensitively
    by every rule, as the plain scan does; on the others the two readings agree
    (``prefilter.folded_reading``). On every line a span rule with markers is tried
    only where the plain scan tries it: where one of its marker's forms is found as
    written (``prefilter.marker_forms``).
    """

    risky: bytes
    # Per span rule's bit, for those with markers: the forms the plain scan looks for.
    forms: dict[int, tuple[str, ...]]
    # ``_Prefilter.padded_by_bit`` and the span rules' regexes, case-insensitive.
    padded_by_bit: dict[int, tuple[Hit, Callable[[str, int], re.Match[str] | None], int]]
    spans: tuple[tuple[Hit, re.Pattern[str]], ...]

    def marked(self, mask: int, block_text: str) -> int:
        """``mask`` without the span rules whose markers the block holds in no form."""
        for bit, forms in self.forms.items():
            if mask & bit and not any(form in block_text for form in forms):
                mask ^= bit
        return mask


@cache
def _folded(line_rules: tuple[LineRule, ...], span_rules: tuple[SpanRule, ...]) -> _Folded | None:
    """The prefilter's reading of texts read case-insensitively, or None when the rules
    do not allow it (``prefilter.folded_reading``). Cached: built on the first such text
    (its case-insensitive regexes take a few tenths of a second to compile)."""
    fixed = folded_reading(line_rules, span_rules)
    compiled = _compiled_program(line_rules, span_rules)
    if fixed is None or compiled is None:
        return None
    filters = compiled[1].filters
    forms = {
        1 << (len(line_rules) + k): tuple(f for m in rule.markers for f in marker_forms(m))
        for k, rule in enumerate(span_rules)
        if rule.markers
    }
    padded_by_bit = {
        1 << k: (
            _hit(rule),
            re.compile(rf"(?:{rule.pattern})[^\S\n]*", _FOLDED).fullmatch,
            filters[k].max_chars,
        )
        for k, rule in enumerate(line_rules)
    }
    spans = tuple((_hit(r), re.compile(rf"(?:{r.pattern})", _FOLDED)) for r in span_rules)
    return _Folded(_rulescan.risky_map(fixed), forms, padded_by_bit, spans)


@cache
def _automata(line_rules: tuple[LineRule, ...], span_rules: tuple[SpanRule, ...]) -> tuple:
    """Per rule (line rules, then span rules) its automaton compiled by the kernel, or
    None when its pattern has none (``automaton.build``). Cached: one per process, whose
    DFA the scans of every rule set of these rules fill together."""
    built = [automaton.build(r.pattern, search=False) for r in line_rules]
    built += [automaton.build(r.pattern, search=True) for r in span_rules]
    return tuple(None if a is None else _rulescan.automaton(a.packed) for a in built)


def _bare(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})", _FLAGS)


@cache
def _compiled_program(line_rules: tuple[LineRule, ...], span_rules: tuple[SpanRule, ...]):
    """The prefilter's program for these rules, compiled by the kernel, and the program
    itself (None: no prefilter). Cached: reading the rules' prefixes takes a few tenths
    of a second."""
    program = build_program(line_rules, span_rules)
    return None if program is None else (_rulescan.compile(program.packed), program)


MAX_GATE_STRINGS = 3  # each gate string costs one str.find pass over the document...
MAX_GATE_STRINGS_ONE_PASS = 16  # ...unless the compiled kernel finds them all in one pass
# A line's first characters read by the ungated rules' lookahead: as many as keep a
# rule's prefixes few (``gates.MAX_PREFIXES``), tried longest first.
PREFIX_ATOMS = (6, 5, 4, 3, 1)


@dataclass(frozen=True, slots=True)
class _LineGate:
    """The line rules split by cost: most run on every line, the gated ones
    (see ``cleaner.rules.gates``) only on the lines holding one of ``strings``.

    Exact: no rule can match a line break, so the whole alternation's match at
    a line start is the ungated rules' match there unless the line holds a gate
    string, and those few lines are matched with the whole alternation.

    The ungated alternation itself enters every rule in turn at each line
    start. ``starts`` finds the few line starts where one of the rules that open
    with a known character may match: a lookahead on the line's first characters
    (``gates.line_prefixes``), which the engine checks in a few steps; the lines
    where a rule opening with a wildcard matches are found by ``anywhere``.
    The ungated alternation then runs on those line starts only. When every
    ungated rule is behind ``starts``, a gate line that is no such start can
    only match a gated rule: ``only_gated`` (their alternation) decides it.
    """

    ungated: re.Pattern[str] | None
    strings: tuple[str, ...]
    starts: re.Pattern[str] | None = None
    anywhere: re.Pattern[str] | None = None
    only_gated: re.Pattern[str] | None = None

    @classmethod
    def build(cls, rules: Sequence[LineRule]) -> _LineGate | None:
        if not rules or any(may_cross_lines(r.pattern) for r in rules):
            return None
        gated = set()
        strings: set[str] = set()
        most = MAX_GATE_STRINGS if _lines_holding_kernel is None else MAX_GATE_STRINGS_ONE_PASS
        for rule in rules:
            found = required_strings(rule.pattern) if starts_anywhere(rule.pattern) else None
            # A lone letter or digit is on nearly every line, and a long list of
            # strings costs more passes than the rule itself: neither is a gate.
            if (
                found
                and len(found) <= most
                and not any((len(s) == 1 and s.isalnum()) or "\n" in s for s in found)
            ):
                gated.add(rule.name)
                strings |= found
        rest = [r for r in rules if r.name not in gated]
        wild = [r for r in rest if starts_anywhere(r.pattern)]
        known = tuple(r.pattern for r in rest if r not in wild)
        starts = _starts_regex(known) if known else None
        if not gated and starts is None:
            return None
        only_gated = [r for r in rules if r.name in gated]
        return cls(
            _line_regex(rest, _FLAGS) if rest else None,
            tuple(sorted(strings)),
            starts,
            _line_regex(wild, _FLAGS) if wild and starts is not None else None,
            _line_regex(only_gated, _FLAGS) if only_gated and starts and not wild else None,
        )

    def matches(self, subject: str, line_re: re.Pattern[str]) -> list[re.Match[str]]:
        """What ``line_re.finditer(subject)`` yields, in order (``subject`` starts with "\\n")."""
        lines = _lines_holding(subject, self.strings)
        candidates: set[int] = set()
        if self.ungated is None:
            found = []
        elif self.starts is None:
            found = [m for m in self.ungated.finditer(subject) if m.start() not in lines]
        else:
            # Every match ends at its line's end, so finditer tries each line start
            # on its own: matching just the candidate line starts finds the same matches.
            candidates = {c.start() for c in self.starts.finditer(subject)}
            if self.anywhere is not None:
                candidates.update(m.start() for m in self.anywhere.finditer(subject))
            match = self.ungated.match
            found = [
                m for pos in sorted(candidates - lines) if (m := match(subject, pos)) is not None
            ]
        if not lines:
            return found
        only_gated = self.only_gated
        for pos in lines:
            regex = line_re if only_gated is None or pos in candidates else only_gated
            m = regex.match(subject, pos)
            if m is not None:
                found.append(m)
        found.sort(key=re.Match.start)
        return found


@cache
def _starts_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """The line starts (their "\\n") where one of ``patterns`` may match as a line rule
    (placed as ``_line_regex`` places them); None when some pattern's first characters
    cannot be read. Cached: the prefixes of a rule set are read once per process."""
    if not all(_needs_non_blank(p) for p in patterns):
        return None  # a rule may match a blank line, which the lookahead below never admits
    prefixes: set[tuple[str, ...]] = set()
    for pattern in patterns:
        # The rule, then the line's end: a short line's whole text is its prefix.
        line = rf"(?:{pattern})[^\S\n]*\n"
        found = next((p for n in PREFIX_ATOMS if (p := line_prefixes(line, n))), None)
        if found is None:
            return None
        prefixes |= after_blanks(found)
    if () in prefixes:
        return None  # some rule may start with any character: no line can be skipped
    # After the line's leading blanks (``after_blanks`` read the rules from there), its
    # first characters must begin one of the rules. No prefix opens with a blank, so
    # giving back a leading blank never helps: backtracking there costs one step.
    return re.compile(rf"\n(?=[^\S\n]*\S)[^\S\n]*(?={prefix_regex(frozenset(prefixes))})")


def _lines_holding(text: str, strings: tuple[str, ...]) -> set[int]:
    """Offsets of the "\\n" opening each line of ``text`` that holds one of ``strings``
    (none of which holds a line break): by the compiled kernel when it is built.

    >>> sorted(_lines_holding("\\nhome\\nnews > world\\nsport", (">", "rt")))
    [5, 18]
    """
    if _lines_holding_kernel is not None:
        return _lines_holding_kernel(text, strings)
    return lines_holding_plain(text, strings)


def lines_holding_plain(text: str, strings: Sequence[str]) -> set[int]:
    """``_lines_holding`` without the compiled kernel: one ``str.find`` pass per string."""
    lines: set[int] = set()
    for string in strings:
        at = text.find(string)
        while at >= 0:
            lines.add(text.rfind("\n", 0, at))
            after = text.find("\n", at)
            if after < 0:
                break
            at = text.find(string, after)
    return lines


def _inner(marker: str) -> bool:
    """Whether ``marker`` can only be found inside a block: non-blank at both ends, one line."""
    return bool(marker) and not (marker[0].isspace() or marker[-1].isspace() or "\n" in marker)


def _blocks_with_markers(
    text: str, starts: list[int], markers: Sequence[str], folded: bool
) -> list[int]:
    """Indices of the blocks holding one of ``markers`` (all blocks when there are none).

    ``folded`` says ``text`` is lower-cased already; otherwise the markers'
    upper- and title-cased forms are looked for too.
    """
    if not markers:
        return list(range(len(starts)))
    variants = set(markers) if folded else {v for m in markers for v in (m, m.upper(), m.title())}
    if _lines_holding_kernel is not None and len(variants) > 1 and all(map(_inner, variants)):
        # All variants in one compiled pass: a marker lies inside its line's block,
        # the first block starting after the line's opening "\n".
        openers = _lines_holding_kernel(text, tuple(sorted(variants)))
        return sorted({bisect.bisect_right(starts, at) for at in openers})
    found: set[int] = set()
    for variant in variants:
        at = text.find(variant)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0:
                found.add(i)
            # Once a block is found, the next one that can be starts after it.
            at = text.find(variant, max(at + 1, starts[i + 1] if i + 1 < len(starts) else at + 1))
    return sorted(found)
