"""The unit of work: clean one shard of documents into output bytes and stats.

``process_shard`` is a pure top-level function of ``(JobSpec, ShardTask,
table)`` (the table: the run's frequent lines per site, from pass 1), so the
same call runs in-process, in a local process pool, or on a Dask worker, and
gives the same bytes everywhere. It reads the task's ``LineRange`` items and
decodes its undecoded records itself (``readers.expand``, ``readers.decode``:
the reading process only frames them), and never raises on bad documents: each
becomes a reject with its reason.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..encoding import EncodingRepair
from ..pipeline import Cleaner
from ..result import Category, Result
from ..settings import Settings
from .documents import Document, Item, Reject
from .readers import ReadOptions, decode, expand
from .repeated import RepeatedLines, ShardCounts, SiteLines, count_texts
from .stats import Stats
from .writers import dumps_line, encode_chunk


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every shard of one run shares."""

    settings: Settings = field(default_factory=Settings)
    keep_source: bool = True  # the audit report needs it to highlight removals
    format: str = "jsonl"  # the output format: a worker encodes its chunk (encode_chunk)
    read: ReadOptions = field(default_factory=ReadOptions)  # how a worker decodes records


@dataclass(frozen=True, slots=True)
class ShardTask:
    """A chunk of one shard: the shard's index, input items, and whether it is the
    shard's last chunk (its output completes the shard).

    ``spill``: a file to write the chunk's encoded output to, instead of returning it
    (workers on the run's own machine: the output does not travel back through a pipe,
    and the run's process only concatenates files, ``runner._store``).
    """

    index: int
    items: tuple[Item, ...]
    final: bool = True
    spill: str | None = None


Table = Mapping[str, SiteLines]  # pass 1's result: site -> its frequent lines
NO_TABLE: Table = {}


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """A cleaned chunk or shard: its cleaned records (JSONL lines, encoded by
    ``encode_chunk``; or in the ``spill`` file its task named), reject records, stats."""

    index: int
    lines: bytes
    rejects: list[dict[str, Any]]
    stats: Stats
    final: bool = True
    spill: str | None = None


@functools.lru_cache(maxsize=4)
def _cleaner(settings: Settings) -> Cleaner:  # built once per process and settings
    return Cleaner(settings)


@functools.lru_cache(maxsize=4)
def _repeated(categories: frozenset[Category]) -> RepeatedLines:
    return RepeatedLines(categories)


def clean_document(doc: Document, spec: JobSpec) -> Result:
    """Clean one document in its mode; raises ValueError for an unusable one.

    A document over ``Settings.max_document_chars`` raises the Cleaner's own
    ``DocumentTooLarge`` (a ValueError): it becomes a reject, not a result.
    """
    cleaner = _cleaner(spec.settings)
    cleaner.check(doc.content)
    if doc.mode == "html":
        return cleaner.clean_html(doc.content, doc.url)
    assert isinstance(doc.content, str)
    return cleaner.clean(doc.content)


def process_shard(spec: JobSpec, task: ShardTask, table: Table = NO_TABLE) -> ShardOutput:
    """Clean every document of ``task``, then drop its site's lines frequent in ``table``;
    bad documents become rejects, nothing raises."""
    repeated = _repeated(spec.settings.categories)
    lines: list[bytes] = []
    rejects: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    removed_count: Counter[str] = Counter()
    removed_chars: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for item in (decode(i, spec.read) for i in expand(task.items)):
        counts["docs_in"] += 1
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
        result = repeated(result, item.site, table.get(item.site))
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
        docs_in=counts["docs_in"],
        cleaned=len(lines),
        rejected=len(rejects),
        bytes_in=counts["bytes_in"],
        chars_in=counts["chars_in"],
        chars_kept=counts["chars_kept"],
        removed_count=dict(sorted(removed_count.items())),
        removed_chars=dict(sorted(removed_chars.items())),
        languages=dict(sorted(languages.items())),
    )
    data = encode_chunk(b"".join(lines), spec.format)
    if task.spill is not None:
        with open(task.spill, "wb") as fh:  # a temporary: the shard made of it is synced
            fh.write(data)
        data = b""
    return ShardOutput(task.index, data, rejects, stats, task.final, task.spill)


def counted_text(doc: Document, spec: JobSpec) -> str | None:
    """The text pass 2 will see as ``Result.source`` lines, for counting; None if none.

    Text mode: the document; HTML mode: the page's rendered visible lines (parse
    and render only: the main-content extraction is not needed to count lines);
    both encoding-repaired, as the Cleaner builds its source, so a footer with
    mojibake is counted as the line pass 2 sees. A document the cleaner will
    reject (too long, unparsable) counts nothing.
    """
    limit = spec.settings.max_document_chars  # Cleaner.check's rule, without building
    try:  # a Cleaner: pass 1 needs none, so its workers start before one is built
        if limit is not None and len(doc.content) > limit:
            return None
        if doc.mode == "text":
            assert isinstance(doc.content, str)
            text = doc.content
        else:
            text = _rendered(doc.content)
    except Exception:  # too long, unparsable, or a bug: pass 2 rejects it with the reason
        return None
    if spec.settings.repair_encoding:
        text = _repair(spec.settings)(text).text
    return text


def _rendered(page: str | bytes) -> str:
    from ..html import parse_html  # lxml loads only when HTML is met
    from ..html_decode import decode_html
    from ..html_render import render

    return render(parse_html(decode_html(page))).text


@functools.lru_cache(maxsize=4)
def _repair(settings: Settings) -> EncodingRepair:
    return EncodingRepair(settings)


def count_shard(spec: JobSpec, task: ShardTask, table: Table = NO_TABLE) -> ShardCounts:
    """Pass 1 on one chunk: per-site line counts of its documents (text or rendered HTML).

    ``table`` is unused: every shard function takes the run's table (pass 1 has none yet).
    """
    items = (decode(i, spec.read) for i in expand(task.items))
    docs = (item for item in items if isinstance(item, Document))
    pairs = ((doc.site, counted_text(doc, spec)) for doc in docs)
    return count_texts((site, text) for site, text in pairs if text is not None)
