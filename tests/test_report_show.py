"""``cleaner show``: one document in the terminal, removed spans marked by category."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.cli import main
from cleaner.report.load import Record, Span, find_by_id
from cleaner.show import record_from_result, render_record, safe, show

_spec = importlib.util.spec_from_file_location(
    "report_support", Path(__file__).with_name("report_support.py")
)
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)

TEXT = (
    "Skip to main content\n"
    "The council approved the new budget on Monday, after a long debate in the hall.\n"
    "Photo: Shutterstock.\n"
)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return support.write_demo_run(tmp_path_factory.mktemp("run"))


def test_spans_are_marked_and_listed_without_colour() -> None:
    result = clean(TEXT)
    out = render_record(record_from_result("doc", result))
    assert "\x1b" not in out
    for number, removal in enumerate(result.removed, 1):
        assert f"[{removal.category}#{number}: {removal.text}]" in out
        assert f"#{number} {removal.category}" in out
        assert removal.reason in out
    assert result.text.splitlines()[0] in out


def test_colour_uses_ansi_codes() -> None:
    out = render_record(record_from_result("doc", clean(TEXT)), color=True)
    assert "\x1b[" in out and out.count("\x1b[0m") >= 2


def test_terminal_escapes_in_documents_are_neutralised() -> None:
    # Built by hand: encoding repair would already strip some of these from a source.
    source = "Menu\x1b]0;t\x07\nA paragraph \x1b[2J with \u202eevil.\n"
    menu = Span("navigation", 0, 10, "r", "menu \x1b[5m", source[:10])
    record = Record("\x1b[31mid", "A paragraph", source, "en", (), (menu,))
    out = render_record(record, color=True)
    # The only escapes are ours (SGR "...m"), never the document's.
    assert "\x1b[2J" not in out and "\x1b]0" not in out and "\x07" not in out
    assert "\x1b[31mid" not in out and "\x1b[5m" not in out
    assert "\u202e" not in out and "\\u202e" in out and "\\u001b[2J" in out
    assert safe("a\tb\nc") == "a\tb\nc"


def test_show_a_file_cleans_it(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = show(path)
    assert out.startswith("page.txt")
    assert "[navigation#1: Skip to main content]" in out


def test_show_an_id_from_a_run(run_dir: Path) -> None:
    out = show("de-article", run_dir)
    assert out.startswith("de-article · de")
    assert "[navigation#1:" in out
    assert show("tiny", run_dir) == "tiny: rejected (no main text left)"
    with pytest.raises(LookupError, match="no document"):
        show("no-such-id", run_dir)
    with pytest.raises(LookupError, match="no output directory"):
        show("no-such-id", run_dir / "missing")


def test_show_a_record_without_source(run_dir: Path) -> None:
    out = show("mojibake", run_dir)
    assert "no source in this record" in out
    assert "#1 share" in out and "#2 footer" in out


def test_show_shard_line(run_dir: Path) -> None:
    shard = run_dir / "cleaned-00000.jsonl"
    second = json.loads(shard.read_text(encoding="utf-8").splitlines()[1])
    assert show(f"{shard}:2").startswith(safe(second["id"]))
    with pytest.raises(LookupError, match="line 99"):
        show(f"{shard}:99")


def test_cli_show(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "de-article", "--out", str(run_dir), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "[navigation#1:" in out and "\x1b" not in out
    assert main(["show", "no-such-id", "--out", str(run_dir)]) == 1
    assert "no document" in capsys.readouterr().err


def test_ids_are_found_however_json_spells_them(run_dir: Path, tmp_path: Path) -> None:
    assert show(support.HOSTILE_ID, run_dir).startswith(safe(support.HOSTILE_ID))
    shard = tmp_path / "cleaned-00000.jsonl"
    shard.write_text(
        '{"id": "caf\\u00e9/x", "text": "ascii-escaped"}\n'
        '{"id": "a\\/b", "text": "slash-escaped"}\n',
        encoding="utf-8",
    )
    assert find_by_id(tmp_path, "café/x").text == "ascii-escaped"
    assert find_by_id(tmp_path, "a/b").text == "slash-escaped"
    assert find_by_id(tmp_path, "missing") is None
