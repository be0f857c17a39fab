"""Stage 1: encoding repair with ftfy, explained, with a fast path that keeps ftfy's answers.

ftfy fixes text segment by segment (``ftfy.fix_text`` cuts after each newline
and every ``max_decode_length`` characters), so we do the same, but only hand
ftfy the segments that could change. ftfy returns a segment unchanged when it
has no HTML entity, no control, C1, surrogate or terminal-escape character, no
ligature, no odd line break, is already NFC and does not look like mojibake
(``ftfy.badness.is_bad``: every fixer that changes text is gated by one of these).

The expensive test is ``is_bad``: a large regex tried at every position. Every
one of its alternatives must match at least one character of a small "anchor"
set (read from the regex itself, see ``_badness_anchors``), so we scan the
whole document once for triggers and anchors, and run the badness regex only
on a few characters around each anchor. A flagged segment goes to ftfy, which
is always the judge: a false alarm costs time, never a different answer. Clean
text therefore costs one C-speed scan, linear in its size.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # only to read ftfy's badness regex, with a safe fallback
import re._parser as sre_parser
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import ftfy
from ftfy import chardata
from ftfy.badness import BADNESS_RE, is_bad

from .result import Fix
from .settings import Settings

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
_ENTITY_RE = re.compile(r"&#?[0-9A-Za-z]{1,24};")  # ftfy's HTML entity shape


def _charset(item: tuple) -> frozenset[str] | None:
    """The characters one parsed regex item matches, or None when it is not a finite set."""
    op, arg = item
    if op is sre_constants.LITERAL:
        return frozenset(chr(arg))
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    for sub_op, sub_arg in arg:
        if sub_op is sre_constants.LITERAL:
            chars.add(chr(sub_arg))
        elif sub_op is sre_constants.RANGE:
            chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
        else:  # a category (\w, \s) or a negation: not a small set
            return None
    return frozenset(chars)


def _rarity(chars: frozenset[str]) -> tuple[int, int, int]:
    # Prefer sets without ASCII, then without letters: punctuation and symbols are rare in text.
    return (sum(c.isascii() for c in chars), sum(c.isalpha() for c in chars), len(chars))


def _badness_anchors(pattern: re.Pattern[str]) -> tuple[str, int] | None:
    """Characters of which every match of ``pattern`` contains one, and its widest match.

    Each top-level alternative is a sequence of items that must all match, so
    the rarest finite set among them is a necessary condition for that
    alternative. Returns None (meaning: always run the full regex) when the
    pattern has a shape this reading does not understand.
    """
    try:
        tree = sre_parser.parse(pattern.pattern, pattern.flags)
        _min_width, max_width = tree.getwidth()
        if max_width >= sre_constants.MAXREPEAT or len(tree.data) != 1:
            return None
        op, arg = tree.data[0]
        branches = arg[1] if op is sre_constants.BRANCH else [tree]
        anchors: set[str] = set()
        for branch in branches:
            sets = [s for s in map(_charset, branch.data) if s is not None]
            if not sets:
                return None
            anchors |= min(sets, key=_rarity)
    except Exception:  # a future Python or ftfy changed the internals: stay correct, go slow
        return None
    return "".join(sorted(anchors)), max_width


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


class EncodingRepair:
    """Repairs text as ``ftfy.fix_and_explain`` would, segment by segment."""

    def __init__(self, settings: Settings) -> None:
        self._config = _ftfy_config(settings)
        self._limit = self._config.max_decode_length
        self._fast = settings.fast_path
        self._triggers = frozenset(_trigger_chars(settings))
        anchors = _badness_anchors(BADNESS_RE)
        # Without anchors, every non-ASCII character sends its segment to ``is_bad``.
        self._anchors, self._window = anchors or ("", 0)
        anchor_class = re.escape(self._anchors) if anchors else r"\x80-\U0010ffff"
        # One character class: the C scanner skips clean text at hundreds of MB/s.
        self._scan = re.compile(f"[&{re.escape(_trigger_chars(settings))}{anchor_class}]")

    def line_needs_ftfy(self, line: str) -> bool:
        """True unless a cheap check proves ftfy would leave ``line`` unchanged.

        The slow, obviously-right form of the check ``__call__`` makes on a whole document.
        """
        if not self._triggers.isdisjoint(line) or _ENTITY_RE.search(line):
            return True
        return not line.isascii() and (is_bad(line) or not unicodedata.is_normalized("NFC", line))

    def flagged_segments(self, text: str) -> list[tuple[int, int]]:
        """The ftfy segments of ``text`` that may change, in order; linear in ``len(text)``."""
        flagged: list[tuple[int, int]] = []
        seg_start = seg_end = 0  # the segment holding the last hit
        for m in self._scan.finditer(text):
            pos = m.start()
            if pos >= seg_end:
                seg_start, seg_end = self._segment_at(text, seg_end, pos)
            elif flagged and flagged[-1][0] == seg_start:
                continue
            if self._changes(text, seg_start, seg_end, pos):
                flagged.append((seg_start, seg_end))
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            # Composition never crosses a newline, so only non-NFC segments change.
            marked = set(flagged)
            for span in ftfy_segments(text, self._limit):
                piece = text[span[0] : span[1]]
                if span not in marked and not unicodedata.is_normalized("NFC", piece):
                    flagged.append(span)
            flagged.sort()
        return flagged

    def _segment_at(self, text: str, known: int, pos: int) -> tuple[int, int]:
        """The segment holding ``pos``, given that a segment starts at ``known`` <= ``pos``."""
        line_start = text.rfind("\n", known, pos) + 1 or known
        start = line_start + (pos - line_start) // self._limit * self._limit
        end = text.find("\n", start, start + self._limit) + 1 or min(start + self._limit, len(text))
        return start, end

    def _changes(self, text: str, seg_start: int, seg_end: int, pos: int) -> bool:
        """Whether the character at ``pos`` may make ftfy change its segment."""
        char = text[pos]
        if char in self._triggers:
            return True
        if char == "&":
            return _ENTITY_RE.match(text, pos, seg_end) is not None
        if not self._window:
            return is_bad(text[seg_start:seg_end])
        # Any badness match holding the anchor at ``pos`` lies inside this window. Slicing
        # may let "^" match at the cut: a false alarm, harmless since ftfy then decides.
        lo = max(seg_start, pos - self._window + 1)
        hi = min(seg_end, pos + self._window)
        return BADNESS_RE.search(text[lo:hi]) is not None

    def __call__(self, text: str) -> Repaired:
        spans = (
            self.flagged_segments(text) if self._fast else list(ftfy_segments(text, self._limit))
        )
        if not spans:
            return Repaired(text, [])
        out: list[str] = []
        fixes: list[Fix] = []
        seen: set[Fix] = set()
        done = 0
        for start, end in spans:
            out.append(text[done:start])
            fixed, steps = ftfy.fix_and_explain(text[start:end], self._config)
            out.append(fixed)
            done = end
            for step in steps or ():
                fix = Fix(step.action, str(step.parameter))
                if fix not in seen:
                    seen.add(fix)
                    fixes.append(fix)
        out.append(text[done:])
        return Repaired("".join(out), fixes)
