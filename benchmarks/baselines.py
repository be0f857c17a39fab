"""Reference points for the benchmarks: a bare C4-style line filter, an optional lingua detector."""

from __future__ import annotations

import re
from collections.abc import Callable

C4_MIN_WORDS = 3  # C4 keeps lines of at least 3 words...
C4_TERMINAL = (
    ".",
    "!",
    "?",
    '"',
    "”",
    "'",
    "’",
    "。",
    "！",
    "？",
)  # ...ending in terminal punctuation
C4_BAD_SUBSTRINGS = ("javascript", "lorem ipsum", "cookie", "{")
_WORD_RE = re.compile(r"\S+")


def c4_line_filter(text: str) -> str:
    """The line heuristics of C4 (Raffel et al. 2020), without the document-level ones.

    >>> c4_line_filter("Menu\\nThe council approved the budget.\\nEnable javascript to see this.")
    'The council approved the budget.'
    """
    kept = []
    for line in text.splitlines():
        line = line.strip()
        if not line.endswith(C4_TERMINAL) or len(line.split()) < C4_MIN_WORDS:
            continue
        lower = line.lower()
        if any(bad in lower for bad in C4_BAD_SUBSTRINGS):
            continue
        kept.append(line)
    return "\n".join(kept)


def lingua_detector() -> Callable[[str], str] | None:
    """lingua-language-detector in low-accuracy mode (its fast one), if installed."""
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(sample: str) -> str:
        language = detector.detect_language_of(sample)
        return language.iso_code_639_1.name.lower() if language is not None else "unknown"

    return detect
