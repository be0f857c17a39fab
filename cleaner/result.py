"""The records cleaning produces: what was removed, why, and what was kept.

Every offset is a half-open ``[start, end)`` index into ``Result.source``, the
input after encoding repair, so ``result.source[r.start:r.end] == r.text`` for
every removal ``r``.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


class Category(enum.StrEnum):
    """Why a span is not main text. A ``StrEnum``: compares equal to its name."""

    CAPTION = "caption"
    SOCIAL_EMBED = "social_embed"
    RELATED = "related"
    FOOTER = "footer"
    NAVIGATION = "navigation"
    COMMENTS = "comments"
    SHARE = "share"
    ADVERTISEMENT = "advertisement"
    METADATA = "metadata"
    NON_MAIN = "non_main"


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed span of ``Result.source``.

    ``rule`` names the function or pattern that fired; ``reason`` is a short
    human phrase naming the rule and the context that decided it.
    """

    category: Category
    text: str
    start: int
    end: int
    reason: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": str(self.category),
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """One encoding repair, as ftfy explains it (``action``, ``parameter``)."""

    action: str
    parameter: str

    def __str__(self) -> str:
        return f"{self.action}:{self.parameter}"


@dataclass(frozen=True, slots=True)
class CategoryTotals:
    count: int
    chars: int


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one document: kept text plus every removal."""

    text: str
    source: str
    removed: list[Removal] = field(default_factory=list)
    language: str = "unknown"
    fixes: list[Fix] = field(default_factory=list)

    def summary(self) -> dict[str, CategoryTotals]:
        """Count and characters removed, per category present."""
        counts: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        for removal in self.removed:
            counts[removal.category] += 1
            chars[removal.category] += removal.end - removal.start
        return {str(name): CategoryTotals(counts[name], chars[name]) for name in sorted(counts)}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record (source is omitted: offsets refer to it)."""
        return {
            "text": self.text,
            "language": self.language,
            "fixes": [str(f) for f in self.fixes],
            "removed": [r.to_dict() for r in self.removed],
        }
