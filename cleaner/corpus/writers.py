"""Writers: shard records -> bytes in the chosen format, and atomic file writes.

Every output file appears atomically: it is written to a hidden temporary name
in the same folder, flushed to disk, then renamed over its final name. A run
killed at any moment leaves either the finished file or a temporary that no
reader mistakes for output (``.NAME.tmp-PID``, removed by the next run).
Encodings are deterministic (gzip header without a timestamp), so the same
records always give the same bytes.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import orjson

FORMATS = ("jsonl", "jsonl.gz", "parquet")
TMP_MARK = ".tmp-"
GZIP_LEVEL = 6  # zlib's default: the usual size/speed trade-off
CORE_COLUMNS = ("id", "text", "language", "fixes", "removed")


def dumps_line(record: Any) -> bytes:
    """One JSONL line; values orjson cannot encode natively (e.g. bytes) become strings.

    >>> dumps_line({"id": "a", "n": 1})
    b'{"id":"a","n":1}\\n'
    """
    options = orjson.OPT_APPEND_NEWLINE | orjson.OPT_NON_STR_KEYS
    return orjson.dumps(record, default=_fallback, option=options)


def _fallback(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    return str(value)


def shard_name(index: int, fmt: str) -> str:
    """The file name of shard ``index``.

    >>> shard_name(3, "jsonl.gz")
    'cleaned-00003.jsonl.gz'
    """
    return f"cleaned-{index:05d}.{fmt}"


def encode_chunk(lines: bytes, fmt: str) -> bytes:
    """A chunk of a shard's JSONL lines, encoded where it was cleaned (in the worker).

    JSONL is written as is; JSONL.gz as one gzip member per chunk (a shard is
    their concatenation, a valid multi-member gzip file: compressing is the
    costliest part of writing, and the workers share it instead of the main
    process); Parquet needs the whole shard, so its lines go through as they are.

    >>> import gzip
    >>> gzip.decompress(encode_chunk(b"{}\\n", "jsonl.gz") + encode_chunk(b"[]\\n", "jsonl.gz"))
    b'{}\\n[]\\n'
    """
    if fmt == "jsonl.gz":
        return gzip.compress(lines, compresslevel=GZIP_LEVEL, mtime=0)
    if fmt in FORMATS:
        return lines
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def encode_shard(data: bytes, fmt: str) -> bytes:
    """A shard file's bytes from its encoded chunks, joined in order (``encode_chunk``)."""
    if fmt == "parquet":
        return _parquet_bytes([orjson.loads(x) for x in data.splitlines()])
    if fmt in FORMATS:
        return data
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _parquet_bytes(records: Sequence[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pa.Table.from_pylist(list(records))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        # Passed-through fields of mixed types across records: keep them as JSON text.
        table = pa.Table.from_pylist([_json_extras(r) for r in records])
    if not records:
        table = pa.table({name: pa.array([], pa.string()) for name in ("id", "text")})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _json_extras(record: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v if k in CORE_COLUMNS else orjson.dumps(v, default=_fallback).decode())
        for k, v in record.items()
    }


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file handle whose content appears at ``path`` only if the block completes."""
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def append_file(fh: BinaryIO, path: str | os.PathLike[str]) -> None:
    """Append the whole file at ``path`` to ``fh``: copied by the kernel where it can
    (``copy_file_range``: the bytes never pass through this process), else read and written."""
    fh.flush()  # what was written before goes first
    with open(path, "rb") as src:
        left = os.fstat(src.fileno()).st_size
        try:
            while left > 0 and (n := os.copy_file_range(src.fileno(), fh.fileno(), left)):
                left -= n
        except (AttributeError, OSError):  # no such copy here: go on through memory
            pass
        shutil.copyfileobj(src, fh)  # from where the kernel copy stopped (nothing if done)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is either absent or complete."""
    with atomic_file(path) as fh:
        fh.write(data)


def remove_temporaries(folder: Path) -> None:
    """Delete temporaries a killed run left behind (never finished files)."""
    for stale in folder.glob(f".*{TMP_MARK}*"):
        stale.unlink(missing_ok=True)
