"""cleaner: strip boilerplate from web text and report every removal.

>>> from cleaner import clean
>>> text = "Skip to main content\\nThe council approved the budget on Monday after a debate."
>>> result = clean(text)
>>> result.text
'The council approved the budget on Monday after a debate.'
>>> [(r.category, r.text) for r in result.removed]
[(<Category.NAVIGATION: 'navigation'>, 'Skip to main content')]
"""

from __future__ import annotations

import functools
from typing import Any

from .pipeline import Cleaner, DocumentTooLarge
from .result import Category, CategoryTotals, Fix, Removal, Result
from .settings import Settings

__all__ = [
    "Category",
    "CategoryTotals",
    "Cleaner",
    "DocumentTooLarge",
    "Fix",
    "Removal",
    "Result",
    "Settings",
    "clean",
    "clean_html",
]


CLEANERS_KEPT = 16  # distinct Settings whose Cleaner clean() keeps built


@functools.cache
def _default_cleaner() -> Cleaner:
    return Cleaner(Settings())


@functools.lru_cache(maxsize=CLEANERS_KEPT)
def _cleaner_for(settings: Settings) -> Cleaner:
    # Building a Cleaner compiles every rule (~0.1 s): once per Settings, not per document.
    return Cleaner(settings)


def _cleaner(settings: dict[str, Any]) -> Cleaner:
    return _cleaner_for(Settings.from_mapping(settings)) if settings else _default_cleaner()


def clean(text: str, **settings: Any) -> Result:
    """Clean one document with the default settings, or with ``settings`` changed."""
    return _cleaner(settings).clean(text)


def clean_html(html: str | bytes, url: str | None = None, **settings: Any) -> Result:
    """Clean one HTML page (str, or bytes decoded from its own declaration).

    Raises ValueError when the input is empty, binary or cannot be parsed.
    """
    return _cleaner(settings).clean_html(html, url)
