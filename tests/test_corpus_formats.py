"""Every input format, and broken ones: kept what can be read, rejected the rest."""

from __future__ import annotations

import dataclasses
import gzip
import io

import orjson
import pytest
from corpus_helpers import article, read_records, read_rejects, summary

from cleaner.corpus import RunOptions, run_corpus
from cleaner.corpus.readers import ReadOptions, expand_inputs, read_inputs
from cleaner.settings import Settings

FAST = Settings(language_backend="none")
PARAGRAPH = (
    "The harbour authority confirmed on Tuesday that the new ferry terminal will open in "
    "spring, after two years of construction and a long public consultation."
)
PAGE = (
    "<html><head><title>Ferry</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<article><h1>Ferry terminal</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"
    "<footer>All rights reserved.</footer></body></html>"
)


def _lines(n: int) -> bytes:
    return b"".join(
        orjson.dumps({"id": f"r{i}", "text": article(i), "lang": "en"}) + b"\n" for i in range(n)
    )


def _run(tmp_path, *inputs, **options):
    out = tmp_path / "out"
    run = run_corpus([str(p) for p in inputs], out, FAST, RunOptions(progress=False, **options))
    return run, read_records(out), read_rejects(out)


def test_jsonl_gz_and_zst(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_lines(3)))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_lines(2)))
    run, records, rejects = _run(tmp_path, tmp_path)
    assert [r["id"] for r in records] == ["r0", "r1", "r2", "r0", "r1"]
    assert records[0]["lang"] == "en" and rejects == [] and run.exit_code == 0


def test_truncated_gz_and_zst_keep_what_is_readable(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    big = _lines(400)
    gz = gzip.compress(big)
    (tmp_path / "a.jsonl.gz").write_bytes(gz[: len(gz) * 2 // 3])
    zst = zstandard.ZstdCompressor().compress(big)
    (tmp_path / "b.jsonl.zst").write_bytes(zst[: len(zst) * 2 // 3])
    run, records, rejects = _run(tmp_path, tmp_path)
    assert run.exit_code == 3
    gz_ids = [r["id"] for r in records[: len(records)]]
    assert gz_ids[0] == "r0" and len(records) > 100  # the readable prefix is kept
    reasons = " ".join(r["reason"] for r in rejects)
    assert "truncated or corrupt" in reasons
    assert any(r["where"].startswith(str(tmp_path / "a.jsonl.gz:")) for r in rejects)
    assert any(r["where"].startswith(str(tmp_path / "b.jsonl.zst:")) for r in rejects)
    assert summary(tmp_path / "out")["docs_in"] == len(records) + len(rejects)


def test_parquet_text_and_html_columns(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "id": ["p1", "p2"],
            "body": [article(1), article(2)],
            "page": [PAGE, PAGE],
            "year": [2020, 2021],
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    _, records, rejects = _run(tmp_path, tmp_path / "t.parquet", text_column="body")
    assert [r["id"] for r in records] == ["p1", "p2"] and rejects == []
    assert records[0]["year"] == 2020 and "page" in records[0] and "body" not in records[0]
    assert records[0]["text"].startswith("The council approved")
    _, records, _ = _run(
        tmp_path / "h", tmp_path / "t.parquet", text_column="none", html_column="page"
    )
    assert PARAGRAPH in records[0]["text"]


def test_corrupt_parquet_is_rejected(tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 this is not parquet at all PAR1")
    (tmp_path / "ok.txt").write_text(article(1))
    run, records, rejects = _run(tmp_path, tmp_path / "bad.parquet", tmp_path / "ok.txt")
    assert len(records) == 1 and run.exit_code == 3
    assert rejects[0]["where"] == str(tmp_path / "bad.parquet")
    assert "not a readable Parquet file" in rejects[0]["reason"]


def _warc(path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/ferry",
                "response",
                payload=io.BytesIO(PAGE.encode()),
                http_headers=http,
            )
        )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/a.png",
                "response",
                payload=io.BytesIO(b"\x89PNG"),
                http_headers=image,
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/ferry",
                "conversion",
                payload=io.BytesIO(("Skip to main content\n" + article(5)).encode()),
                warc_content_type="text/plain",
            )
        )


@pytest.mark.parametrize("gz", [False, True])
def test_warc_response_is_html_and_conversion_is_text(tmp_path, gz):
    pytest.importorskip("warcio")
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _warc(path, gz)
    _, records, rejects = _run(tmp_path, path)
    assert rejects == [] and len(records) == 2  # the image is not a document
    html, text = records
    assert html["id"].startswith("<urn:uuid:") and html["url"] == "https://news.example/ferry"
    assert PARAGRAPH in html["text"]
    assert text["text"].startswith("The council approved")
    assert text["removed"][0]["category"] == "navigation"


def test_truncated_warc_gz(tmp_path):
    pytest.importorskip("warcio")
    path = tmp_path / "a.warc.gz"
    _warc(path, True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    run, records, rejects = _run(tmp_path, path)
    assert len(records) >= 1 and run.exit_code == 3
    assert "truncated or corrupt" in rejects[-1]["reason"]


def test_html_files_and_jsonl_html_field(tmp_path):
    (tmp_path / "p.html").write_text(PAGE)
    (tmp_path / "q.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "r.jsonl").write_bytes(
        orjson.dumps({"id": "h", "html": PAGE, "url": "https://x.example/"}) + b"\n"
    )
    _, records, rejects = _run(tmp_path, tmp_path)
    assert rejects == [] and len(records) == 3
    assert all(PARAGRAPH in r["text"] for r in records)


def test_reading_is_deterministic_and_sorted(tmp_path):
    for name in ("b.txt", "a.txt", "c/z.txt", "c/a.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(article(1) if name.endswith("txt") else "")
    files = expand_inputs([str(tmp_path)])
    assert [f.path[len(str(tmp_path)) + 1 :] for f in files] == [
        "a.txt",
        "b.txt",
        "c/a.jsonl",
        "c/z.txt",
    ]
    items = list(read_inputs(files, ReadOptions()))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Reject", "Document"]


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_overlong_jsonl_line_is_rejected_unparsed(tmp_path, suffix):
    options = ReadOptions(max_document_chars=100)
    data = (
        orjson.dumps({"id": "long", "text": "x" * (options.max_line_bytes + 1)})
        + b"\n"
        + orjson.dumps({"id": "ok", "text": article(1)})
        + b"\n"
    )
    path = tmp_path / f"in.jsonl{suffix}"
    path.write_bytes(gzip.compress(data) if suffix else data)
    items = list(read_inputs(expand_inputs([str(path)]), options))
    assert items[0].where == f"{path}:1"
    assert items[0].reason.startswith("document longer than the limit (100 chars): line longer")
    assert items[1].id == "ok"


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_records_decoded_by_workers_equal_records_decoded_by_the_reader(tmp_path, suffix):
    # The corpus run frames JSONL lines in the reading process and decodes them in the
    # workers (``Record``); the items must be those the reader would have made itself.
    from cleaner.corpus.documents import Record
    from cleaner.corpus.readers import decode

    options = ReadOptions(max_document_chars=20)
    lines = [
        orjson.dumps({"id": 1, "text": article(1), "url": "https://A.example/x", "n": 2}),
        b"",  # a blank line: its bytes go to the next record
        b"{not json",
        orjson.dumps([1, 2]),
        orjson.dumps({"id": "h", "html": PAGE}),
        orjson.dumps({"id": "t", "text": 3}),
        orjson.dumps({"text": "x" * options.max_line_bytes}),  # over the line limit
    ]
    data = b"\n".join(lines) + b"\n"
    path = tmp_path / f"in.jsonl{suffix}"
    path.write_bytes(gzip.compress(data) if suffix else data)
    files = expand_inputs([str(path)])
    direct = list(read_inputs(files, options))
    framed = list(read_inputs(files, dataclasses.replace(options, defer_decoding=True)))
    assert [decode(i, options) for i in framed] == direct
    assert [type(i).__name__ for i in framed] == ["Record"] * 5 + ["Reject"]
    assert [i.nbytes for i in framed] == [i.nbytes for i in direct]
    assert all(isinstance(i, Record) or i == j for i, j in zip(framed, direct, strict=True))


def test_gzip_bomb_is_read_in_bounded_chunks(tmp_path):
    from cleaner.corpus.readers import READ_CHUNK_BYTES, _chunks

    bomb = gzip.compress(b"\0" * (20 * READ_CHUNK_BYTES), compresslevel=9)
    with open(tmp_path / "b.gz", "wb") as fh:
        fh.write(bomb)
    with open(tmp_path / "b.gz", "rb") as raw:
        sizes = [len(c) for c in _chunks(raw, "gz")]
    assert max(sizes) <= READ_CHUNK_BYTES and sum(sizes) == 20 * READ_CHUNK_BYTES


def test_oversized_single_document_file_is_not_read(tmp_path):
    (tmp_path / "big.txt").write_text("word " * 1000)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode() * 50))
    options = ReadOptions(max_document_chars=125)  # 4 bytes a char at most: 500 bytes
    items = list(read_inputs(expand_inputs([str(tmp_path)]), options))
    assert [type(i).__name__ for i in items] == ["Reject", "Reject"]
    reason = "document longer than the limit (125 chars): file is larger than 500 bytes, not read"
    assert all(i.reason == reason for i in items)


def test_one_size_rule_for_text_and_html(tmp_path):
    from cleaner.corpus.documents import Document
    from cleaner.corpus.worker import JobSpec, counted_text

    settings = Settings(language_backend="none", max_document_chars=300)
    records = [
        {"id": "long-text", "text": "word " * 100},
        {"id": "long-page", "html": PAGE},
        {"id": "ok", "text": article(1)},
    ]
    (tmp_path / "in.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    out = tmp_path / "out"
    run = run_corpus([str(tmp_path / "in.jsonl")], out, settings, RunOptions(progress=False))
    assert [r["id"] for r in read_records(out)] == ["ok"] and run.stats.rejected == 2
    reason = "document longer than the limit (300 chars)"  # Cleaner.check's DocumentTooLarge
    assert [(r["id"], r["reason"]) for r in read_rejects(out)] == [
        ("long-text", reason),
        ("long-page", reason),
    ]
    # Nor does a rejected document count towards a site's repeated lines.
    spec = JobSpec(settings)
    assert counted_text(Document("a", "a", "word " * 100), spec) is None
    assert counted_text(Document("b", "b", PAGE.encode(), "html"), spec) is None
    assert counted_text(Document("c", "c", article(1)), spec) == article(1)


def test_size_limit_is_a_setting_from_flag_and_config(tmp_path):
    from cleaner.cli import build_parser, config_from_args

    def parse(*argv: str):
        return config_from_args(build_parser().parse_args(["clean", "in", "--out", "o", *argv]))

    settings, options = parse("--max-doc-chars", "10")
    assert settings.max_document_chars == 10 and not hasattr(options, "max_document_chars")
    (tmp_path / "c.toml").write_text("max_document_chars = 20\n")
    assert parse("--config", str(tmp_path / "c.toml"))[0].max_document_chars == 20
