"""Run statistics that merge with ``+``, so shard results from a pool or Dask sum up.

>>> a = Stats(docs_in=2, cleaned=1, rejected=1, removed_count={"footer": 1})
>>> b = Stats(docs_in=1, cleaned=1, removed_count={"footer": 2, "caption": 1})
>>> total = a + b
>>> total.docs_in, total.cleaned + total.rejected, total.removed_count
(3, 3, {'caption': 1, 'footer': 3})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

_COUNTERS = ("removed_count", "removed_chars", "languages")


def _merge(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    total = Counter(a)
    total.update(b)
    return dict(sorted(total.items()))


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts for a shard or a whole run. ``docs_in == cleaned + rejected`` always."""

    docs_in: int = 0
    cleaned: int = 0
    rejected: int = 0
    bytes_in: int = 0
    chars_in: int = 0
    chars_kept: int = 0
    removed_count: Mapping[str, int] = field(default_factory=dict)
    removed_chars: Mapping[str, int] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)

    def __add__(self, other: Stats) -> Stats:
        if not isinstance(other, Stats):
            return NotImplemented
        values: dict[str, Any] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = _merge(a, b) if f.name in _COUNTERS else a + b
        return Stats(**values)

    def __radd__(self, other: object) -> Stats:  # sum() starts from 0
        if other == 0:
            return self
        return NotImplemented

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stats:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})
