"""Local workers read their records from the input files (``LineRange``) and write their
output to files the run concatenates (``ShardTask.spill``): the same items, the same bytes."""

from __future__ import annotations

import dataclasses
import gzip
import random

import orjson
import pytest
from corpus_helpers import article, output_bytes

from cleaner.corpus import RunOptions, run_corpus
from cleaner.corpus import runner as runner_module
from cleaner.corpus.documents import LineRange, Record
from cleaner.corpus.readers import (
    InputChanged,
    ReadOptions,
    expand,
    expand_inputs,
    pack,
    read_inputs,
)
from cleaner.settings import Settings

FAST = Settings(language_backend="none")
OPTIONS = ReadOptions(max_document_chars=40, defer_decoding=True)


def _awkward_jsonl() -> bytes:
    """Records with what framing must get right: blank and whitespace-only lines (their
    bytes go to the next record), a line over the size limit, bad JSON, CRLF, and a last
    record without a newline after trailing blank lines."""
    record = orjson.dumps({"id": "a", "text": article(1), "url": "https://x.example/1"})
    lines = [
        b"",
        record,
        b"   \t",
        b"{not json",
        orjson.dumps({"text": "x" * OPTIONS.max_line_bytes}),  # over the line limit
        b"",
        orjson.dumps({"id": "crlf", "text": "one\r\ntwo"}) + b"\r",
        record,
        b"\x0c",
        b"",
        orjson.dumps({"id": "last", "text": article(2)}),
    ]
    return b"\n".join(lines)


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_line_ranges_expand_to_the_records_the_reader_makes(tmp_path, suffix):
    data = _awkward_jsonl()
    path = tmp_path / f"in.jsonl{suffix}"
    path.write_bytes(gzip.compress(data) if suffix else data)
    files = expand_inputs([str(path)])
    framed = list(read_inputs(files, OPTIONS))
    ranged = list(read_inputs(files, dataclasses.replace(OPTIONS, line_ranges=True)))
    # Compressed files cannot be read from an offset: their records travel whole.
    assert any(isinstance(i, LineRange) for i in ranged) == (suffix == "")
    assert [i.nbytes for i in ranged] == [i.nbytes for i in framed]
    assert list(expand(ranged)) == framed
    assert [type(i).__name__ for i in framed] == ["Record"] * 2 + ["Reject"] + ["Record"] * 3


def test_packed_chunks_expand_to_the_same_records(tmp_path):
    # However the items are cut into chunks, packing each chunk's adjacent ranges into
    # one and reading them back gives the records in order (several files, rejects between).
    first = tmp_path / "a.jsonl"
    first.write_bytes(_awkward_jsonl())
    second = tmp_path / "b.jsonl"
    second.write_bytes(b"\n".join(orjson.dumps({"id": i, "text": article(i)}) for i in range(9)))
    files = expand_inputs([str(first), str(tmp_path / "missing.jsonl"), str(second)])
    framed = list(read_inputs(files, OPTIONS))
    ranged = list(read_inputs(files, dataclasses.replace(OPTIONS, line_ranges=True)))
    rng = random.Random(5)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(ranged)), rng.randint(0, 6)))
        chunks = [ranged[a:b] for a, b in zip([0, *cuts], [*cuts, len(ranged)], strict=True)]
        packed = [pack(chunk) for chunk in chunks]
        assert [i for chunk in packed for i in expand(chunk)] == framed
        assert sum(len(c) for c in packed) < len(ranged)  # adjacent ranges were joined


def test_a_changed_input_is_refused_not_misread(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"text": article(i)}) + b"\n" for i in range(4)))
    ranges = pack(read_inputs(expand_inputs([str(path)]), ReadOptions(line_ranges=True)))
    assert [type(i) for i in ranges] == [LineRange]
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\n", b" ", 1))  # same size, one record fewer
    with pytest.raises(InputChanged):
        list(expand(ranges))
    path.write_bytes(data[:-5])
    with pytest.raises(InputChanged):
        list(expand(ranges))
    path.write_bytes(data)
    assert all(isinstance(i, Record) for i in expand(ranges))


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "parquet"])
def test_workers_writing_their_own_chunks_give_identical_output(tmp_path, fmt, monkeypatch):
    lines = [orjson.dumps({"id": f"d{i}", "text": article(i)}) for i in range(20)]
    lines[5] = b"{broken"
    lines.insert(9, b"")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (tmp_path / "in" / "b.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[:7])))
    (tmp_path / "in" / "c.txt").write_text(article(99))
    inputs = [str(tmp_path / "in")]
    one = run_corpus(inputs, tmp_path / "one", FAST, RunOptions(progress=False, format=fmt))
    # Tiny chunks: each shard is several chunks, written to files by two workers.
    monkeypatch.setattr(runner_module, "CLEAN_CHUNK_BYTES", 400)
    monkeypatch.setattr(runner_module, "COUNT_CHUNK_BYTES", 400)
    options = RunOptions(progress=False, format=fmt, workers=2, shard_size=6)
    two = run_corpus(inputs, tmp_path / "two", FAST, options)
    assert two.stats == one.stats and two.stats.docs_in == 20 + 7 + 1
    assert two.stats.rejected == 2
    reference = tmp_path / "ref"
    run_corpus(inputs, reference, FAST, RunOptions(progress=False, format=fmt, shard_size=6))
    assert output_bytes(tmp_path / "two") == output_bytes(reference)
    parts = tmp_path / "two" / ".parts"
    assert sorted(p.name for p in parts.iterdir()) == [f"shard-{i:05d}.json" for i in range(5)]


def test_an_input_changed_mid_run_stops_the_run_with_a_message(tmp_path, monkeypatch):
    from cleaner.corpus import FatalError

    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"text": article(i)}) + b"\n" for i in range(6)))
    pack_items = runner_module.pack

    def pack_then_truncate(items):  # the input shrinks once framed, before it is read
        packed = pack_items(items)
        path.write_bytes(path.read_bytes()[:40])
        return packed

    monkeypatch.setattr(runner_module, "pack", pack_then_truncate)
    options = RunOptions(progress=False, workers=2, repeated_boilerplate=False)
    with pytest.raises(FatalError, match="must not change during a run"):
        run_corpus([str(path)], tmp_path / "out", FAST, options)


def test_disk_full_while_joining_chunks_is_fatal_then_resume_finishes(tmp_path, monkeypatch):
    import errno

    from cleaner.corpus import FatalError

    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b"".join(orjson.dumps({"id": i, "text": article(i)}) + b"\n" for i in range(9))
    )
    reference = tmp_path / "ref"
    run_corpus([str(path)], reference, FAST, RunOptions(progress=False, shard_size=3))
    joined = runner_module.append_file

    def full_disk(fh, spill):
        if ".chunk-00001-00001" in spill:  # shard 1's second chunk
            raise OSError(errno.ENOSPC, "No space left on device")
        joined(fh, spill)

    monkeypatch.setattr(runner_module, "CLEAN_CHUNK_BYTES", 200)  # shards of 2+ chunks
    monkeypatch.setattr(runner_module, "append_file", full_disk)
    out = tmp_path / "out"
    options = RunOptions(progress=False, shard_size=3, workers=2)
    with pytest.raises(FatalError, match="No space left on device"):
        run_corpus([str(path)], out, FAST, options)
    assert (out / "cleaned-00000.jsonl").exists() and not (out / "cleaned-00001.jsonl").exists()
    assert not list(out.glob(".*tmp*"))
    monkeypatch.setattr(runner_module, "append_file", joined)
    run = run_corpus([str(path)], out, FAST, options)
    assert run.resumed_shards == 1 and output_bytes(out) == output_bytes(reference)
    assert not list((out / ".parts").glob(".*tmp*"))


@pytest.mark.parametrize("chunk", [1, 3, 7, 64])
@pytest.mark.parametrize("limit", [None, 5])
def test_line_marks_frame_as_lines_do(tmp_path, monkeypatch, chunk, limit):
    # The reader of line ranges marks lines instead of copying them: the same offsets,
    # the same blank lines (bytes.strip's whitespace) and lines too long, at any chunking.
    from cleaner.corpus import readers

    monkeypatch.setattr(readers, "READ_CHUNK_BYTES", chunk)
    data = b'{"a":1}\n\n \t\x0b\x0c\r\n{"b":22}\n\xc2\xa0\n  {"c": 333333}  \n{"d":4}'
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    with open(path, "rb") as raw:
        lines = [
            (None if line is None else (b"{" if line.strip() else b""), offset)
            for line, offset in readers._lines(raw, None, limit)
        ]
    with open(path, "rb") as raw:
        assert list(readers._line_marks(raw, limit)) == lines
