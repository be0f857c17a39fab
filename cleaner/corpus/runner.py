"""The corpus job: inputs -> sharded, resumable, atomic output.

Stages of ``run_corpus``, in order:

1. expand the inputs (files, folders, sorted) and fingerprint them;
2. check the output folder's ``manifest.json``: same inputs and settings resume,
   anything else is refused unless ``overwrite``;
3. pass 1, repeated boilerplate: count lines per site (stored in
   ``boilerplate.json``, so a resumed run reuses the same counts);
4. pass 2: cut the item stream into shards of ``shard_size`` input units, skip
   the shards already finished, clean the rest with the chosen executor and
   write each shard, then its ``.parts/`` record (stats + rejects), atomically
   (a local pool's workers write their chunks to temporaries in ``.parts/``,
   which this process joins into the shard file, ``_store``);
5. assemble ``rejects.jsonl`` and ``summary.json`` from the shard records.

A shard is finished when its part record exists, and the part is written only
after the shard file is in place, so a kill at any moment loses at most the
shards in flight, which the next run redoes with the same bytes.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import orjson
from tqdm import tqdm

from ..settings import Settings
from .documents import Item
from .engines import ENGINES, Executor, open_executor
from .readers import InputChanged, InputFile, ReadOptions, expand_inputs, pack, read_inputs
from .repeated import LineCounter, table_from_json, table_to_json
from .stats import Stats
from .worker import (
    NO_TABLE,
    JobSpec,
    ShardOutput,
    ShardTask,
    Table,
    count_shard,
    process_shard,
)
from .writers import (
    FORMATS,
    TMP_MARK,
    append_file,
    atomic_file,
    dumps_line,
    encode_shard,
    remove_temporaries,
    shard_name,
    write_atomic,
)

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
REJECTS = "rejects.jsonl"
BOILERPLATE = "boilerplate.json"
PARTS = ".parts"
MANIFEST_VERSION = 1
DEFAULT_SHARD_SIZE = 1000  # documents per output shard
# Work is sent to workers in chunks of about this many input bytes (a shard is
# cut into several): ~0.4 s of cleaning text each, so the per-task cost (pickling,
# a round trip, ~1 ms) stays negligible and a chunk in flight stays small.
# Counting (pass 1) is ~10x faster per byte, so its chunks are bigger. Fixed
# sizes, never derived from the number of workers: pass 1 merges counts chunk by
# chunk, so the same chunks give the same table, hence the same output, for any N.
CLEAN_CHUNK_BYTES = 1 << 20
COUNT_CHUNK_BYTES = 2 << 20
# Near the end of a pass chunks shrink (guided scheduling), so the workers finish
# together instead of one idling while another cleans a last full chunk: a chunk
# holds at most 1/TAIL_SHARE of the input bytes still to come, and at least
# 1/TAIL_MIN_DIVISOR of the full size (tiny tasks would cost more than they save).
# Like the sizes, this depends on the input alone, never on the number of workers.
TAIL_SHARE = 4
TAIL_MIN_DIVISOR = 16
# Test hook only: seconds to sleep after each written shard, so a test can kill a run mid-way.
TEST_DELAY_ENV = "CLEANER_TEST_SHARD_DELAY"


class JobConflict(Exception):
    """The output folder holds a different job (exit code 2)."""


class FatalError(Exception):
    """The run cannot go on: unwritable output, disk full (exit code 1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How a corpus run reads, shards, writes and executes (not how it cleans).

    Attributes:
        shard_size: input units (documents or rejects) per output shard.
        format: shard encoding, one of ``writers.FORMATS``.
        text_column / html_column: the record field or Parquet column to clean.
        repeated_boilerplate: run pass 1 and remove lines repeated across a site.
        workers: local processes; output is identical for any number.
        engine: "local" or "dask"; scheduler: the Dask scheduler address.
        overwrite: start over in an output folder holding another job.
        progress: show the progress bar on stderr.
        keep_source: write each document's repaired source beside its removals, so
            the audit report can highlight them (about doubles the output size).
    """

    shard_size: int = DEFAULT_SHARD_SIZE
    format: str = "jsonl"
    text_column: str = "text"
    html_column: str = "html"
    repeated_boilerplate: bool = True
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    overwrite: bool = False
    progress: bool = True
    keep_source: bool = True

    # The options that change output bytes, hence recorded in the manifest.
    OUTPUT_FIELDS = (
        "shard_size",
        "format",
        "text_column",
        "html_column",
        "repeated_boilerplate",
        "keep_source",
    )

    def __post_init__(self) -> None:
        if self.shard_size < 1:
            raise ValueError("shard_size must be at least 1")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.engine == "dask" and not self.scheduler:
            raise ValueError("engine 'dask' needs a scheduler address (--scheduler)")

    def output_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.OUTPUT_FIELDS}


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished run produced."""

    out: Path
    stats: Stats
    shards: tuple[str, ...]
    resumed_shards: int

    @property
    def exit_code(self) -> int:
        return 3 if self.stats.rejected else 0


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """Plain JSON values for every setting (categories as a sorted list)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, frozenset):
            value = sorted(str(v) for v in value)
        out[f.name] = value
    return out


def make_manifest(
    files: Sequence[InputFile], settings: Settings, options: RunOptions
) -> dict[str, Any]:
    return {
        "version": MANIFEST_VERSION,
        "program": "cleaner",
        "inputs": [f.fingerprint() for f in files],
        "settings": settings_to_dict(settings),
        "options": options.output_dict(),
    }


def _diff(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return [
        f"{kind} {key}: {old.get(key)!r} -> {new.get(key)!r}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def manifest_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Human-readable differences between two manifests (empty: same job)."""
    changes: list[str] = []
    if old.get("version") != new.get("version"):
        changes.append(f"manifest version {old.get('version')!r} -> {new.get('version')!r}")
    old_inputs = {x[0]: list(x) for x in old.get("inputs", [])}
    new_inputs = {x[0]: list(x) for x in new.get("inputs", [])}
    for path in sorted(set(old_inputs) | set(new_inputs)):
        if path not in new_inputs:
            changes.append(f"input {path} is no longer part of the job")
        elif path not in old_inputs:
            changes.append(f"input {path} is new")
        elif old_inputs[path] != new_inputs[path]:
            changes.append(f"input {path} changed (size or modification time)")
    reordered = [x[0] for x in old.get("inputs", [])] != [x[0] for x in new.get("inputs", [])]
    if reordered and not changes:
        changes.append("inputs are given in a different order")
    changes += _diff("setting", old.get("settings", {}), new.get("settings", {}))
    changes += _diff("option", old.get("options", {}), new.get("options", {}))
    return changes


def _our_files(out: Path) -> list[Path]:
    names = [MANIFEST, SUMMARY, REJECTS, BOILERPLATE]
    found = [out / n for n in names if (out / n).exists()]
    found += sorted(out.glob("cleaned-*"))
    if (out / PARTS).is_dir():
        found += sorted((out / PARTS).iterdir())
    return found


def prepare_output(out: Path, manifest: dict[str, Any], overwrite: bool) -> bool:
    """Create/check the output folder; True if it resumes an earlier run of this job."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / PARTS).mkdir(exist_ok=True)
    except OSError as exc:
        raise FatalError(f"cannot create output folder {out}: {exc.strerror or exc}") from exc
    existing = out / MANIFEST
    if overwrite:
        for path in _our_files(out):
            path.unlink(missing_ok=True)
    elif existing.exists():
        try:
            old = orjson.loads(existing.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise JobConflict(
                f"{existing} is unreadable ({exc}); use --overwrite to start over"
            ) from exc
        changes = manifest_changes(old, manifest)
        if changes:
            listed = "; ".join(changes[:5]) + ("; ..." if len(changes) > 5 else "")
            raise JobConflict(
                f"output folder {out} holds a different job: {listed}. "
                "Use --overwrite to start over, or choose another --out."
            )
        remove_temporaries(out)
        remove_temporaries(out / PARTS)
        return True
    elif _our_files(out):
        raise JobConflict(
            f"output folder {out} holds cleaner output without a {MANIFEST}; "
            "use --overwrite to start over, or choose another --out."
        )
    remove_temporaries(out)
    remove_temporaries(out / PARTS)
    _write(out / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return False


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise FatalError(
            f"cannot write {path}: {exc.strerror or exc}. Finished shards are kept: "
            "fix the problem and rerun the same command to resume."
        ) from exc


def _bar(options: RunOptions, total: int, desc: str, stream: TextIO) -> tqdm:
    return tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=desc,
        file=stream,
        disable=not options.progress,
        dynamic_ncols=True,
    )


def chunk_limit(max_bytes: int, remaining: int) -> int:
    """The most input bytes the next chunk takes, with ``remaining`` bytes of input to go.

    >>> chunk_limit(256, 10_000), chunk_limit(256, 400), chunk_limit(256, 10)
    (256, 100, 16)
    """
    return max(min(max_bytes, remaining // TAIL_SHARE), max_bytes // TAIL_MIN_DIVISOR, 1)


def cut(
    items: Iterable[Item], max_bytes: int, remaining: int | None = None
) -> Iterator[list[Item]]:
    """Consecutive runs of ``items`` of at most ``max_bytes`` input bytes (or one item);
    given the input bytes ``remaining`` from the first item on, runs shrink near the end.

    >>> from .documents import Reject
    >>> runs = cut([Reject("a", "", nbytes=n) for n in (3, 3, 5, 1, 9)], 6)
    >>> [[i.nbytes for i in run] for run in runs]
    [[3, 3], [5, 1], [9]]
    >>> runs = cut([Reject("a", "", nbytes=1) for _ in range(40)], 16, remaining=40)
    >>> [len(run) for run in runs]
    [10, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    """
    chunk: list[Item] = []
    size = 0
    limit = max_bytes if remaining is None else chunk_limit(max_bytes, remaining)
    for item in items:
        if chunk and size + item.nbytes > limit:
            yield chunk
            if remaining is not None:
                remaining -= size
                limit = chunk_limit(max_bytes, remaining)
            chunk, size = [], 0
        chunk.append(item)
        size += item.nbytes
    if chunk:
        yield chunk


def _count_tasks(items: Iterator[Item], total: int, bar: tqdm) -> Iterator[ShardTask]:
    """Chunks of items, as read (the worker decodes them; rejects count nothing)."""

    def counted() -> Iterator[Item]:
        for item in items:
            bar.update(item.nbytes)
            yield item

    for index, chunk in enumerate(cut(counted(), COUNT_CHUNK_BYTES, total)):
        yield ShardTask(index, pack(chunk))


def count_repeated(
    files: Sequence[InputFile],
    read: ReadOptions,
    options: RunOptions,
    spec: JobSpec,
    executor: Executor,
    stream: TextIO,
) -> Table:
    """Pass 1: per-site line counts over the documents, on the run's executor."""
    counter = LineCounter()
    total = sum(f.size for f in files)
    with _bar(options, total, "counting lines", stream) as bar:
        tasks = _count_tasks(read_inputs(files, read), total, bar)
        for counts in executor.run(count_shard, spec, tasks):
            counter.merge(counts)
    return counter.frequent()


def _load_or_count(
    out: Path,
    files: Sequence[InputFile],
    read: ReadOptions,
    options: RunOptions,
    resumed: bool,
    spec: JobSpec,
    executor: Executor,
    stream: TextIO,
) -> Table:
    path = out / BOILERPLATE
    if resumed and path.exists():
        return table_from_json(orjson.loads(path.read_bytes()))
    table = count_repeated(files, read, options, spec, executor, stream)
    _write(path, orjson.dumps(table_to_json(table), option=orjson.OPT_INDENT_2))
    return table


def _part_path(out: Path, index: int) -> Path:
    return out / PARTS / f"shard-{index:05d}.json"


def _finished(out: Path, index: int, fmt: str) -> bool:
    return _part_path(out, index).exists() and (out / shard_name(index, fmt)).exists()


def _spill_path(out: Path, index: int, chunk: int) -> Path:
    """Where a worker writes chunk ``chunk`` of shard ``index`` (a temporary of this run:
    ``remove_temporaries`` deletes what a killed run left)."""
    return out / PARTS / f".chunk-{index:05d}-{chunk:05d}{TMP_MARK}{os.getpid()}"


@dataclass
class _Plan:
    """Mutable bookkeeping of the task generator (local to one run)."""

    shards: int = 0
    skipped: int = 0
    remaining: int = 0  # input bytes from the next shard on
    spill: bool = False  # workers write their chunks' output to files (``_spill_path``)


def _tasks(
    items: Iterator[Item],
    out: Path,
    options: RunOptions,
    plan: _Plan,
    bar: tqdm,
) -> Iterator[ShardTask]:
    """The chunks of every unfinished shard, in order; the last of a shard is ``final``."""

    def shard(batch: list[Item]) -> Iterator[ShardTask]:
        index = plan.shards
        plan.shards += 1
        remaining = plan.remaining
        plan.remaining -= sum(i.nbytes for i in batch)
        if _finished(out, index, options.format):
            plan.skipped += 1
            bar.update(remaining - plan.remaining)
            return
        chunks = list(cut(batch, CLEAN_CHUNK_BYTES, remaining))
        for n, chunk in enumerate(chunks):
            spill = str(_spill_path(out, index, n)) if plan.spill else None
            yield ShardTask(index, pack(chunk), final=n == len(chunks) - 1, spill=spill)

    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= options.shard_size:
            yield from shard(batch)
            batch = []
    if batch:
        yield from shard(batch)


def _chunk_bytes(chunk: ShardOutput) -> bytes:
    return Path(chunk.spill).read_bytes() if chunk.spill else chunk.lines


def _store(out: Path, chunks: Sequence[ShardOutput], fmt: str) -> None:
    """The shard file (its chunks' outputs, in order) first, then its part record: the
    record means "finished". Chunks a worker wrote to files are joined by the kernel."""
    index = chunks[0].index
    path = out / shard_name(index, fmt)
    if fmt != "parquet" and any(c.spill for c in chunks):
        _join(path, chunks)
    else:  # Parquet needs every record of the shard at once
        _write(path, encode_shard(b"".join(_chunk_bytes(c) for c in chunks), fmt))
    for chunk in chunks:
        if chunk.spill:
            Path(chunk.spill).unlink(missing_ok=True)
    stats = sum((c.stats for c in chunks), Stats())
    rejects = [r for c in chunks for r in c.rejects]
    part = {"index": index, "stats": stats.to_dict(), "rejects": rejects}
    _write(_part_path(out, index), orjson.dumps(part))


def _join(path: Path, chunks: Sequence[ShardOutput]) -> None:
    try:
        with atomic_file(path) as fh:
            for chunk in chunks:
                if chunk.spill:
                    append_file(fh, chunk.spill)
                else:
                    fh.write(chunk.lines)
    except OSError as exc:
        raise FatalError(
            f"cannot write {path}: {exc.strerror or exc}. Finished shards are kept: "
            "fix the problem and rerun the same command to resume."
        ) from exc


def _finish(out: Path, shards: int, fmt: str) -> tuple[Stats, tuple[str, ...]]:
    """Sum the shard records and stream their rejects into one file (memory stays flat)."""
    stats = Stats()
    try:
        with atomic_file(out / REJECTS) as fh:
            for index in range(shards):
                part = orjson.loads(_part_path(out, index).read_bytes())
                stats = stats + Stats.from_dict(part["stats"])
                fh.writelines(dumps_line(r) for r in part["rejects"])
    except OSError as exc:
        raise FatalError(
            f"cannot write {out / REJECTS}: {exc.strerror or exc}. Finished shards are kept: "
            "fix the problem and rerun the same command to resume."
        ) from exc
    remove_temporaries(out / PARTS)  # chunks a killed run's orphaned workers wrote late
    names = tuple(shard_name(i, fmt) for i in range(shards))
    summary = {
        **stats.to_dict(),
        "docs_in_equals_cleaned_plus_rejected": stats.docs_in == stats.cleaned + stats.rejected,
        "shards": list(names),
        "rejects": REJECTS,
    }
    _write(out / SUMMARY, orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    return stats, names


def run_corpus(
    inputs: Sequence[str],
    out: str | os.PathLike[str],
    settings: Settings | None = None,
    options: RunOptions | None = None,
    *,
    stream: TextIO | None = None,
) -> RunResult:
    """Clean ``inputs`` into ``out``; resumes a killed run of the same job.

    Raises ``JobConflict`` (another job in ``out``) or ``FatalError`` (cannot write).
    """
    settings = settings or Settings()
    options = options or RunOptions()
    stream = stream or sys.stderr
    out = Path(out)
    files = expand_inputs(inputs)
    resumed = prepare_output(out, make_manifest(files, settings, options), options.overwrite)
    # The size limit is the Cleaner's (Settings.max_document_chars); readers apply it
    # early to records whose size alone proves them too long.
    # JSONL lines are only framed here; the workers decode them (``Record``).
    read = ReadOptions(
        options.text_column, options.html_column, settings.max_document_chars, defer_decoding=True
    )
    spec = JobSpec(settings, options.keep_source, options.format, read)
    executor = open_executor(
        spec, workers=options.workers, engine=options.engine, scheduler=options.scheduler
    )
    # Workers on this machine read their records from the input files and write their
    # output to files: this process frames lines and concatenates files, no more.
    read = dataclasses.replace(read, line_ranges=executor.local_files)
    try:
        table = NO_TABLE
        if options.repeated_boilerplate:
            table = _load_or_count(out, files, read, options, resumed, spec, executor, stream)
        plan = _clean_pass(out, files, read, options, spec, table, executor, stream)
    except InputChanged as exc:  # a worker found other bytes than this process framed
        raise FatalError(
            f"{exc}: an input must not change during a run. Finished shards are kept; "
            "rerun with --overwrite to start over."
        ) from exc
    finally:
        executor.close()
    stats, names = _finish(out, plan.shards, options.format)
    return RunResult(out, stats, names, plan.skipped)


def _clean_pass(
    out: Path,
    files: Sequence[InputFile],
    read: ReadOptions,
    options: RunOptions,
    spec: JobSpec,
    table: Table,
    executor: Executor,
    stream: TextIO,
) -> _Plan:
    """Pass 2: clean and store every unfinished shard, in order."""
    delay = float(os.environ.get(TEST_DELAY_ENV, "0") or 0)
    total = sum(f.size for f in files)
    plan = _Plan(remaining=total, spill=executor.local_files)
    docs = rejected = 0
    started = time.monotonic()
    with _bar(options, total, "cleaning", stream) as bar:
        tasks = _tasks(read_inputs(files, read), out, options, plan, bar)
        chunks: list[ShardOutput] = []  # of the shard being assembled
        for output in executor.run(process_shard, spec, tasks, table):
            _tell_rejects(output.rejects, rejected, stream)
            rejected += len(output.rejects)
            docs += output.stats.docs_in
            bar.update(output.stats.bytes_in)
            rate = docs / max(time.monotonic() - started, 1e-9)
            bar.set_postfix_str(f"{docs:,} docs, {rate:,.1f} docs/s", refresh=False)
            chunks.append(output)
            if not output.final:
                continue
            _store(out, chunks, options.format)
            chunks = []
            if delay:
                time.sleep(delay)
        bar.update(max(bar.total - bar.n, 0))  # trailing blank lines belong to no document
    return plan


MAX_REJECT_MESSAGES = 50  # past this, rejects.jsonl alone lists them


def _tell_rejects(rejects: Sequence[Mapping], told: int, stream: TextIO) -> None:
    """Name each rejected input on stderr as it happens (the first few of a run)."""
    for n, reject in enumerate(rejects, told):
        if n < MAX_REJECT_MESSAGES:
            tqdm.write(f"cleaner: rejected {reject['where']}: {reject['reason']}", file=stream)
        elif n == MAX_REJECT_MESSAGES:
            tqdm.write("cleaner: more rejects: see rejects.jsonl", file=stream)
            return


def format_summary(stats: Stats) -> str:
    """The end-of-run table: documents, then chars and count removed per category."""
    width = 14
    rows = [
        f"{'documents in':<{width}} {stats.docs_in:>12,}",
        f"{'cleaned':<{width}} {stats.cleaned:>12,}",
        f"{'rejected':<{width}} {stats.rejected:>12,}",
        f"(docs in = cleaned + rejected: "
        f"{'yes' if stats.docs_in == stats.cleaned + stats.rejected else 'NO'})",
        f"{'chars in':<{width}} {stats.chars_in:>12,}",
        f"{'chars kept':<{width}} {stats.chars_kept:>12,}",
        "",
        f"{'category':<{width}} {'removed':>12} {'chars':>14}",
    ]
    for category in sorted(set(stats.removed_count) | set(stats.removed_chars)):
        rows.append(
            f"{category:<{width}} {stats.removed_count.get(category, 0):>12,} "
            f"{stats.removed_chars.get(category, 0):>14,}"
        )
    if not stats.removed_count:
        rows.append("(nothing removed)")
    return "\n".join(rows)
