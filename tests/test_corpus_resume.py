"""Shards, atomic files, kill -9 then resume, workers, output formats."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from corpus_helpers import corpus_jsonl, output_bytes, read_records, summary

from cleaner.corpus import RunOptions, run_corpus
from cleaner.corpus.runner import TEST_DELAY_ENV
from cleaner.settings import Settings

FAST = Settings(language_backend="none")
KILL_TIMEOUT_S = 60


def _options(**kw) -> RunOptions:
    return RunOptions(progress=False, **{"shard_size": 4, **kw})


def test_shards_and_counts(tmp_path):
    src = corpus_jsonl(tmp_path / "in.jsonl", 10)
    run = run_corpus([str(src)], tmp_path / "out", FAST, _options())
    assert run.shards == ("cleaned-00000.jsonl", "cleaned-00001.jsonl", "cleaned-00002.jsonl")
    sizes = [len((tmp_path / "out" / s).read_bytes().splitlines()) for s in run.shards]
    assert sizes == [4, 4, 2]
    assert [r["id"] for r in read_records(tmp_path / "out")] == [f"doc-{i}" for i in range(10)]
    assert run.exit_code == 0 and run.stats.docs_in == 10 == run.stats.cleaned


# The CLI with each shard cut into one-document chunks (CLEAN_CHUNK_BYTES is not a flag).
_CHUNKED_CLI = (
    "import sys; import cleaner.corpus.runner as r; r.CLEAN_CHUNK_BYTES = 1; "
    "from cleaner.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _cli(src: Path, out: Path, *extra: str, chunked: bool = False) -> list[str]:
    program = ["-c", _CHUNKED_CLI] if chunked else ["-m", "cleaner.cli"]
    return [
        sys.executable, *program, "clean", str(src), "--out", str(out),
        "--shard-size", "3", "--language-backend", "none", "--no-progress", *extra,
    ]  # fmt: skip


@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_mid_run_then_resume_is_identical(tmp_path, workers):
    # With 2 workers, each shard goes out as one-document chunks: a kill lands while
    # a shard is partly cleaned, and the resumed run must redo all of it.
    src = corpus_jsonl(tmp_path / "in.jsonl", 30)
    reference = tmp_path / "ref"
    subprocess.run(_cli(src, reference), check=True, capture_output=True)

    out = tmp_path / "out"
    env = {**os.environ, TEST_DELAY_ENV: "0.4"}
    cli = _cli(src, out, "--workers", str(workers), chunked=workers > 1)
    proc = subprocess.Popen(cli, env=env, stdout=subprocess.DEVNULL)
    parts = out / ".parts"
    deadline = time.monotonic() + KILL_TIMEOUT_S
    while time.monotonic() < deadline and len(list(parts.glob("shard-*.json"))) < 2:
        time.sleep(0.05)
    workers_left = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = sorted(p.name for p in parts.glob("shard-*.json"))
    assert 2 <= len(finished) < 10, "the run should be killed mid-way"
    assert not (out / "summary.json").exists()
    shards = sorted(out.glob("cleaned-*.jsonl"))
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in shards}

    done = subprocess.run(cli, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name in finished:
        shard = out / f"cleaned-{name[len('shard-') : -len('.json')]}.jsonl"
        st = shard.stat()
        assert (st.st_ino, st.st_mtime_ns) == before[shard.name], "finished shard rewritten"
    assert output_bytes(out) == output_bytes(reference)
    ids = [r["id"] for r in read_records(out)]
    assert ids == [f"doc-{i}" for i in range(30)]  # no loss, no duplicate
    assert "resumed" in done.stdout
    assert not list(out.glob(".*tmp*")) and not list(parts.glob(".*tmp*"))
    # The killed run's pool workers do not outlive it (they would wait for tasks forever).
    assert len(workers_left) == (2 if workers > 1 else 0)
    deadline = time.monotonic() + KILL_TIMEOUT_S
    while time.monotonic() < deadline and any(_running(pid) for pid in workers_left):
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers_left)


def _children(pid: int) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init to reap it)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_unfinished_temporaries_are_ignored_and_removed(tmp_path):
    src = corpus_jsonl(tmp_path / "in.jsonl", 8)
    out = tmp_path / "out"
    run_corpus([str(src)], out, FAST, _options())
    reference = output_bytes(out)
    # Simulate a kill after shard 1 was written aside but before its rename and record.
    (out / ".parts" / "shard-00001.json").unlink()
    (out / "cleaned-00001.jsonl").rename(out / ".cleaned-00001.jsonl.tmp-999")
    (out / "summary.json").unlink()
    run = run_corpus([str(src)], out, FAST, _options())
    assert run.resumed_shards == 1
    assert output_bytes(out) == reference
    assert not list(out.glob(".*tmp*"))


def test_workers_give_identical_output(tmp_path):
    src = corpus_jsonl(tmp_path / "in.jsonl", 24)
    one = run_corpus([str(src)], tmp_path / "one", FAST, _options(workers=1))
    two = run_corpus([str(src)], tmp_path / "two", FAST, _options(workers=2))
    assert one.stats == two.stats
    assert output_bytes(tmp_path / "one") == output_bytes(tmp_path / "two")


@pytest.mark.parametrize("fmt", ["jsonl.gz", "parquet"])
def test_output_formats_hold_the_same_records(tmp_path, fmt):
    src = corpus_jsonl(tmp_path / "in.jsonl", 6)
    run_corpus([str(src)], tmp_path / "plain", FAST, _options())
    run = run_corpus([str(src)], tmp_path / fmt, FAST, _options(format=fmt))
    assert all(name.endswith(fmt) for name in run.shards)
    expected = read_records(tmp_path / "plain")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        got = []
        for name in run.shards:
            got += pq.read_table(tmp_path / fmt / name).to_pylist()
    else:
        got = read_records(tmp_path / fmt)
    assert [orjson.loads(orjson.dumps(r)) for r in got] == expected
    again = tmp_path / f"{fmt}-again"
    run_corpus([str(src)], again, FAST, _options(format=fmt))
    assert output_bytes(again) == output_bytes(tmp_path / fmt)  # deterministic bytes
    assert summary(again)["docs_in"] == 6
