"""Stage 1: encoding repair with ftfy, explained, with a fast path.

ftfy fixes text line by line (``ftfy.fix_text`` splits on newlines), so we do
the same, but only call it on lines that could change: a line with no
mojibake (``ftfy.badness.is_bad``), no HTML entity, no control, C1, surrogate
or terminal-escape character, no ligature, no odd line break and already in
NFC is returned by ftfy unchanged. One compiled regex finds the candidate
lines, so clean text costs one scan instead of ftfy's full price.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy import chardata
from ftfy.badness import is_bad

from .result import Fix
from .settings import Settings

_LIGATURES = "".join(chr(c) for c in chardata.LIGATURES)
_WIDE = "".join(chr(c) for c in chardata.WIDTH_MAP)
_CONTROLS = "".join(chr(c) for c in chardata.CONTROL_CHARS)

# Characters that ftfy may rewrite on their own, whatever surrounds them.
_ALWAYS = (
    r"&#?[0-9A-Za-z]{1,24};"  # HTML entity
    r"|[\r\x0b\x0c\x85\u2028\u2029\x1b]"  # odd line breaks, terminal escapes
    r"|[\x80-\x9f\ud800-\udfff\ufffd]"  # C1 controls, surrogates, lossy marks
    rf"|[{re.escape(_CONTROLS)}]"
    rf"|[{re.escape(_LIGATURES)}]"
)
_CURLY = r"|[\u02bc\u2018-\u201f]"


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


def _trigger_pattern(settings: Settings) -> re.Pattern[str]:
    source = _ALWAYS
    if settings.uncurl_quotes:
        source += _CURLY
    if settings.fix_character_width:
        source += rf"|[{re.escape(_WIDE)}]"
    return re.compile(source)


def _ftfy_segments(text: str, limit: int) -> list[str]:
    """Split as ``ftfy.fix_text`` does: after each newline, and every ``limit`` chars."""
    segments = []
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos) + 1 or len(text)
        cut = min(cut, pos + limit)
        segments.append(text[pos:cut])
        pos = cut
    return segments


class EncodingRepair:
    """Repairs text as ``ftfy.fix_and_explain`` would, line by line."""

    def __init__(self, settings: Settings) -> None:
        self._config = _ftfy_config(settings)
        self._trigger = _trigger_pattern(settings)
        self._fast = settings.fast_path

    def line_needs_ftfy(self, line: str) -> bool:
        """True unless a cheap check proves ftfy would leave ``line`` unchanged."""
        if line.isascii():
            return self._trigger.search(line) is not None
        return (
            self._trigger.search(line) is not None
            or is_bad(line)
            or not unicodedata.is_normalized("NFC", line)
        )

    def __call__(self, text: str) -> Repaired:
        if self._fast and not self.line_needs_ftfy(text):
            return Repaired(text, [])
        out: list[str] = []
        fixes: list[Fix] = []
        seen: set[Fix] = set()
        for line in _ftfy_segments(text, self._config.max_decode_length):
            if self._fast and not self.line_needs_ftfy(line):
                out.append(line)
                continue
            fixed, steps = ftfy.fix_and_explain(line, self._config)
            out.append(fixed)
            for step in steps or ():
                fix = Fix(step.action, str(step.parameter))
                if fix not in seen:
                    seen.add(fix)
                    fixes.append(fix)
        return Repaired("".join(out), fixes)
