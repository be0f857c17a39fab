"""Reading a run's output directory: cleaned records, rejects, summary.

The corpus runner writes ``OUT/cleaned-NNNNN.jsonl`` (or ``.jsonl.gz``, ``.parquet``), one
record per kept document (``id``, ``text``, ``language``, ``fixes``,
``removed``, optionally ``source``, plus passed-through fields),
``OUT/rejects.jsonl`` (``id`` and/or ``where``, ``reason``) and
``OUT/summary.json``. Records are untrusted input here: a line that is not a
JSON object is counted as unreadable, never fatal, and every field is read
defensively (``Record.from_mapping``).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

CLEANED_GLOBS = ("cleaned-*.jsonl", "cleaned-*.jsonl.gz", "cleaned-*.parquet")
REJECT_GLOBS = ("rejects*.jsonl", "rejects*.jsonl.gz")
SUMMARY_NAME = "summary.json"
PARQUET_BATCH_ROWS = 1024  # rows decoded at a time, so a big shard is never whole in memory
MAX_SUMMARY_BYTES = 1 << 20  # summary.json is small; a bigger one is not ours to show whole

# Fields the report interprets; everything else in a record is passed-through metadata.
KNOWN_FIELDS = frozenset({"id", "text", "source", "language", "fixes", "removed"})


@dataclass(frozen=True, slots=True)
class Span:
    """One removal as read back from a record."""

    category: str
    start: int
    end: int
    rule: str
    reason: str
    text: str

    @classmethod
    def from_mapping(cls, raw: Any) -> Span | None:
        """A span from a ``removed`` entry, or None if the entry is malformed.

        >>> Span.from_mapping({"category": "caption", "start": 0, "end": 5, "text": "Photo"})
        Span(category='caption', start=0, end=5, rule='', reason='', text='Photo')
        >>> Span.from_mapping({"category": "caption", "start": 9, "end": 2}) is None
        True
        """
        if not isinstance(raw, dict):
            return None
        start, end = raw.get("start"), raw.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            return None
        return cls(
            category=_as_str(raw.get("category")) or "unknown",
            start=start,
            end=end,
            rule=_as_str(raw.get("rule")),
            reason=_as_str(raw.get("reason")),
            text=_as_str(raw.get("text")),
        )

    @property
    def chars(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Record:
    """One cleaned document, read defensively from its JSON object."""

    id: str
    text: str
    source: str | None
    language: str
    fixes: tuple[str, ...]
    removed: tuple[Span, ...]
    extra: dict[str, Any] = field(default_factory=dict)
    malformed_spans: int = 0

    @classmethod
    def from_mapping(cls, raw: dict[str, Any], fallback_id: str) -> Record:
        spans = [Span.from_mapping(r) for r in _as_list(raw.get("removed"))]
        good = tuple(s for s in spans if s is not None)
        source = raw.get("source")
        return cls(
            id=_as_str(raw.get("id")) or fallback_id,
            text=_as_str(raw.get("text")),
            source=source if isinstance(source, str) else None,
            language=_as_str(raw.get("language")) or "unknown",
            fixes=tuple(_as_str(f) for f in _as_list(raw.get("fixes")) if f),
            removed=good,
            extra={k: v for k, v in raw.items() if k not in KNOWN_FIELDS},
            malformed_spans=len(spans) - len(good),
        )

    @property
    def removed_chars(self) -> int:
        return sum(s.chars for s in self.removed)

    @property
    def share_removed(self) -> float:
        """Removed characters over removed plus kept characters (0 for an empty record)."""
        total = self.removed_chars + len(self.text)
        return self.removed_chars / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Reject:
    id: str
    reason: str


@dataclass(slots=True)
class ReadProblems:
    """Lines that could not be read, counted (and the first few named) rather than fatal."""

    count: int = 0
    examples: list[str] = field(default_factory=list)
    max_examples: int = 20

    def add(self, where: str, why: str) -> None:
        self.count += 1
        if len(self.examples) < self.max_examples:
            self.examples.append(f"{where}: {why}")


def cleaned_files(out_dir: Path) -> list[Path]:
    """The cleaned shards of a run, in name order (so reading is deterministic)."""
    return sorted({p for pattern in CLEANED_GLOBS for p in out_dir.glob(pattern)})


def reject_files(out_dir: Path) -> list[Path]:
    return sorted({p for pattern in REJECT_GLOBS for p in out_dir.glob(pattern)})


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def iter_objects(
    path: Path, problems: ReadProblems, contains: tuple[str, ...] = ()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(file:line, object)`` for each JSON-object line of a JSONL file.

    With ``contains``, lines holding none of those strings are skipped unparsed
    (a cheap pre-filter when looking for one id).
    """
    with _open_text(path) as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip() or (contains and not any(c in line for c in contains)):
                continue
            where = f"{path.name}:{number}"
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                problems.add(where, f"not JSON ({exc.msg})")
                continue
            if not isinstance(value, dict):
                problems.add(where, "not a JSON object")
                continue
            yield where, value


def iter_parquet(path: Path, problems: ReadProblems) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(file:row, object)`` for each row of a Parquet shard (needs pyarrow)."""
    try:
        import pyarrow.parquet as pq  # optional: only runs written with --format parquet
    except ImportError:
        problems.add(path.name, "Parquet shard skipped: install cleaner[parquet] to read it")
        return
    row = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
        for raw in batch.to_pylist():
            row += 1
            yield f"{path.name}:{row}", raw


def iter_records(out_dir: Path, problems: ReadProblems | None = None) -> Iterator[Record]:
    """Every cleaned record of a run, shard by shard."""
    problems = problems if problems is not None else ReadProblems()
    for path in cleaned_files(out_dir):
        rows = iter_parquet if path.suffix == ".parquet" else iter_objects
        for where, raw in rows(path, problems):
            yield Record.from_mapping(raw, fallback_id=where)


def json_spellings(value: str) -> tuple[str, ...]:
    r"""The ways common JSON writers spell ``value`` inside a string literal.

    >>> json_spellings("a/é")
    ('a/é', 'a/\\u00e9', 'a\\/é', 'a\\/\\u00e9')
    """
    raw = orjson.dumps(value).decode("utf-8")[1:-1]
    ascii_ = json.dumps(value)[1:-1]
    spellings = [raw, ascii_, raw.replace("/", "\\/"), ascii_.replace("/", "\\/")]
    return tuple(dict.fromkeys(spellings))


def find_by_id(out_dir: Path, ident: str) -> Record | None:
    """The first record with this id; lines that cannot hold it are not parsed."""
    contains = json_spellings(ident)
    problems = ReadProblems()
    for path in cleaned_files(out_dir):
        if path.suffix == ".parquet":
            rows = iter_parquet(path, problems)
        else:
            rows = iter_objects(path, problems, contains)
        for where, raw in rows:
            record = Record.from_mapping(raw, fallback_id=where)
            if record.id == ident:
                return record
    return None


def iter_rejects(out_dir: Path, problems: ReadProblems | None = None) -> Iterator[Reject]:
    problems = problems if problems is not None else ReadProblems()
    for path in reject_files(out_dir):
        for where, raw in iter_objects(path, problems):
            ident = _as_str(raw.get("id")) or _as_str(raw.get("where")) or where
            yield Reject(ident, _as_str(raw.get("reason")) or "no reason given")


def read_summary(out_dir: Path) -> dict[str, Any] | None:
    """``summary.json`` as a dict, or None if absent, too big or not a JSON object."""
    path = out_dir / SUMMARY_NAME
    try:
        if path.stat().st_size > MAX_SUMMARY_BYTES:
            return None
        value = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _as_str(value: Any) -> str:
    """A string field, or its JSON text for numbers; '' for anything else.

    >>> _as_str("x"), _as_str(7), _as_str(None), _as_str(["x"])
    ('x', '7', '', '')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
