"""The audit report without a browser: reading a run, totals, sample, escaping, CLI."""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import re
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.report import build_page, write_report
from cleaner.report.load import Record, Span
from cleaner.report.render import (
    Interner,
    document_data,
    json_for_script,
    kept_from_pieces,
    layout,
)
from cleaner.report.stats import Sampler

_spec = importlib.util.spec_from_file_location(
    "report_support", Path(__file__).with_name("report_support.py")
)
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return support.write_demo_run(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def report_html(run_dir: Path) -> str:
    return write_report(run_dir).read_text(encoding="utf-8")


def embedded_data(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert blob is not None
    return json.loads(blob.group(1))


def test_report_is_written_where_expected(run_dir: Path) -> None:
    path = write_report(run_dir)
    assert path == run_dir / "report.html"
    assert path.stat().st_size > 0
    assert not list(run_dir.glob("*.tmp"))


def test_report_is_self_contained(report_html: str) -> None:
    assert "<link" not in report_html
    assert "@import" not in report_html
    assert "url(" not in report_html
    markup = report_html.split('id="report-data"')[0]  # the data blob is JSON, not markup
    assert not re.search(r"""\bsrc\s*=""", markup)
    # Every link is an in-page anchor; the passed-through "url" field is data, not a link.
    assert set(re.findall(r'href="([^"]*)"', report_html)) <= {
        "#totals",
        "#documents",
        "#rejects",
        "#run",
    }
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', report_html)
    assert csp is not None
    assert html.unescape(csp.group(1)).startswith("default-src 'none';")


def test_untrusted_text_never_becomes_markup(report_html: str) -> None:
    # Only the page's own two script elements exist; the hostile document and id
    # (which contain <script> and an onerror handler) appear only escaped.
    assert len(re.findall(r"<script", report_html, re.I)) == 2
    assert "window.__pwned" in report_html  # the document is there ...
    assert "<script>window.__pwned" not in report_html  # ... but not as markup
    assert "<img" not in report_html
    assert "<b>bold</b>" not in report_html
    assert "not UTF-8 &lt;b&gt;bold&lt;/b&gt; &amp; broken" in report_html
    data = embedded_data(report_html)
    assert support.HOSTILE_ID in {d["id"] for d in data["docs"]}


def test_json_for_script_cannot_close_its_element() -> None:
    value = {"t": "</script><script>alert(1)</script>&\u2028"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_totals_match_the_records(run_dir: Path) -> None:
    page = build_page(run_dir)
    records = [
        json.loads(line)
        for path in sorted(run_dir.glob("cleaned-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    t = page.totals
    assert t.cleaned == len(records)
    assert t.rejected == len(support.REJECTS)
    assert t.docs_in == len(records) + len(support.REJECTS)
    assert t.chars_kept == sum(len(r["text"]) for r in records)
    removed = [x for r in records for x in r["removed"]]
    assert t.chars_removed == sum(x["end"] - x["start"] for x in removed)
    for name, stats in t.categories.items():
        assert stats.spans == sum(x["category"] == name for x in removed)
    assert t.languages["de"] >= 1
    assert t.fixes  # the mojibake document was repaired
    assert t.reject_reasons["no main text left"] == 2


def test_chart_and_tables_are_rendered(report_html: str, run_dir: Path) -> None:
    t = build_page(run_dir).totals
    assert report_html.count('<g class="bar"') == len(t.categories)
    for name in t.categories:
        assert f'data-category="{name}"' in report_html
    assert 'id="lang-table"' in report_html and 'id="fix-table"' in report_html
    assert 'id="reject-list"' in report_html


def test_documents_are_sorted_by_share_removed(report_html: str) -> None:
    shares = [d["share"] for d in embedded_data(report_html)["docs"]]
    assert shares == sorted(shares, reverse=True)


def test_record_without_source_lists_removals(report_html: str) -> None:
    docs = {d["id"]: d for d in embedded_data(report_html)["docs"]}
    plain = docs["mojibake"]
    assert plain["segs"] is None and plain["rm"]
    assert any("no 'source'" in n for n in plain["notes"])
    full = next(d for d in docs.values() if d["segs"] is not None and d["cats"])
    assert any(len(p) > 1 for p in full["segs"])


def test_highlight_pieces_rebuild_the_source(run_dir: Path) -> None:
    for path in sorted(run_dir.glob("cleaned-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            if "source" not in raw:
                continue
            record = Record.from_mapping(raw, "x")
            strings = Interner()
            doc = document_data(record, strings)
            assert "".join(p[0] for p in doc["segs"]) == raw["source"]
            marked = [p for p in doc["segs"] if len(p) > 1]
            assert len(marked) == len(raw["removed"])
            for piece, removal in zip(marked, raw["removed"], strict=True):
                assert piece[0] == removal["text"]
                assert strings.values[piece[1]] == removal["category"]
                assert strings.values[piece[2]] == removal["reason"]


def test_kept_text_is_sent_once_when_the_page_can_rebuild_it(report_html: str) -> None:
    docs = embedded_data(report_html)["docs"]
    with_source = [d for d in docs if d["segs"] is not None]
    assert with_source
    rebuilt = [d for d in with_source if d["text"] is None]
    assert rebuilt  # the seeds' and most documents' texts are rebuilt, not repeated
    # Where the page's rebuild would differ (Python strips U+0085, JavaScript does not),
    # the text is carried as is.
    odd = Record(
        "odd", "Hello", "\x85Hello\nMenu", "en", (), (Span("navigation", 7, 11, "", "", "Menu"),)
    )
    assert kept_from_pieces(document_data(odd, Interner())["segs"]) == "\x85Hello"
    assert document_data(odd, Interner())["text"] == "Hello"


def test_layout_skips_bad_spans_and_cuts_long_sources() -> None:
    spans = [
        Span("caption", 0, 3, "", "r", "abc"),
        Span("caption", 2, 5, "", "r", ""),  # overlaps the first
        Span("footer", 8, 99, "", "r", ""),  # past the end
        Span("footer", 6, 8, "", "r", "xx"),  # text differs from the source
        Span("footer", 9, 10, "", "r", "j"),  # past the cut
    ]
    lay = layout("abcdefghij", spans, Interner(), limit=9)
    assert "".join(p[0] for p in lay.pieces) == "abcdefghi"
    assert (lay.bad_spans, lay.cut_spans, lay.mismatched) == (2, 1, 1)


def _record(ident: str, categories: list[str]) -> Record:
    spans = tuple(Span(c, i, i + 1, "", "", "x") for i, c in enumerate(categories))
    return Record(ident, "kept", None, "en", (), spans)


def test_sample_is_deterministic_bounded_and_covers_categories() -> None:
    records = [_record(f"doc-{i}", ["caption"]) for i in range(500)]
    records.append(_record("the-only-footer", ["footer"]))
    forward, backward = Sampler(20), Sampler(20)
    for r in records:
        forward.add(r)
    for r in reversed(records):
        backward.add(r)
    ids = [r.id for r in forward.result()]
    assert ids == [r.id for r in backward.result()]
    assert len(ids) == 20 == len(set(ids))
    assert "the-only-footer" in ids  # a rare category keeps a reserved slot
    assert Sampler(0).result() == []
    with pytest.raises(ValueError):
        Sampler(-1)


def test_sample_option_bounds_documents(run_dir: Path, tmp_path: Path) -> None:
    page = write_report(run_dir, sample=2, output=tmp_path / "r.html").read_text(encoding="utf-8")
    assert len(embedded_data(page)["docs"]) == 2
    assert "A deterministic sample of 2 of" in page
    # Totals still cover every document.
    assert build_page(run_dir, sample=2).totals.cleaned == build_page(run_dir).totals.cleaned


def test_gzip_shards_and_bad_lines_are_read(tmp_path: Path) -> None:
    out = support.write_run(tmp_path, list(support.EXTRA_DOCS.items()), gzip_shards=True)
    with gzip.open(out / "cleaned-00000.jsonl.gz", "at", encoding="utf-8") as fh:
        fh.write("not json\n[1, 2]\n")
    with (out / "rejects.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": null, "where": "big.warc:7", "reason": "document too large"}\n')
    page = build_page(out)
    assert page.totals.cleaned == len(support.EXTRA_DOCS)
    assert page.problem_count == 2
    assert page.totals.rejects[-1].id == "big.warc:7"
    html_text = write_report(out).read_text(encoding="utf-8")
    assert "2 unreadable line(s)" in html_text


def test_empty_run_and_missing_dir(tmp_path: Path) -> None:
    html_text = write_report(tmp_path).read_text(encoding="utf-8")
    assert "Nothing was removed." in html_text and "No rejects." in html_text
    with pytest.raises(FileNotFoundError):
        write_report(tmp_path / "nope")


def test_cli_report(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "custom.html"
    assert main(["report", str(run_dir), "--sample", "3", "--output", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert len(embedded_data(target.read_text(encoding="utf-8"))["docs"]) == 3
    assert main(["report", str(tmp_path / "missing")]) == 2
    with pytest.raises(SystemExit):
        main(["report", str(run_dir), "--sample", "-1"])


def test_parquet_shards_are_read(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow comes with cleaner[parquet]")
    import pyarrow as pa

    out = support.write_run(tmp_path, list(support.EXTRA_DOCS.items()))
    rows = [json.loads(line) for line in (out / "cleaned-00000.jsonl").read_text().splitlines()]
    (out / "cleaned-00000.jsonl").unlink()
    pq.write_table(pa.Table.from_pylist(rows), out / "cleaned-00000.parquet")
    page = build_page(out)
    assert page.totals.cleaned == len(support.EXTRA_DOCS)
    assert page.problem_count == 0
    assert {r.id for r in page.sample} == set(support.EXTRA_DOCS)
