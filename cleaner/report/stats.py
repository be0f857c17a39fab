"""Corpus totals and the deterministic document sample, in one streaming pass.

Totals cover every record; only the sample keeps whole records in memory, so
a report on a run of any size costs memory for ``sample`` documents.

The sample is a bottom-k sample on a hash of the document id: the same run
gives the same sample whatever the shard order, and adding documents only
swaps in those whose hash is smaller. A few slots are reserved per category so
that rare categories still have examples to look at.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field

from .load import Record, Reject

DEFAULT_SAMPLE_SIZE = 200  # documents shown in full; keeps report.html to a few MB on any run
RESERVED_SHARE_PER_CATEGORY = 20  # each category gets sample // 20 of its own slots (>= 1)
MAX_REJECTS_LISTED = 1000  # rejects listed one by one; the rest are only counted by reason
MAX_REASONS_LISTED = 50  # distinct reject reasons tabled; the rest are summed as "other"


def id_hash(ident: str) -> int:
    """A stable 64-bit hash of a document id (Python's ``hash`` is salted per process).

    >>> id_hash("a") == id_hash("a") != id_hash("b")
    True
    """
    return int.from_bytes(hashlib.blake2b(ident.encode("utf-8", "replace"), digest_size=8).digest())


@dataclass(slots=True)
class CategoryStats:
    spans: int = 0
    chars: int = 0
    docs: int = 0


@dataclass(slots=True)
class Totals:
    """Counts over a whole run; ``add``/``add_reject`` once per record."""

    cleaned: int = 0
    rejected: int = 0
    chars_kept: int = 0
    chars_removed: int = 0
    with_source: int = 0
    malformed_spans: int = 0
    categories: dict[str, CategoryStats] = field(default_factory=dict)
    languages: Counter[str] = field(default_factory=Counter)
    fixes: Counter[str] = field(default_factory=Counter)
    reject_reasons: Counter[str] = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def docs_in(self) -> int:
        return self.cleaned + self.rejected

    @property
    def share_removed(self) -> float:
        total = self.chars_kept + self.chars_removed
        return self.chars_removed / total if total else 0.0

    def add(self, record: Record) -> None:
        self.cleaned += 1
        self.chars_kept += len(record.text)
        self.with_source += record.source is not None
        self.malformed_spans += record.malformed_spans
        self.languages[record.language] += 1
        self.fixes.update(set(record.fixes))
        seen: set[str] = set()
        for span in record.removed:
            stats = self.categories.setdefault(span.category, CategoryStats())
            stats.spans += 1
            stats.chars += span.chars
            self.chars_removed += span.chars
            if span.category not in seen:
                seen.add(span.category)
                stats.docs += 1

    def add_reject(self, reject: Reject) -> None:
        self.rejected += 1
        self.reject_reasons[reject.reason] += 1
        if len(self.rejects) < MAX_REJECTS_LISTED:
            self.rejects.append(reject)


class Sampler:
    """Keeps the ``size`` records with the smallest id hashes, plus per-category reserves."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("sample size must be >= 0")
        self.size = size
        self._reserve = max(1, size // RESERVED_SHARE_PER_CATEGORY) if size else 0
        # Max-heaps of (negated key, record): the root is the first to drop. Keys are
        # unique (they end in a sequence number), so records are never compared.
        self._overall: list[tuple[tuple[int, int], Record]] = []
        self._by_category: dict[str, list[tuple[tuple[int, int], Record]]] = {}
        self._seq = 0

    def add(self, record: Record) -> None:
        if not self.size:
            return
        self._seq += 1
        key = (id_hash(record.id), self._seq)
        _push_bounded(self._overall, key, record, self.size)
        for category in {s.category for s in record.removed}:
            heap = self._by_category.setdefault(category, [])
            _push_bounded(heap, key, record, self._reserve)

    def result(self) -> list[Record]:
        """The sample: category reserves first, filled up in hash order, at most ``size``."""
        reserved = {key: rec for heap in self._by_category.values() for key, rec in _items(heap)}
        if len(reserved) > self.size:
            reserved = dict(sorted(reserved.items())[: self.size])
        chosen = dict(reserved)
        for key, rec in sorted(_items(self._overall)):
            if len(chosen) >= self.size:
                break
            chosen.setdefault(key, rec)
        return [rec for _, rec in sorted(chosen.items())]


def _push_bounded(
    heap: list[tuple[tuple[int, int], Record]],
    key: tuple[int, int],
    record: Record,
    bound: int,
) -> None:
    neg = (-key[0], -key[1])
    if len(heap) < bound:
        heapq.heappush(heap, (neg, record))
    elif neg > heap[0][0]:
        heapq.heapreplace(heap, (neg, record))


def _items(heap: list[tuple[tuple[int, int], Record]]) -> list[tuple[tuple[int, int], Record]]:
    return [((-neg[0], -neg[1]), rec) for neg, rec in heap]
