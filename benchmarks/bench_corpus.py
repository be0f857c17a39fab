"""Corpus benchmark: throughput for 1 vs 2 workers, and peak memory, on a generated corpus.

    python benchmarks/bench_corpus.py --mb 40            # scaling + RSS, ~2 minutes
    python benchmarks/bench_corpus.py --mb 2000 --workers 2 --skip-scaling   # memory flatness

The corpus is generated (deterministic seed) as JSONL: multi-site pages with a
nav line, captions, a repeated site footer and article paragraphs. Each run is
``cleaner clean`` in a subprocess; RSS is the peak of the sum over the whole
process tree (main process + pool workers), sampled from /proc.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

SEED = 20240501
SITES = 50
RSS_SAMPLE_S = 0.2
LOG_EVERY_S = 60.0  # a progress line with the memory so far, for long (GB) runs
WORDS = tuple(
    " ".join(
        (
            "the council said on monday that new budget would fund schools roads and parks",
            "after long debate members of public asked questions about costs while officials",
            "promised report next month city region government plan year people water energy",
            "die stadt hat am montag einen neuen haushalt beschlossen nach langer debatte",
            "la ville a adopté lundi un nouveau budget après un long débat",
        )
    ).split(" ")
)
BOILER = (
    "Skip to main content",
    "Photo: Staff photographer / Agency",
    "SEE ALSO: More stories like this one",
    "Follow us on Facebook, Twitter and Instagram",
    "© 2024 Example Media. All rights reserved.",
)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def _doc(rng: random.Random, i: int) -> dict:
    site = f"site{rng.randrange(SITES)}.example"
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(4, 12))
    ]
    lines = [BOILER[0], f"{site} – news you can trust", *paragraphs]
    lines.insert(3, BOILER[1])
    lines += [BOILER[2], BOILER[3], f"Get {site} headlines in your inbox", BOILER[4]]
    return {"id": f"d{i}", "url": f"https://{site}/a/{i}", "text": "\n".join(lines)}


def generate(path: Path, megabytes: float) -> int:
    rng = random.Random(SEED)
    target = int(megabytes * 1024 * 1024)
    written = n = 0
    with open(path, "wb") as fh:
        while written < target:
            line = orjson.dumps(_doc(rng, n)) + b"\n"
            fh.write(line)
            written += len(line)
            n += 1
    return n


def _pss(pid: int) -> int:
    """Proportional set size (bytes): shared pages split between sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_memory(root: int) -> tuple[int, int]:
    """Sums of RSS and of PSS (bytes) over ``root`` and all its descendants.

    Forked workers share their parent's pages, so the RSS sum counts those
    pages once per process; the PSS sum is the memory really used.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in tree), sum(_pss(pid) for pid in tree)


def _own_cpu(pid: int) -> float:
    """CPU seconds of one live process (user + system), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every reaped descendant
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Measure:
    wall: float  # seconds
    cpu: float  # CPU seconds of the whole process tree
    main_cpu: float  # CPU seconds of the main process alone (reading, shipping, writing)
    rss: int  # peak RSS sum over the tree, bytes
    pss: int  # peak PSS sum over the tree, bytes


def _log_progress(out: Path, elapsed: float, rss: int, pss: int, peak_rss: int, peak_pss: int):
    """How far the run is (pass, finished shards) and its memory now and so far."""
    parts = len(list((out / ".parts").glob("shard-*.json"))) if (out / ".parts").is_dir() else 0
    phase = "cleaning" if (out / "boilerplate.json").exists() else "counting"
    mb = 2**20
    print(
        f"  {elapsed:7.0f} s  {phase:<8} shards done {parts:6d}  RSS {rss / mb:6.0f} MB "
        f"PSS {pss / mb:6.0f} MB  (peak RSS {peak_rss / mb:6.0f} MB, PSS {peak_pss / mb:6.0f} MB)",
        flush=True,
    )


def run(corpus: Path, out: Path, workers: int, extra: list[str]) -> Measure:
    """Wall and CPU time and peak memory of one ``cleaner clean`` run."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable, "-m", "cleaner.cli", "clean", str(corpus), "--out", str(out),
        "--workers", str(workers), "--no-progress", "--quiet", *extra,
    ]  # fmt: skip
    cpu = _cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak_rss = peak_pss = 0
    main_cpu = 0.0
    next_log = start + LOG_EVERY_S
    while proc.poll() is None:
        rss, pss = _tree_memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        main_cpu = max(main_cpu, _own_cpu(proc.pid))
        if time.perf_counter() >= next_log:
            next_log += LOG_EVERY_S
            _log_progress(out, time.perf_counter() - start, rss, pss, peak_rss, peak_pss)
        time.sleep(RSS_SAMPLE_S)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"cleaner failed with exit code {proc.returncode}")
    return Measure(elapsed, _cpu_seconds() - cpu, main_cpu, peak_rss, peak_pss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=40, help="corpus size in MB")
    parser.add_argument("--workers", type=int, default=2, help="workers for the scaled run")
    parser.add_argument("--shard-size", type=int, default=None, help="default: cleaner's")
    parser.add_argument("--language-backend", default="langdetect_rs", help="default: the default")
    parser.add_argument("--skip-scaling", action="store_true", help="only the --workers run")
    parser.add_argument("--tmp", default=None, help="folder for corpus and outputs")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress lines reach a log file at once
    tmp = Path(args.tmp or tempfile.mkdtemp(prefix="bench-corpus-"))
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = tmp / "corpus.jsonl"
    t0 = time.perf_counter()
    docs = generate(corpus, args.mb)
    size = corpus.stat().st_size
    took = time.perf_counter() - t0
    print(f"corpus: {docs:,} docs, {size / 2**20:,.1f} MB (generated in {took:.1f} s)")
    extra = ["--language-backend", args.language_backend]
    if args.shard_size:
        extra += ["--shard-size", str(args.shard_size)]
    counts = [args.workers] if args.skip_scaling else [1, args.workers]
    results = {}
    for workers in counts:
        m = run(corpus, tmp / f"out-{workers}", workers, extra)
        results[workers] = m
        print(
            f"workers={workers}: {m.wall:7.1f} s wall  {m.cpu:7.1f} s CPU "
            f"(main process {m.main_cpu:.1f} s)  {docs / m.wall:8.1f} docs/s  "
            f"{size / 2**20 / m.wall:6.2f} MB/s  peak memory of the process tree: "
            f"RSS sum {m.rss / 2**20:,.0f} MB, PSS sum {m.pss / 2**20:,.0f} MB"
        )
    print(f"load average during the runs: {os.getloadavg()[0]:.2f} (other jobs skew wall time)")
    if len(results) == 2:
        one, many = results[1], results[args.workers]
        print(f"speedup {args.workers} vs 1 worker (wall): {one.wall / many.wall:.2f}x")
        print(f"parallel CPU overhead: {many.cpu / one.cpu:.2f}x the CPU of 1 worker")
        # On idle cores the run takes about its busiest core's CPU time.
        busiest = max(many.main_cpu, many.cpu / args.workers)
        print(f"speedup bound from CPU accounting (idle cores): {one.cpu / busiest:.2f}x")
        same = all(
            (tmp / "out-1" / p.name).read_bytes() == p.read_bytes()
            for p in sorted((tmp / f"out-{args.workers}").glob("cleaned-*"))
        )
        print(f"outputs byte-identical: {same}")
    if not args.tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
