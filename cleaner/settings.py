"""All options of a cleaning run, in one immutable object.

``Settings`` is a frozen dataclass: make variants with ``dataclasses.replace``
or ``settings.replace(...)``. Thresholds that are tuning, not choices, live as
named constants in the module that uses them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .result import Category

LANGUAGE_BACKENDS = ("langdetect_rs", "langdetect", "py3langid", "none")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Options for :class:`cleaner.Cleaner`.

    Attributes:
        repair_encoding: run the ftfy stage (mojibake, entities, control chars).
        uncurl_quotes: let ftfy straighten curly quotes (off: they are not broken).
        fix_character_width: let ftfy fold full-width letters (off: it rewrites CJK text).
        language_backend: "langdetect_rs" (default: langdetect's answers, ~25x faster),
            "langdetect" (the reference), "py3langid" (fast, other answers), or "none".
        language_sample_chars: characters of the kept text given to the language
            identifier, so its cost does not grow with the document. On 7,920 kept
            texts (webeval and seven extractors' outputs), 1,000 characters gave the
            answer of a 10,000-character reading (langdetect's own cap) on 7,903, and
            2,000 on 7,904, at two thirds of the cost.
        categories: the categories that may be removed; others are kept.
        fast_path: skip ftfy on lines a cheap check proves have nothing to fix.
        max_document_chars: a longer document is not processed (None: no limit).
            ``Cleaner.clean`` returns it wholly removed, category non_main, reason
            "document longer than the limit (N chars)"; ``Cleaner.check`` raises
            ``DocumentTooLarge`` so a corpus runner can reject it before any work.
    """

    repair_encoding: bool = True
    uncurl_quotes: bool = False
    fix_character_width: bool = False
    language_backend: str = "langdetect_rs"
    language_sample_chars: int = 1000
    categories: frozenset[Category] = field(default_factory=lambda: frozenset(Category))
    fast_path: bool = True
    max_document_chars: int | None = 50_000_000

    def __post_init__(self) -> None:
        if self.language_backend not in LANGUAGE_BACKENDS:
            raise ValueError(
                f"language_backend must be one of {', '.join(LANGUAGE_BACKENDS)}, "
                f"not {self.language_backend!r}"
            )
        if self.language_sample_chars < 1:
            raise ValueError("language_sample_chars must be positive")
        if self.max_document_chars is not None and self.max_document_chars < 1:
            raise ValueError("max_document_chars must be positive or None")
        cats = frozenset(Category(c) for c in self.categories)
        object.__setattr__(self, "categories", cats)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Settings:
        """Build settings from plain values (CLI, config file); unknown keys are an error."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        return cls(**values)
