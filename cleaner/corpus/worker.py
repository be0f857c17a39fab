"""The unit of work: clean one shard of documents into output bytes and stats.

``process_shard`` is a pure top-level function of ``(JobSpec, ShardTask)``,
so the same call runs in-process, in a local process pool, or on a Dask
worker, and gives the same bytes everywhere. It never raises on bad
documents: each becomes a reject with its reason.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..pipeline import Cleaner
from ..result import Category, Result
from ..settings import Settings
from .documents import Document, Item, Reject
from .repeated import RepeatedLines, ShardCounts, SiteLines, count_texts
from .stats import Stats
from .writers import dumps_line

DEFAULT_MAX_DOCUMENT_CHARS = 50_000_000  # generous: a real article is far smaller


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every shard of one run shares."""

    settings: Settings = field(default_factory=Settings)
    max_document_chars: int | None = DEFAULT_MAX_DOCUMENT_CHARS
    keep_source: bool = True  # the audit report needs it to highlight removals


@dataclass(frozen=True, slots=True)
class ShardTask:
    """One shard: its index, its input items, and the frequent lines of its sites."""

    index: int
    items: tuple[Item, ...]
    sites: Mapping[str, SiteLines] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """A cleaned shard: JSONL lines of cleaned records, reject records, stats."""

    index: int
    lines: bytes
    rejects: list[dict[str, Any]]
    stats: Stats


@functools.lru_cache(maxsize=4)
def _cleaner(settings: Settings) -> Cleaner:  # built once per process and settings
    return Cleaner(settings)


@functools.lru_cache(maxsize=4)
def _repeated(categories: frozenset[Category]) -> RepeatedLines:
    return RepeatedLines(categories)


def html_cleaner(settings: Settings) -> Callable[[str | bytes, str | None], Result]:
    """HTML mode with ``settings``: the Cleaner's HTML stage."""
    return _cleaner(settings).clean_html


def clean_document(doc: Document, spec: JobSpec) -> Result:
    """Clean one document in its mode; raises ValueError for an unusable one."""
    if spec.max_document_chars is not None and len(doc.content) > spec.max_document_chars:
        raise ValueError(
            f"document too large: {len(doc.content):,} chars > limit "
            f"{spec.max_document_chars:,} (--max-doc-chars)"
        )
    if doc.mode == "html":
        return html_cleaner(spec.settings)(doc.content, doc.url)
    assert isinstance(doc.content, str)
    return _cleaner(spec.settings).clean(doc.content)


def process_shard(spec: JobSpec, task: ShardTask) -> ShardOutput:
    """Clean every document of ``task``; bad ones become rejects, nothing raises."""
    repeated = _repeated(spec.settings.categories)
    lines: list[bytes] = []
    rejects: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    removed_count: Counter[str] = Counter()
    removed_chars: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for item in task.items:
        counts["bytes_in"] += item.nbytes
        if isinstance(item, Reject):
            rejects.append(item.to_dict())
            continue
        try:
            result = clean_document(item, spec)
        except ValueError as exc:
            rejects.append(Reject(item.where, str(exc), item.id).to_dict())
            continue
        except Exception as exc:  # a bug must not stop an overnight run: record it
            reason = f"internal error while cleaning: {type(exc).__name__}: {exc}"
            rejects.append(Reject(item.where, reason, item.id).to_dict())
            continue
        if item.mode == "text":
            result = repeated(result, item.site, task.sites.get(item.site))
        record = {"id": item.id, **result.to_dict()}
        if spec.keep_source:
            record["source"] = result.source
        for key, value in item.fields.items():
            record.setdefault(key, value)
        try:
            lines.append(dumps_line(record))
        except (TypeError, orjson.JSONEncodeError) as exc:  # e.g. an integer beyond 64 bits
            reason = f"cannot encode the output record: {exc}"
            rejects.append(Reject(item.where, reason, item.id).to_dict())
            continue
        counts["chars_in"] += len(result.source)
        counts["chars_kept"] += len(result.text)
        languages[result.language] += 1
        for removal in result.removed:
            removed_count[str(removal.category)] += 1
            removed_chars[str(removal.category)] += removal.end - removal.start
    stats = Stats(
        docs_in=len(task.items),
        cleaned=len(lines),
        rejected=len(rejects),
        bytes_in=counts["bytes_in"],
        chars_in=counts["chars_in"],
        chars_kept=counts["chars_kept"],
        removed_count=dict(sorted(removed_count.items())),
        removed_chars=dict(sorted(removed_chars.items())),
        languages=dict(sorted(languages.items())),
    )
    return ShardOutput(task.index, b"".join(lines), rejects, stats)


def count_shard(spec: JobSpec, task: ShardTask) -> ShardCounts:
    """Pass 1 on one shard: per-site line counts of its text documents."""
    return count_texts(
        (item.site, item.content)  # type: ignore[misc]
        for item in task.items
        if isinstance(item, Document) and item.mode == "text"
    )
