"""A C4-style line filter: the baseline text mode is compared against.

The line heuristics of the C4 corpus (Raffel et al. 2020, "clean" variant):
keep lines that end in terminal punctuation and have at least three words;
drop lines mentioning javascript, cookies, "lorem ipsum", terms of use or
privacy policies, and lines with a curly brace (code). The page-level rules
of C4 (drop pages with bad words or fewer than five sentences) are left out:
here the unit is the line, and a dropped page would score zero recall.

>>> c4_filter("Home\\nThe council met on Monday to vote.\\nThis site uses cookies.")
'The council met on Monday to vote.'
"""

from __future__ import annotations

import re

MIN_WORDS = 3
TERMINAL = (".", "!", "?", '"', "”", "’", "'", "。", "！", "？")
_BAD_RE = re.compile(r"javascript|cookie|lorem ipsum|terms of use|privacy policy|\{", re.IGNORECASE)


def keep_line(line: str) -> bool:
    """Whether C4's line heuristics keep ``line``."""
    line = line.strip()
    return line.endswith(TERMINAL) and len(line.split()) >= MIN_WORDS and not _BAD_RE.search(line)


def c4_filter(text: str) -> str:
    """The lines of ``text`` C4's heuristics keep, joined by newlines."""
    return "\n".join(line.strip() for line in text.splitlines() if keep_line(line))
