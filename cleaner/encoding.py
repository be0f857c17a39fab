"""Stage 1: encoding repair with ftfy, explained, with a fast path that keeps ftfy's answers.

ftfy fixes text segment by segment (``ftfy.fix_text`` cuts after each newline
and every ``max_decode_length`` characters), so we do the same, but only hand
ftfy the segments that could change. ftfy returns a segment unchanged when it
has no HTML entity, no control, C1, surrogate or terminal-escape character, no
ligature, no odd line break, is already NFC and does not look like mojibake
(``ftfy.badness.is_bad``: every fixer that changes text is gated by one of these).

The expensive tests are ``is_bad`` (a large regex tried at every position) and
NFC. Every alternative of the badness regex matches two adjacent characters
from two small sets (or, for a few, one character of a small set): we read
those sets from the regex itself (``_badness_rules``) and, with the characters
the other fixers act on and those that can make a text not NFC (read from
``unicodedata``), classify every code point once (``ScanPlan``). One scan over
the document (compiled: cleaner/_fastscan.c; its twin ``ScanPlan.scan_plain``)
then reports the few positions with evidence; the badness regex runs only on a
few characters around each, and the NFC check only on segments holding a
suspect character. A flagged segment goes to ftfy, which is always the judge:
a false alarm costs time, never a different answer. A segment whose only
evidence is that it is not NFC is normalized without ftfy when the normalized
text holds no evidence at all: ftfy would do exactly that (normalize, then find
nothing more) and explain it as one "normalize NFC" step. Clean text therefore
costs one compiled scan, linear in its size.
"""

from __future__ import annotations

import functools
import itertools
import re
import re._constants as sre_constants  # only to read ftfy's badness regex, with a safe fallback
import re._parser as sre_parser
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass

import ftfy
from ftfy import chardata
from ftfy.badness import BADNESS_RE, is_bad

from .result import Fix
from .settings import Settings

try:
    from . import _fastscan
except ImportError:  # not compiled (no C compiler at install): ScanPlan.scan_plain instead
    _fastscan = None

_LIGATURES = "".join(chr(c) for c in chardata.LIGATURES)
_WIDE = "".join(chr(c) for c in chardata.WIDTH_MAP)
_CONTROLS = "".join(chr(c) for c in chardata.CONTROL_CHARS)

# Characters that ftfy rewrites on their own, whatever surrounds them: odd line
# breaks, terminal escapes, C1 controls, surrogates, lossy marks, controls, ligatures.
_ALWAYS = (
    "\r\x0b\x0c\x85\u2028\u2029\x1b"
    + "".join(map(chr, range(0x80, 0xA0)))
    + "".join(map(chr, range(0xD800, 0xE000)))
    + "\ufffd"
    + _CONTROLS
    + _LIGATURES
)
_CURLY = "\u02bc" + "".join(map(chr, range(0x2018, 0x2020)))
ENTITY_MAX_NAME = 24  # the longest entity name (cleaner/_fastscan.c reads the same shape)
_ENTITY_RE = re.compile(f"&#?[0-9A-Za-z]{{1,{ENTITY_MAX_NAME}}};")  # ftfy's HTML entity shape


# What the scan reports at a position (the low FLAG_BITS bits of each hit; see _fastscan.c).
FLAG_BITS = 4
TRIGGER = 1  # a character some fixer always rewrites
ENTITY = 2  # "&" where an HTML entity's shape starts (whatever the segment's end)
BADNESS = 4  # a character or pair that every match of ftfy's badness regex must hold
NFC = 8  # a character that may make the text not NFC
MAX_PAIR_RULES = 64  # one bit each in a machine word; more alternatives fall back to singles
# Characters below this are classified one by one for NFC; above it (planes 3 to 16,
# nearly unassigned) every character counts as possibly not NFC: a slower check, never wrong.
NFC_TABLE_LIMIT = 0x30000
_BLOCK = 256
_BLOCK_COUNT = 0x110000 // _BLOCK


@dataclass(frozen=True, slots=True)
class CharSet:
    """A regex item that matches one character: these characters, or all but them."""

    chars: frozenset[str]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class BadnessRules:
    """Necessary conditions for a match of ftfy's badness regex, read from the regex.

    Every match of one of its alternatives holds two adjacent characters of one of
    ``pairs`` (first in the first set, second in the second) or a character of
    ``singles`` (for alternatives without two adjacent one-character items).
    ``width`` is the widest match.
    """

    pairs: tuple[tuple[CharSet, CharSet], ...]
    singles: frozenset[str]
    width: int


def _charset(item: tuple) -> CharSet | None:
    """The characters one parsed regex item matches, or None when it is not one character
    of a finite set (or its complement)."""
    op, arg = item
    if op is sre_constants.LITERAL:
        return CharSet(frozenset(chr(arg)))
    if op is sre_constants.NOT_LITERAL:
        return CharSet(frozenset(chr(arg)), negated=True)
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    negated = False
    for sub_op, sub_arg in arg:
        if sub_op is sre_constants.NEGATE:
            negated = True
        elif sub_op is sre_constants.LITERAL:
            chars.add(chr(sub_arg))
        elif sub_op is sre_constants.RANGE:
            chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
        else:  # a category (\w, \s): not a small set
            return None
    return CharSet(frozenset(chars), negated)


def _common(charset: CharSet) -> int:
    """How common a set's characters are in text: ASCII counts, a complement is everything."""
    if charset.negated:
        return 1 << 20
    return sum(c.isascii() for c in charset.chars)


def _pair_rarity(pair: tuple[CharSet, CharSet]) -> tuple[int, int]:
    # Prefer pairs without ASCII (rare in text), then the fewest combinations.
    first, second = pair
    return (_common(first) + _common(second), len(first.chars) * len(second.chars))


def _badness_rules(pattern: re.Pattern[str]) -> BadnessRules | None:
    """Read ``pattern``'s alternatives into necessary pairs and single characters.

    Adjacent one-character items of an alternative match adjacent characters, so
    each alternative's rarest such pair is a necessary condition for it; an
    alternative without one needs a character of its rarest one-character item.
    Returns None (meaning: treat every non-ASCII character as suspect) when the
    pattern has a shape this reading does not understand.
    """
    try:
        tree = sre_parser.parse(pattern.pattern, pattern.flags)
        _min_width, max_width = tree.getwidth()
        if max_width >= sre_constants.MAXREPEAT or len(tree.data) != 1:
            return None
        op, arg = tree.data[0]
        branches = arg[1] if op is sre_constants.BRANCH else [tree]
        pairs: list[tuple[CharSet, CharSet]] = []
        singles: set[str] = set()
        for branch in branches:
            items = [_charset(item) for item in branch.data]
            adjacent = [
                (a, b)
                for a, b in itertools.pairwise(items)
                if a is not None and b is not None and not a.negated
            ]
            if adjacent and len(pairs) < MAX_PAIR_RULES:
                pairs.append(min(adjacent, key=_pair_rarity))
                continue
            plain = [s for s in items if s is not None and not s.negated]
            if not plain:
                return None
            singles |= min(plain, key=_common).chars
    except Exception:  # a future Python or ftfy changed the internals: stay correct, go slow
        return None
    return BadnessRules(tuple(pairs), frozenset(singles), max_width)


def _nfc_suspects(limit: int = NFC_TABLE_LIMIT) -> frozenset[int]:
    """Code points below ``limit`` that may make a text not NFC.

    A text is NFC when each of its characters is unchanged by NFC alone, has
    combining class 0 and composes with nothing before it (Unicode's NFC quick
    check answers "yes"). So the suspects are the characters with a combining
    class, those NFC changes, and every second character of a canonical
    decomposition pair, plus the Hangul vowel and final jamo (composed by rule).
    """
    suspects: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    combining, decomposition = unicodedata.combining, unicodedata.decomposition
    for cp in range(limit):
        char = chr(cp)
        if combining(char):
            suspects.add(cp)
            continue
        parts = decomposition(char).split()
        if not parts or parts[0].startswith("<"):  # none, or a compatibility mapping
            continue
        if unicodedata.normalize("NFC", char) != char:
            suspects.add(cp)
        if len(parts) == 2:
            suspects.add(int(parts[1], 16))
    return frozenset(suspects)


def _ranges(codes: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges.

    >>> _ranges([65, 66, 67, 70])
    'A-CF'
    """
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(re.escape(chr(codes[i])))
        if j > i:
            out.append("-" + re.escape(chr(codes[j])))
        i = j + 1
    return "".join(out)


def _pair_masks(
    pairs: tuple[tuple[CharSet, CharSet], ...],
) -> tuple[dict[str, int], dict[str, int], dict[str, int], int]:
    """Per character, the bits (one per pair rule) of the rules it opens, of those whose
    plain second set holds it, of those whose complemented second set leaves it out;
    and the bits of the complemented rules."""
    opens: dict[str, int] = {}
    closes: dict[str, int] = {}
    excluded: dict[str, int] = {}
    negated = 0
    for k, (first, second) in enumerate(pairs):
        bit = 1 << k
        for char in first.chars:
            opens[char] = opens.get(char, 0) | bit
        if second.negated:
            negated |= bit
        into = excluded if second.negated else closes
        for char in second.chars:
            into[char] = into.get(char, 0) | bit
    return opens, closes, excluded, negated


def _char_flags(triggers: str, rules: BadnessRules | None) -> dict[str, int]:
    """The flags each character raises on its own."""
    flags: dict[str, int] = {}
    for char in triggers:
        flags[char] = flags.get(char, 0) | TRIGGER
    flags["&"] = flags.get("&", 0) | ENTITY
    for char in rules.singles if rules else ():
        flags[char] = flags.get(char, 0) | BADNESS
    for cp in _nfc_suspects():
        flags[chr(cp)] = flags.get(chr(cp), 0) | NFC
    return flags


def _prefilters(
    flagged: set[int], pairs: tuple[tuple[CharSet, CharSet], ...]
) -> list[re.Pattern[str]]:
    """The plain scan's prefilters, each a fast regex (a character class of the BMP
    alone, or one range): characters that raise flags; every character beyond the BMP;
    the pair rules, each a character that opens it followed by one that closes it."""
    prefilters = [
        re.compile(f"[{_ranges(sorted(cp for cp in flagged if cp < 0x10000))}]"),
        re.compile("[\\U00010000-\\U0010ffff]"),
    ]
    if pairs:
        openers = sorted({ord(c) for first, _second in pairs for c in first.chars})
        rules = "|".join(
            f"[{_ranges(sorted(map(ord, first.chars)))}]"
            f"(?=[{'^' if second.negated else ''}{_ranges(sorted(map(ord, second.chars)))}])"
            for first, second in pairs
        )
        prefilters.append(re.compile(f"(?=[{_ranges(openers)}])(?:{rules})"))
    return prefilters


class ScanPlan:
    """Tables that classify every code point for the encoding scan, and the scans.

    Each character gets a class: (flags it raises alone, pair rules it opens,
    pair rules it closes). ``scan`` (compiled, cleaner/_fastscan.c) and
    ``scan_plain`` (its twin) report every position with evidence that ftfy could
    change the segment holding it, as ``(position << FLAG_BITS) | flags``.
    """

    def __init__(self, triggers: str, rules: BadnessRules | None) -> None:
        self.rules = rules
        pairs = rules.pairs if rules else ()
        opens, closes, excluded, negated = _pair_masks(pairs)
        flags = _char_flags(triggers, rules)
        listed = set(opens) | set(closes) | set(excluded) | set(flags)
        # Characters not listed: ASCII raises nothing; without rules, any other character
        # is badness evidence; beyond the NFC table, any character may be unnormalized.
        unlisted_flags = 0 if rules else BADNESS
        classes: dict[tuple[int, int, int], int] = {}

        def class_id(key: tuple[int, int, int]) -> int:
            return classes.setdefault(key, len(classes))

        self._ascii_default = class_id((0, 0, negated))
        self._default = class_id((unlisted_flags, 0, negated))
        self._beyond = class_id((unlisted_flags | NFC, 0, negated))
        self._class_of: dict[str, int] = {}
        for char in sorted(listed):
            flag = flags.get(char, 0) | (0 if char.isascii() else unlisted_flags)
            if ord(char) >= NFC_TABLE_LIMIT:
                flag |= NFC
            closing = closes.get(char, 0) | (negated & ~excluded.get(char, 0))
            self._class_of[char] = class_id((flag, opens.get(char, 0), closing))
        self.classes = tuple(classes)
        self._flags = [key[0] for key in self.classes]
        self._opens = [key[1] for key in self.classes]
        self._closes = [key[2] for key in self.classes]
        flagged = {ord(c) for c, k in self._class_of.items() if self._flags[k]}
        if unlisted_flags:
            flagged.update(range(0x80, 0x10000))
        self._prefilters = _prefilters(flagged, pairs)
        self.tables = self._pack()

    def class_of(self, char: str) -> int:
        cls = self._class_of.get(char)
        if cls is not None:
            return cls
        if char.isascii():
            return self._ascii_default
        return self._default if ord(char) < NFC_TABLE_LIMIT else self._beyond

    def _pack(self) -> tuple[bytes, bytes, bytes]:
        """The tables as ``_fastscan.compile`` reads them (native byte order)."""
        pages: dict[tuple[int, ...], int] = {}
        blocks = array("H")
        listed = {ord(char) // _BLOCK for char in self._class_of}
        for block in range(_BLOCK_COUNT):
            base = block * _BLOCK
            if block in listed or base < _BLOCK:
                page = tuple(self.class_of(chr(cp)) for cp in range(base, base + _BLOCK))
            else:  # no listed character: every one is in the same class
                page = (self.class_of(chr(base)),) * _BLOCK
            blocks.append(pages.setdefault(page, len(pages)))
        page_table = array("H", [cls for page in pages for cls in page])
        class_table = array("Q", [word for key in self.classes for word in key])
        return blocks.tobytes(), page_table.tobytes(), class_table.tobytes()

    def scan_plain(self, text: str) -> list[int]:
        """The compiled ``scan``'s twin: ``(position << FLAG_BITS) | flags`` per position.

        >>> plan = scan_plan("")
        >>> [(code >> FLAG_BITS, code & 15) for code in plan.scan_plain("a &amp; Ã©")]
        [(2, 2), (8, 4)]
        """
        out: list[int] = []
        flags, opens, closes, class_of = self._flags, self._opens, self._closes, self.class_of
        last = len(text) - 1
        found_at = {m.start() for prefilter in self._prefilters for m in prefilter.finditer(text)}
        for pos in sorted(found_at):
            cls = class_of(text[pos])
            found = flags[cls]
            if found & ENTITY and not _ENTITY_RE.match(text, pos):
                found &= ~ENTITY  # an "&" that starts no entity: ftfy has none to decode
            if opens[cls] and pos < last and opens[cls] & closes[class_of(text[pos + 1])]:
                found |= BADNESS
            if found:
                out.append(pos << FLAG_BITS | found)
        return out


@dataclass(frozen=True, slots=True)
class Repaired:
    text: str
    fixes: list[Fix]


def _ftfy_config(settings: Settings) -> ftfy.TextFixerConfig:
    return ftfy.TextFixerConfig(
        uncurl_quotes=settings.uncurl_quotes,
        fix_character_width=settings.fix_character_width,
        explain=True,
    )


def _trigger_chars(settings: Settings) -> str:
    chars = _ALWAYS
    if settings.uncurl_quotes:
        chars += _CURLY
    if settings.fix_character_width:
        chars += _WIDE
    return chars


def ftfy_segments(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of the pieces ``ftfy.fix_text`` fixes one at a time.

    >>> list(ftfy_segments("ab\\ncdefg", 3))
    [(0, 3), (3, 6), (6, 8)]
    """
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos, pos + limit) + 1 or min(pos + limit, len(text))
        yield pos, cut
        pos = cut


@functools.cache
def scan_plan(triggers: str) -> ScanPlan:
    """The scan tables for these trigger characters and ftfy's badness regex (built once)."""
    return ScanPlan(triggers, _badness_rules(BADNESS_RE))


# What a segment needs, from the evidence in it (the fast path's verdicts).
_NOTHING, _NORMALIZE, _FTFY = 0, 1, 2
_NFC_STEP = Fix("normalize", "NFC")  # how ftfy explains its NFC step


def _segment_at(text: str, known: int, pos: int, limit: int) -> tuple[int, int]:
    """The ftfy segment holding ``pos``, given that a segment starts at ``known`` <= ``pos``.

    >>> _segment_at("ab\\ncdefg", 3, 7, 3)
    (6, 8)
    """
    line_start = text.rfind("\n", known, pos) + 1 or known
    start = line_start + (pos - line_start) // limit * limit
    end = text.find("\n", start, start + limit) + 1 or min(start + limit, len(text))
    return start, end


def _compiled_tables(plan: ScanPlan) -> object | None:
    """The plan's tables for the compiled scan, or None (not built, or another layout)."""
    if _fastscan is None:
        return None
    try:
        return _fastscan.compile(*plan.tables)
    except ValueError:  # array item sizes unlike C's uint16/uint64 here: the plain scan
        return None


class EncodingRepair:
    """Repairs text as ``ftfy.fix_and_explain`` would, segment by segment."""

    def __init__(self, settings: Settings) -> None:
        self._config = _ftfy_config(settings)
        self._limit = self._config.max_decode_length
        self._fast = settings.fast_path
        self._triggers = frozenset(_trigger_chars(settings))
        self._plan = scan_plan(_trigger_chars(settings))
        rules = self._plan.rules
        self._window = rules.width if rules else 0
        self._tables = _compiled_tables(self._plan)

    def __getstate__(self) -> dict[str, object]:
        # The compiled tables are a C object: a copy (another process) compiles its own.
        return {**self.__dict__, "_tables": None}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._tables = _compiled_tables(self._plan)

    def _scan(self, text: str) -> list[int]:
        if self._tables is not None:
            return _fastscan.scan(text, self._tables)
        return self._plan.scan_plain(text)

    def line_needs_ftfy(self, line: str) -> bool:
        """True unless a cheap check proves ftfy would leave ``line`` unchanged.

        The slow, obviously-right form of the check ``__call__`` makes on a whole document.
        """
        if not self._triggers.isdisjoint(line) or _ENTITY_RE.search(line):
            return True
        return not line.isascii() and (is_bad(line) or not unicodedata.is_normalized("NFC", line))

    def flagged_segments(self, text: str) -> list[tuple[int, int]]:
        """The ftfy segments of ``text`` that may change, in order; linear in ``len(text)``."""
        return [(start, end) for start, end, _need in self.segment_needs(text)]

    def segment_needs(self, text: str, limit: int = 0) -> list[tuple[int, int, int]]:
        """``(start, end, need)`` for the segments that may change: ``need`` is
        ``_NORMALIZE`` when the only evidence is that the segment is not NFC, else ``_FTFY``.

        ``limit``: the longest segment (default: ftfy's). Each hit costs a bounded
        amount of work and each segment at most one NFC check: linear in ``len(text)``.
        """
        limit = limit or self._limit
        flagged: list[tuple[int, int, int]] = []
        seg_start = seg_end = 0  # the segment holding the last hit
        need = _NOTHING  # what it needs, from the hits so far
        nfc_checked = False  # whether its NFC check was made
        for code in self._scan(text):
            pos = code >> FLAG_BITS
            if pos >= seg_end:
                if need:
                    flagged.append((seg_start, seg_end, need))
                seg_start, seg_end = _segment_at(text, seg_end, pos, limit)
                need, nfc_checked = _NOTHING, False
            elif need == _FTFY:
                continue
            if self._may_change(text, seg_start, seg_end, pos, code):
                need = _FTFY
            elif code & NFC and not nfc_checked:
                nfc_checked = True
                if not unicodedata.is_normalized("NFC", text[seg_start:seg_end]):
                    need = _NORMALIZE
        if need:
            flagged.append((seg_start, seg_end, need))
        return flagged

    def _may_change(self, text: str, seg_start: int, seg_end: int, pos: int, code: int) -> bool:
        """Whether the evidence ``code`` at ``pos`` may make a fixer other than NFC change
        the segment ``[seg_start, seg_end)``: bounded work, whatever the segment's length."""
        if code & TRIGGER:
            return True
        if code & ENTITY and _ENTITY_RE.match(text, pos, seg_end) is not None:
            return True
        if not code & BADNESS:
            return False
        if not self._window:  # the badness regex could not be read: ftfy decides
            return True
        # Every badness match holding the evidence at ``pos`` lies inside this window. A
        # slice, not search(pos, endpos), so "^" matches at the segment's start; it may
        # also match at the cut: a false alarm, harmless (ftfy then decides).
        lo = max(seg_start, pos - self._window + 1)
        hi = min(seg_end, pos + self._window)
        return BADNESS_RE.search(text[lo:hi]) is not None

    def _repair_segment(self, segment: str, need: int) -> tuple[str, list[Fix]]:
        if need == _NORMALIZE:
            # Nothing but NFC to fix: ftfy normalizes, then finds nothing more to do in its
            # next round if the normalized text holds no evidence either, and says so.
            fixed = unicodedata.normalize("NFC", segment)
            if not self.segment_needs(fixed, limit=len(fixed)):  # one segment, as ftfy's
                return fixed, [_NFC_STEP]
        fixed, steps = ftfy.fix_and_explain(segment, self._config)
        return fixed, [Fix(step.action, str(step.parameter)) for step in steps or ()]

    def __call__(self, text: str) -> Repaired:
        spans = (
            self.segment_needs(text)
            if self._fast
            else [(a, b, _FTFY) for a, b in ftfy_segments(text, self._limit)]
        )
        if not spans:
            return Repaired(text, [])
        out: list[str] = []
        fixes: list[Fix] = []
        seen: set[Fix] = set()
        done = 0
        for start, end, need in spans:
            out.append(text[done:start])
            fixed, steps = self._repair_segment(text[start:end], need)
            out.append(fixed)
            done = end
            for fix in steps:
                if fix not in seen:
                    seen.add(fix)
                    fixes.append(fix)
        out.append(text[done:])
        return Repaired("".join(out), fixes)
