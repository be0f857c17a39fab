"""Readers: input paths -> a deterministic stream of ``Document`` / ``Reject``.

Every format has one generator ``read_<format>(path, options)``. Bad input
never stops the stream: a line that is not JSON, a record without a text
string, an undecodable or empty file, a truncated .gz/.zst, a corrupt Parquet
row group, a missing file: each becomes a ``Reject`` naming file and line (or
row, or byte offset), and the documents that can be read are kept.

Compressed streams are decompressed with ``decompressobj`` chunk by chunk, so
truncation is detected (a stream that ends inside a frame) instead of silently
ending early, and progress is counted in bytes of the file on disk.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import orjson

from ..pipeline import too_large_reason
from .documents import Document, Item, LineRange, Record, Reject

READ_CHUNK_BYTES = 1 << 20  # bytes read at a time, and the most one decompression step yields
ZSTD_FEED_BYTES = 1 << 13  # zstd input per step: bounds its output even for a bomb
PARQUET_BATCH_ROWS = 1024  # rows decoded at a time, so a big row group stays small in memory
# Bytes one character can take: 4 in UTF-8 (and in UTF-16), so a file of more than
# 4 x limit bytes decodes to more than limit chars; 6 as a JSON "\uXXXX" escape.
MAX_BYTES_PER_CHAR = 4
JSON_BYTES_PER_CHAR = 6
LINE_SLACK_BYTES = 1 << 20  # room for a record's other fields

# Suffixes, checked after stripping a compression suffix.
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
WARC_SUFFIXES = (".warc", ".wet", ".arc")
COMPRESSIONS = {".gz": "gz", ".gzip": "gz", ".zst": "zst", ".zstd": "zst"}


class TruncatedStream(Exception):
    """A compressed stream that ends inside a frame or member."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How records are mapped to documents.

    Attributes:
        text_column: the field/column holding plain text.
        html_column: the field/column holding HTML (used when the text one is absent).
        max_document_chars: ``Settings.max_document_chars``. The cleaner rejects a longer
            document (``Cleaner.check``); readers apply the same rule earlier, without
            holding the document in memory, to JSONL lines and one-document files whose
            size in bytes proves the document too long (None: no limit).
        defer_decoding: yield JSONL lines as undecoded ``Record`` items, for the worker
            that cleans them to ``decode`` (the items are the same once decoded).
        line_ranges: yield the records of uncompressed JSONL files as ``LineRange``
            items (where they are, not their bytes), for workers that share this
            file system to read them (``expand``: the same ``Record`` items once read).

    >>> ReadOptions(max_document_chars=100).max_file_bytes
    400
    """

    text_column: str = "text"
    html_column: str = "html"
    max_document_chars: int | None = None
    defer_decoding: bool = False
    line_ranges: bool = False

    @property
    def max_file_bytes(self) -> int | None:
        """A decoded file or record payload longer than this holds more chars than the limit."""
        if self.max_document_chars is None:
            return None
        return self.max_document_chars * MAX_BYTES_PER_CHAR

    @property
    def max_line_bytes(self) -> int | None:
        """A JSONL line longer than this cannot hold a document within the limit."""
        if self.max_document_chars is None:
            return None
        return self.max_document_chars * JSON_BYTES_PER_CHAR + LINE_SLACK_BYTES

    def too_large(self, detail: str) -> str:
        """The cleaner's own reason for a too-long document, with what the reader saw."""
        assert self.max_document_chars is not None
        return f"{too_large_reason(self.max_document_chars)}: {detail}"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: its path as the user will recognise it, and its format."""

    path: str
    kind: str  # "txt", "html", "jsonl", "parquet", "warc", or "missing"
    compression: str | None = None

    @property
    def size(self) -> int:
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def fingerprint(self) -> list[Any]:
        """Path, size and mtime: what a changed input changes (like make and rsync)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return [self.path, None, None]
        return [self.path, st.st_size, st.st_mtime_ns]


def detect_format(name: str) -> tuple[str | None, str | None]:
    """Return ``(kind, compression)`` from a file name, ``kind`` None if unknown.

    >>> detect_format("a/b.jsonl.zst")
    ('jsonl', 'zst')
    >>> detect_format("page.HTML.gz")
    ('html', 'gz')
    >>> detect_format("notes.md")
    (None, None)
    """
    lower = name.lower()
    compression = None
    for suffix, comp in COMPRESSIONS.items():
        if lower.endswith(suffix):
            compression, lower = comp, lower[: -len(suffix)]
            break
    for kind, suffixes in (
        ("txt", TEXT_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("parquet", PARQUET_SUFFIXES),
        ("warc", WARC_SUFFIXES),
    ):
        if lower.endswith(suffixes):
            return kind, compression
    return None, None


def expand_inputs(paths: Sequence[str]) -> list[InputFile]:
    """Files and folders (recursive, sorted) -> input files, in a deterministic order.

    In folders only known formats are read; a file named explicitly with an
    unknown suffix is read as text. A missing path is kept as kind "missing",
    so it becomes a reject instead of stopping the run.
    """
    out: list[InputFile] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind, comp = detect_format(child.name)
                if kind is not None:
                    out.append(InputFile(str(child), kind, comp))
        elif path.is_file():
            kind, comp = detect_format(path.name)
            out.append(InputFile(str(path), kind or "txt", comp))
        else:
            out.append(InputFile(str(path), "missing"))
    return out


def read_inputs(files: Sequence[InputFile], options: ReadOptions) -> Iterator[Item]:
    """Every document and reject of every file, in order."""
    for f in files:
        yield from READERS[f.kind](f, options)


def decode(item: Item, options: ReadOptions) -> Document | Reject:
    """The Document or Reject an item stands for (a ``Record`` is decoded, others kept).

    >>> decode(Record("f:1", b'{"text": "hi"}', "f", 15), ReadOptions()).content
    'hi'
    >>> decode(Record("f:2", b"{", "f", 2), ReadOptions()).reason[:22]
    'line is not valid JSON'
    """
    if isinstance(item, Record):
        return decode_line(item.line, item.where, item.source, options, item.nbytes)
    return item


class InputChanged(RuntimeError):
    """An input file no longer holds the records its ``LineRange`` was framed from."""


def expand(items: Iterable[Item]) -> Iterator[Document | Reject | Record]:
    """``items`` with every ``LineRange`` read from its file and framed into ``Record`` items,
    the same ones ``read_jsonl`` makes (where, line, nbytes); raises ``InputChanged`` if
    the file changed since it was framed."""
    for item in items:
        if isinstance(item, LineRange):
            yield from _range_records(item)
        else:
            yield item


def _range_records(span: LineRange) -> Iterator[Record]:
    with open(span.source, "rb") as fh:
        fh.seek(span.start)
        data = fh.read(span.nbytes)
    if len(data) != span.nbytes:
        raise InputChanged(f"{span.source} is shorter than when this run started reading it")
    lineno = span.first_line
    done = start = found = 0
    while start < len(data):
        newline = data.find(b"\n", start)
        end = len(data) if newline < 0 else newline + 1
        line = data[start:end]
        if line.strip():  # blank lines are skipped, their bytes go to the next record
            found += 1
            yield Record(f"{span.source}:{lineno}", line, span.source, end - done)
            done = end
        lineno += 1
        start = end
    if found != span.count or done != len(data):
        raise InputChanged(f"{span.source} changed since this run started reading it")


def pack(items: Iterable[Item]) -> tuple[Item, ...]:
    """``items`` with each run of adjacent ``LineRange`` items of one file joined into one
    (a task then names a few ranges instead of a record each).

    >>> pack([LineRange("f", 0, 5, 1), LineRange("f", 5, 9, 2), Reject("f:3", "x"),
    ...       LineRange("f", 12, 20, 4)])  # doctest: +NORMALIZE_WHITESPACE
    (LineRange(source='f', start=0, end=9, first_line=1, count=2),
     Reject(where='f:3', reason='x', id=None, nbytes=0),
     LineRange(source='f', start=12, end=20, first_line=4, count=1))
    """
    out: list[Item] = []
    run: list[LineRange] = []  # adjacent ranges of one file, not joined yet

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            first, count = run[0], sum(r.count for r in run)
            out.append(LineRange(first.source, first.start, run[-1].end, first.first_line, count))
        run.clear()

    for item in items:
        if not isinstance(item, LineRange):
            flush()
            out.append(item)
            continue
        if run and (run[-1].source != item.source or run[-1].end != item.start):
            flush()
        run.append(item)
    flush()
    return tuple(out)


# --- helpers ---------------------------------------------------------------------------


def site_of(url: object, fallback: str) -> str:
    """The host of ``url``, else ``fallback`` (the source file or folder).

    >>> site_of("https://www.Example.org/a/b", "f.jsonl")
    'www.example.org'
    >>> site_of(None, "f.jsonl")
    'f.jsonl'
    """
    if isinstance(url, str) and url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host
    return fallback


def _plain_chunks(raw: BinaryIO) -> Iterator[bytes]:
    while chunk := raw.read(READ_CHUNK_BYTES):
        yield chunk


def _gzip_chunks(raw: BinaryIO) -> Iterator[bytes]:
    """Gzip members one after another; every output chunk is at most ``READ_CHUNK_BYTES``,
    so a decompression bomb costs time, not memory."""
    dobj = zlib.decompressobj(wbits=31)
    pending = False  # bytes fed to the current member that have not finished it
    while chunk := raw.read(READ_CHUNK_BYTES):
        data = chunk
        while True:
            pending = pending or bool(data)
            out = dobj.decompress(data, READ_CHUNK_BYTES)
            if out:
                yield out
            if dobj.eof:
                data, pending = dobj.unused_data, False
                dobj = zlib.decompressobj(wbits=31)
                if not data:
                    break
                continue
            data = dobj.unconsumed_tail
            if not data and len(out) < READ_CHUNK_BYTES:
                break
    if pending:
        raise TruncatedStream("gzip stream ends inside a compressed member")


def _zstd_chunks(raw: BinaryIO) -> Iterator[bytes]:
    """Zstandard frames one after another, fed in small pieces (its decompressobj has no
    output cap, so small inputs bound each output)."""
    import zstandard

    make = zstandard.ZstdDecompressor().decompressobj
    dobj = make()
    pending = False
    while chunk := raw.read(ZSTD_FEED_BYTES):
        while chunk:
            pending = True
            out = dobj.decompress(chunk)
            if out:
                yield out
            if not dobj.eof:
                break
            chunk, pending = dobj.unused_data, False
            dobj = make()
    if pending:
        raise TruncatedStream("zstd stream ends inside a compressed frame")


def _chunks(raw: BinaryIO, compression: str | None) -> Iterator[bytes]:
    """Decompressed chunks of ``raw``; raises ``TruncatedStream`` on an unfinished frame."""
    if compression == "gz":
        return _gzip_chunks(raw)
    if compression == "zst":
        return _zstd_chunks(raw)
    return _plain_chunks(raw)


class _DecompressedStream(io.RawIOBase):
    """A readable file over ``_chunks`` for libraries that take a file (warcio).

    A truncated or corrupt stream reads as end of file, and ``error`` holds why, so
    the caller keeps every record before the damage and then reports it.
    """

    def __init__(self, raw: BinaryIO, compression: str | None) -> None:
        self._chunks = _chunks(raw, compression)
        self._errors = _stream_errors(compression)
        self._buffer = b""
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            try:
                chunk = next(self._chunks, None)
            except self._errors as exc:
                self.error, chunk = exc, None
            if chunk is None:
                return 0
            self._buffer = chunk
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def _lines(
    raw: BinaryIO, compression: str | None, max_record_bytes: int | None
) -> Iterator[tuple[bytes | None, int]]:
    """Lines (with their newline) and the raw file offset reached after each.

    The offset is exact in a plain file; in a compressed one, the raw bytes read
    for a decompressed chunk are shared out over its lines by length. (Per line,
    not per chunk read: work is cut into chunks by these bytes.) A line longer
    than ``max_record_bytes`` is yielded as ``None`` and never held in memory
    whole; pieces of a line spanning chunks are joined once (linear).
    """
    pending: list[bytes] = []
    size = 0
    before = raw.tell()
    for chunk in _chunks(raw, compression):
        pos = raw.tell()
        start = 0
        while True:
            newline = chunk.find(b"\n", start)
            end = len(chunk) if newline < 0 else newline + 1
            if max_record_bytes is None or size <= max_record_bytes:
                pending.append(chunk[start:end])
            size += end - start
            if newline < 0:
                break
            too_long = max_record_bytes is not None and size > max_record_bytes
            offset = before + (pos - before) * end // len(chunk)
            yield (None if too_long else b"".join(pending)), offset
            pending, size, start = [], 0, end
        before = pos
    if size:
        too_long = max_record_bytes is not None and size > max_record_bytes
        yield (None if too_long else b"".join(pending)), raw.tell()


# What ``_line_marks`` yields in place of a line's bytes: a reader of line ranges only
# needs to know whether the line is blank, not to copy it out of the chunk it lies in.
_BLANK_MARK = b""
_RECORD_MARK = b"{"  # stands for any non-blank line
_NON_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # a byte ``bytes.strip()`` keeps


def _line_marks(raw: BinaryIO, max_record_bytes: int | None) -> Iterator[tuple[bytes | None, int]]:
    """``_lines`` of an uncompressed file, each line's bytes replaced by a mark
    (``_RECORD_MARK``, or ``_BLANK_MARK`` for a blank line; still None for one too long).
    Exact file offsets; nothing copied: framing a big file costs a newline search."""
    size = 0
    blank = True
    for chunk in _plain_chunks(raw):
        base = raw.tell() - len(chunk)
        start = 0
        while True:
            newline = chunk.find(b"\n", start)
            end = len(chunk) if newline < 0 else newline + 1
            if blank and _NON_BLANK.search(chunk, start, end) is not None:
                blank = False
            size += end - start
            if newline < 0:
                break
            yield _mark(size, blank, max_record_bytes), base + end
            size, blank, start = 0, True, end
    if size:
        yield _mark(size, blank, max_record_bytes), raw.tell()


def _mark(size: int, blank: bool, max_record_bytes: int | None) -> bytes | None:
    if max_record_bytes is not None and size > max_record_bytes:
        return None
    return _BLANK_MARK if blank else _RECORD_MARK


def _stream_errors(compression: str | None) -> tuple[type[BaseException], ...]:
    """What reading a (compressed) stream raises on a truncated or corrupt file."""
    errors: tuple[type[BaseException], ...] = (OSError, TruncatedStream, zlib.error, EOFError)
    if compression == "zst":
        import zstandard

        errors += (zstandard.ZstdError,)
    return errors


class TooLarge(Exception):
    """A single-document file beyond ``ReadOptions.max_file_bytes``."""


def _read_all(f: InputFile, limit: int | None) -> bytes:
    chunks, size = [], 0
    with open(f.path, "rb") as raw:
        for chunk in _chunks(raw, f.compression):
            size += len(chunk)
            if limit is not None and size > limit:
                raise TooLarge(f"file is larger than {limit:,} bytes, not read")
            chunks.append(chunk)
    return b"".join(chunks)


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM tolerated) or BOM-marked UTF-16; raises ``UnicodeDecodeError``.

    >>> decode_text(b"\\xef\\xbb\\xbfhi")
    'hi'
    >>> decode_text("hi".encode("utf-16"))
    'hi'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# --- one reader per format -------------------------------------------------------------


def read_missing(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    yield Reject(f.path, "input not found (no such file or folder)")


def _site_for_single(f: InputFile) -> str:
    # A lone .txt/.html is one document: group by its folder, so a folder of pages
    # from one site shares repeated-boilerplate counts.
    return str(Path(f.path).parent)


def _read_single(f: InputFile, options: ReadOptions, what: str) -> bytes | Reject:
    """A one-document file's bytes, or the Reject saying why it has none."""
    try:
        data = _read_all(f, options.max_file_bytes)
    except TooLarge as exc:
        return Reject(f.path, options.too_large(str(exc)), id=f.path, nbytes=f.size)
    except _stream_errors(f.compression) as exc:
        return Reject(f.path, f"cannot read file: {_error(exc)}", nbytes=f.size)
    if not data.strip():
        return Reject(f.path, f"empty file (no {what})", id=f.path, nbytes=f.size)
    return data


def read_txt(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    data = _read_single(f, options, "text")
    if isinstance(data, Reject):
        yield data
        return
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        yield Reject(
            f"{f.path}@{exc.start}",
            f"not UTF-8 text: undecodable byte at offset {exc.start} ({exc.reason})",
            id=f.path,
            nbytes=f.size,
        )
        return
    yield Document(f.path, f.path, text, "text", _site_for_single(f), nbytes=f.size)


def read_html(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    data = _read_single(f, options, "HTML")
    if isinstance(data, Reject):
        yield data
        return
    yield Document(f.path, f.path, data, "html", _site_for_single(f), nbytes=f.size)


def record_to_item(
    record: object, where: str, source: str, options: ReadOptions, nbytes: int
) -> Document | Reject:
    """A decoded JSON record / Parquet row -> Document, or Reject saying what is wrong.

    >>> doc = record_to_item({"id": 7, "text": "hi", "lang": "en"}, "f:1", "f", ReadOptions(), 3)
    >>> doc.id, doc.content, doc.mode, doc.fields
    ('7', 'hi', 'text', {'lang': 'en'})
    >>> record_to_item([1], "f:2", "f", ReadOptions(), 3).reason
    'JSON value is a list, not an object'
    """
    if not isinstance(record, dict):
        return Reject(
            where, f"JSON value is a {type(record).__name__}, not an object", None, nbytes
        )
    raw_id = record.get("id")
    doc_id = where if raw_id is None else str(raw_id)
    text = record.get(options.text_column)
    html = record.get(options.html_column)
    if isinstance(text, str):
        content, mode = text, "text"
    elif isinstance(html, (str, bytes)):
        content, mode = html, "html"
    else:
        found = "missing" if options.text_column not in record else type(text).__name__
        return Reject(
            where,
            f"record has no {options.text_column!r} string "
            f"(nor {options.html_column!r}); {options.text_column!r} is {found}",
            doc_id,
            nbytes,
        )
    url = record.get("url")
    skip = {"id", options.text_column, options.html_column}
    fields = {k: v for k, v in record.items() if k not in skip}
    return Document(
        doc_id,
        where,
        content,
        mode,  # type: ignore[arg-type]
        site_of(url, source),
        url if isinstance(url, str) else None,
        fields,
        nbytes,
    )


def decode_line(
    line: bytes, where: str, source: str, options: ReadOptions, nbytes: int
) -> Document | Reject:
    """One JSONL line -> Document, or Reject saying what is wrong."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return Reject(where, f"line is not valid JSON: {exc}", None, nbytes)
    return record_to_item(record, where, source, options, nbytes)


def read_jsonl(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    lineno = 0
    seen_record = False
    done = 0
    first_line = 1  # of the next item: the line after the previous item's
    ranges = options.line_ranges and f.compression is None  # offsets exact, seekable
    try:
        with open(f.path, "rb") as raw:
            lines = (
                _line_marks(raw, options.max_line_bytes)
                if ranges
                else _lines(raw, f.compression, options.max_line_bytes)
            )
            for line, offset in lines:
                lineno += 1
                if line is None:
                    where = f"{f.path}:{lineno}"
                    nbytes, done = offset - done, offset
                    reason = options.too_large(
                        f"line longer than {options.max_line_bytes:,} bytes, not parsed"
                    )
                    yield Reject(where, reason, None, nbytes)
                    first_line = lineno + 1
                    continue
                if not line.strip():
                    continue  # its bytes go to the next record
                start, done = done, offset
                nbytes = done - start
                seen_record = True
                if ranges:
                    yield LineRange(f.path, start, done, first_line)
                    first_line = lineno + 1
                elif options.defer_decoding:
                    yield Record(f"{f.path}:{lineno}", line, f.path, nbytes)
                else:
                    yield decode_line(line, f"{f.path}:{lineno}", f.path, options, nbytes)
    except _stream_errors(f.compression) as exc:
        yield Reject(
            f"{f.path}:{lineno + 1}",
            f"file unreadable after line {lineno} (truncated or corrupt): {_error(exc)}; "
            "records before it are kept",
            None,
            max(f.size - done, 0),
        )
        return
    if not seen_record:
        yield Reject(f.path, "empty file (no records)", None, f.size)


def read_parquet(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    import pyarrow.parquet as pq

    size = f.size
    try:
        pf = pq.ParquetFile(f.path)
    except Exception as exc:  # pyarrow raises ArrowInvalid/OSError for corrupt files
        yield Reject(f.path, f"not a readable Parquet file: {_error(exc)}", None, size)
        return
    total_rows = max(pf.metadata.num_rows, 1)
    row = 0
    done = 0

    def share() -> int:
        nonlocal done
        target = size * row // total_rows
        n, done = target - done, target
        return n

    if pf.metadata.num_rows == 0:
        yield Reject(f.path, "empty Parquet file (no rows)", None, size)
        return
    for group in range(pf.num_row_groups):
        group_rows = pf.metadata.row_group(group).num_rows
        group_end = row + group_rows
        try:
            for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group]):
                for record in batch.to_pylist():
                    row += 1
                    where = f"{f.path}:row {row}"
                    yield record_to_item(record, where, f.path, options, share())
        except Exception as exc:  # corrupt pages: the rest of this row group is lost
            reason = f"corrupt Parquet row group {group}: {_error(exc)}"
            while row < group_end:
                row += 1
                yield Reject(f"{f.path}:row {row}", reason, None, share())


def _is_gzip(raw: BinaryIO) -> bool:
    magic = raw.read(2)
    raw.seek(0)
    return magic == b"\x1f\x8b"


def _warc_header(record: Any, name: str) -> str | None:
    return record.rec_headers.get_header(name)


def read_warc(f: InputFile, options: ReadOptions) -> Iterator[Item]:
    """Response records -> HTML mode; conversion (WET) and plain-text resources -> text mode."""
    from warcio.archiveiterator import ArchiveIterator

    index = 0
    done = 0
    try:
        with open(f.path, "rb") as raw:
            # Gzip members are decompressed by us, so a truncated archive is detected.
            compression = f.compression or ("gz" if _is_gzip(raw) else None)
            decompressed = _DecompressedStream(raw, compression)
            stream = io.BufferedReader(decompressed, READ_CHUNK_BYTES)
            for record in ArchiveIterator(stream, arc2warc=True):
                rtype = record.rec_type
                if rtype not in ("response", "conversion", "resource"):
                    continue
                ctype = ""
                if rtype == "response" and record.http_headers is not None:
                    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                    if ctype and "html" not in ctype and "text" not in ctype:
                        continue  # images, scripts: not documents
                elif rtype == "resource":
                    ctype = (_warc_header(record, "Content-Type") or "").lower()
                    if "text" not in ctype and "html" not in ctype:
                        continue
                limit = options.max_file_bytes
                payload = record.content_stream().read(-1 if limit is None else limit + 1)
                index += 1
                pos = raw.tell()
                nbytes, done = pos - done, pos
                rid = _warc_header(record, "WARC-Record-ID") or f"{f.path}#{index}"
                url = _warc_header(record, "WARC-Target-URI")
                where = f"{f.path}:record {index}"
                if limit is not None and len(payload) > limit:
                    reason = options.too_large(f"record is larger than {limit:,} bytes")
                    yield Reject(where, reason, rid, nbytes)
                    continue
                fields = {"url": url} if url else {}
                html_mode = rtype == "response" or "html" in ctype
                if html_mode:
                    yield Document(
                        rid, where, payload, "html", site_of(url, f.path), url, fields, nbytes
                    )
                    continue
                try:
                    text = decode_text(payload)
                except UnicodeDecodeError as exc:
                    yield Reject(
                        where, f"record is not UTF-8 text at byte {exc.start}", rid, nbytes
                    )
                    continue
                yield Document(rid, where, text, "text", site_of(url, f.path), url, fields, nbytes)
    except Exception as exc:  # warcio raises several types on truncated/corrupt archives
        yield Reject(
            f"{f.path}:record {index + 1}",
            f"archive unreadable after record {index} (truncated or corrupt): {_error(exc)}; "
            "records before it are kept",
            None,
            max(f.size - done, 0),
        )
        return
    if decompressed.error is not None:
        yield Reject(
            f"{f.path}:record {index + 1}",
            f"archive truncated or corrupt after record {index}: {_error(decompressed.error)}; "
            "records before it are kept",
            None,
            max(f.size - done, 0),
        )
        return
    if index == 0:
        yield Reject(f.path, "no text or HTML records in archive", None, f.size)


READERS: dict[str, Callable[[InputFile, ReadOptions], Iterator[Item]]] = {
    "missing": read_missing,
    "txt": read_txt,
    "html": read_html,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "warc": read_warc,
}
