"""cleaner clean: inputs, outputs, rejects with file:line, exit codes, config layering."""

from __future__ import annotations

import argparse
import errno

import pytest
from corpus_helpers import article, read_records, read_rejects, summary, write_jsonl

from cleaner import Category
from cleaner.cli import EXIT_CODES_HELP, build_parser, config_from_args, main
from cleaner.corpus import runner

FAST = ["--language-backend", "none", "--no-progress"]


def test_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes" in out and "3  finished, but some inputs were rejected" in out
    with pytest.raises(SystemExit):
        main(["clean", "--help"])
    assert EXIT_CODES_HELP in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["clean", "x.txt"],  # no --out
        ["clean", "x.txt", "--out", "o", "--workers", "0"],
        ["clean", "x.txt", "--out", "o", "--categories", "caption,nope"],
        ["clean", "x.txt", "--out", "o", "--engine", "dask"],  # no scheduler
        ["nope"],
    ],
)
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_clean_txt_folder_and_jsonl(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "b.txt").write_text("Skip to main content\n" + article(1))
    (docs / "sub" / "a.txt").write_text(article(2) + "Photo: Shutterstock.\n")
    (docs / "notes.md").write_text("not read: unknown suffix inside a folder")
    jsonl = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "x1", "text": article(3), "url": "https://ex.org/1", "tags": ["a"]}],
    )
    out = tmp_path / "out"
    code = main(["clean", str(docs), str(jsonl), "--out", str(out), *FAST])
    assert code == 0
    records = read_records(out)
    # folders recursive and sorted, then the next input
    assert [r["id"] for r in records] == [str(docs / "b.txt"), str(docs / "sub" / "a.txt"), "x1"]
    first = records[0]
    assert set(first) >= {"id", "text", "language", "fixes", "removed"}
    assert first["removed"][0] == {
        "category": "navigation",
        "start": 0,
        "end": 20,
        "rule": first["removed"][0]["rule"],
        "reason": first["removed"][0]["reason"],
        "text": "Skip to main content",
    }
    assert records[2]["url"] == "https://ex.org/1" and records[2]["tags"] == ["a"]
    assert read_rejects(out) == []
    s = summary(out)
    assert s["docs_in"] == 3 == s["cleaned"] + s["rejected"]
    assert s["docs_in_equals_cleaned_plus_rejected"] is True
    assert s["removed_count"]["navigation"] == 1 and s["removed_count"]["caption"] == 1
    table = capsys.readouterr().out
    assert "documents in" in table and "navigation" in table and "caption" in table


def test_bad_inputs_are_rejected_with_location_and_run_goes_on(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(
        b'{"id": "ok1", "text": "' + article(1).replace("\n", "\\n").encode() + b'"}\n'
        b"this is not json\n"
        b"[1, 2]\n"
        b'{"id": "num", "text": 42}\n'
        b'{"id": "none"}\n'
        b'{"id": "latin1", "text": "caf\xe9"}\n'
        b"\n"
        b'{"id": "ok2", "text": "Another fine line of article text that is kept here."}\n'
    )
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 au lait")
    out = tmp_path / "out"
    inputs = [bad, tmp_path / "empty.jsonl", tmp_path / "empty.txt", tmp_path / "latin1.txt"]
    argv = ["clean", *map(str, inputs), str(tmp_path / "missing.txt"), "--out", str(out), *FAST]
    assert main(argv) == 3
    assert [r["id"] for r in read_records(out)] == ["ok1", "ok2"]
    rejects = {r["where"]: r for r in read_rejects(out)}
    assert "not valid JSON" in rejects[f"{bad}:2"]["reason"]
    assert "not an object" in rejects[f"{bad}:3"]["reason"]
    assert "'text' is int" in rejects[f"{bad}:4"]["reason"]
    assert rejects[f"{bad}:4"]["id"] == "num"
    assert "'text' is missing" in rejects[f"{bad}:5"]["reason"]
    assert "UTF-8" in rejects[f"{bad}:6"]["reason"]
    assert "empty file" in rejects[str(tmp_path / "empty.jsonl")]["reason"]
    assert "empty file" in rejects[str(tmp_path / "empty.txt")]["reason"]
    assert "offset 3" in rejects[f"{tmp_path / 'latin1.txt'}@3"]["reason"]
    assert "not found" in rejects[str(tmp_path / "missing.txt")]["reason"]
    s = summary(out)
    assert (s["docs_in"], s["cleaned"], s["rejected"]) == (11, 2, 9)


def test_document_size_limit(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "big", "text": "x " * 100}])
    out = tmp_path / "out"
    argv = ["clean", str(tmp_path / "in.jsonl"), "--out", str(out), "--max-doc-chars", "50"]
    assert main([*argv, *FAST]) == 3
    (reject,) = read_rejects(out)
    assert reject["id"] == "big" and reject["reason"] == "document longer than the limit (50 chars)"


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["clean", "in", "--out", "o", *argv])


def test_config_file_layered_under_flags(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text('language_backend = "py3langid"\nshard_size = 7\ncategories = ["footer"]\n')
    settings, options = config_from_args(_args("--config", str(toml)))
    assert settings.language_backend == "py3langid" and options.shard_size == 7
    assert settings.categories == frozenset({Category.FOOTER})
    settings, options = config_from_args(
        _args("--config", str(toml), "--language-backend", "none", "--shard-size", "3")
    )
    assert settings.language_backend == "none" and options.shard_size == 3
    js = tmp_path / "c.json"
    js.write_text('{"format": "jsonl.gz", "repair_encoding": false}')
    settings, options = config_from_args(_args("--config", str(js)))
    assert options.format == "jsonl.gz" and settings.repair_encoding is False
    defaults, default_options = config_from_args(_args())
    assert defaults.repair_encoding is True and default_options.format == "jsonl"


def test_bad_config_is_usage_error(tmp_path):
    js = tmp_path / "c.json"
    js.write_text('{"no_such_key": 1}')
    with pytest.raises(SystemExit) as exc:
        main(["clean", "x", "--out", str(tmp_path / "o"), "--config", str(js)])
    assert exc.value.code == 2


def test_unwritable_output_is_fatal(tmp_path, capsys):
    (tmp_path / "file").write_text("a regular file")
    (tmp_path / "a.txt").write_text(article(1))
    code = main(["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "file" / "o"), *FAST])
    assert code == 1
    assert "cannot create output folder" in capsys.readouterr().err


def test_disk_full_is_fatal_then_resume_finishes(tmp_path, monkeypatch, capsys):
    write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": article(i)} for i in range(6)])
    out = tmp_path / "out"
    argv = ["clean", str(tmp_path / "in.jsonl"), "--out", str(out), "--shard-size", "2", *FAST]
    real = runner.write_atomic
    calls = {"shards": 0}

    def full_disk(path, data):
        if path.name.startswith("cleaned-"):
            calls["shards"] += 1
            if calls["shards"] == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(runner, "write_atomic", full_disk)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "rerun the same command to resume" in err
    assert (out / "cleaned-00000.jsonl").exists() and not (out / "cleaned-00001.jsonl").exists()
    assert not list(out.glob(".*tmp*"))
    monkeypatch.setattr(runner, "write_atomic", real)
    assert main(argv) == 0
    assert [r["id"] for r in read_records(out)] == [str(i) for i in range(6)]


def test_changed_job_is_refused_unless_overwrite(tmp_path, capsys):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": article(1)}])
    out = tmp_path / "out"
    base = ["clean", str(tmp_path / "in.jsonl"), "--out", str(out), "--no-progress"]
    assert main([*base, "--language-backend", "none"]) == 0
    assert main([*base, "--language-backend", "py3langid"]) == 2
    err = capsys.readouterr().err
    assert "holds a different job" in err and "language_backend" in err and "--overwrite" in err
    write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": article(1) + "More."}])
    assert main([*base, "--language-backend", "none"]) == 2
    assert "changed" in capsys.readouterr().err
    assert main([*base, "--language-backend", "py3langid", "--overwrite"]) == 0
    assert read_records(out)[0]["language"] == "en"


def test_each_reject_is_named_on_stderr(tmp_path, capsys):
    from cleaner.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Fine text here."}\nnot json\n', encoding="utf-8")
    code = main(["clean", str(bad), "--out", str(tmp_path / "out"), "--no-progress", "--quiet"])
    assert code == 3
    assert f"rejected {bad}:2: line is not valid JSON" in capsys.readouterr().err
