"""Corpus benchmark: throughput for 1 vs 2 workers, and peak memory, on a generated corpus.

    python benchmarks/bench_corpus.py --mb 40     # scaling + memory, a few minutes
    python benchmarks/bench_corpus.py --mb 5000 --skip-scaling --repeat 1   # 5 GB memory, 1+ h

(``make bench BENCH_CORPUS_MB=5000 BENCH_CORPUS_ARGS="--skip-scaling --repeat 1"``.)

The corpus is generated (deterministic seed) as JSONL: multi-site pages with a
nav line, captions, a repeated site footer and article paragraphs. Each run is
``cleaner clean`` in a subprocess, sampled from /proc every 0.5 s (0.02 s until
its first worker starts; the sampling's own CPU cost is printed, as it competes
with the run for the cores):

* memory: the peak of the RSS sum and of the PSS sum (read every 1 s) over the
  whole process tree (main process + pool workers). Forked workers share pages with the main
  process, which the RSS sum counts once per process; PSS splits shared pages
  between sharers, so the PSS sum is the memory really used. Flatness in corpus
  size is shown by the peaks reached by 25/50/75/100% of the shards.
* time, three ways, because the machine is shared: wall-clock speedup;
  contention-corrected speedup (each run's wall time minus the time its working
  processes waited in the run queue for a CPU, from /proc/PID/schedstat); and
  CPU-normalised speedup (1-worker CPU time over the N-worker run's serial CPU,
  used by the main process while no worker ran, plus the rest of its CPU shared
  out over N cores: the speedup on otherwise idle cores if no worker idles).
  The headline is the wall-clock figure, next to the issue's 1.8x target; it is
  meaningful only on an otherwise idle machine, which the report says.
  Worker utilisation (CPU / (lifetime - run-queue wait)) shows idle workers.
  Runs alternate (1, N, N, 1 with ``--repeat 2``) and the best of each is kept;
  load average and CPU pressure are printed before and after each run, with a
  warning when other load makes the wall-clock figure meaningless.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

SEED = 20240501
SITES = 50
RSS_SAMPLE_S = 0.5  # a sample costs the measured run CPU: memory is flat, 0.5 s is enough
PSS_SAMPLE_S = 1.0  # PSS (smaps_rollup) is the costly read: memory changes slowly anyway
LOG_EVERY_S = 60.0  # a progress line with the memory so far, for long (GB) runs
# A 1-minute load average above this, besides the benchmark's own processes, means
# other jobs compete for the cores: the wall-clock speedup says little then.
OTHER_LOAD_WARN = 0.5
# Likewise other processes' CPU during a run (from /proc/stat), in cores on average.
OTHER_CPU_WARN = 0.1
WORKER_MIN_CPU = 0.05  # seconds: a child with less CPU did no work (not a pool worker)
POOL_START_S = 0.5  # children started within this time of each other belong to one pool
FAST_SAMPLE_S = 0.02  # sampling period until the first worker starts: the serial start-up
TARGET_SPEEDUP = 1.8  # issue 5: 1 -> 2 workers on this 2-core machine
MEMORY_QUARTERS = (0.25, 0.5, 0.75, 1.0)
POOL_CHECK_DOCS = 1500  # documents for the pool-overhead check (a few CPU seconds)
POOL_CHECK_REPEAT = 2
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")
MB = 2**20
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


def _run_delay(pid: int) -> float:
    """Seconds ``pid`` spent runnable but waiting for a CPU (0 without schedstats)."""
    try:
        with open(f"/proc/{pid}/schedstat") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


STAT_STARTTIME = 19  # index of starttime (clock ticks after boot) in the fields after ")"


def _uptime() -> float:
    with open("/proc/uptime") as fh:
        return float(fh.read().split()[0])


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _stat_tree(root: int) -> dict[int, list[str]]:
    """``/proc/PID/stat`` fields of ``root`` and its descendants, found through each
    process's ``children`` list (reading every process's stat costs the runs we measure
    a share of the cores they share with us)."""
    out: dict[int, list[str]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        fields = _stat(pid)
        if fields is None:
            continue
        out[pid] = fields
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                todo += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return out


@dataclass
class Proc:
    """What was last seen of one process of the tree."""

    ppid: int
    first: float
    last: float = 0.0
    cpu: float = 0.0
    delay: float = 0.0


@dataclass
class Tree:
    """Samples a process tree: per-process CPU and run-queue wait, summed memory."""

    root: int
    procs: dict[int, Proc] = field(default_factory=dict)
    root_delays: list[tuple[float, float]] = field(default_factory=list)  # (time, wait so far)
    # (main process CPU, CPU of every other process of the tree) at each sample
    cpu_samples: list[tuple[float, float]] = field(default_factory=list)

    def sample(self, now: float, with_pss: bool = True) -> tuple[int, int]:
        """Record every process of the tree; return its (RSS sum, PSS sum) in bytes
        (PSS 0 unless ``with_pss``: reading it is the costly part of a sample)."""
        rss = pss = 0
        uptime = _uptime()
        for pid, fields in _stat_tree(self.root).items():
            if pid not in self.procs:  # it started before this sample: when, from its stat
                age = max(uptime - int(fields[STAT_STARTTIME]) / TICK, 0.0)
                self.procs[pid] = Proc(int(fields[1]), max(now - age, 0.0))
            proc = self.procs[pid]
            proc.last = now
            proc.cpu = (int(fields[11]) + int(fields[12])) / TICK
            proc.delay = max(proc.delay, _run_delay(pid))
            if pid == self.root:
                self.root_delays.append((now, proc.delay))
            rss += int(fields[21]) * PAGE
            pss += _pss(pid) if with_pss else 0
        others = sum(p.cpu for pid, p in self.procs.items() if pid != self.root)
        self.cpu_samples.append((self.procs[self.root].cpu, others))
        return rss, pss

    def pools(self) -> list[list[Proc]]:
        """The pool workers, grouped by pool (a pool forks its workers together; the
        cleaner forks one pool per pass)."""
        children = sorted(
            (p for p in self.procs.values() if p.ppid == self.root and p.cpu >= WORKER_MIN_CPU),
            key=lambda p: p.first,
        )
        pools: list[list[Proc]] = []
        for child in children:
            if pools and child.first - pools[-1][0].first <= POOL_START_S:
                pools[-1].append(child)
            else:
                pools.append([child])
        return pools

    def workers(self) -> list[Proc]:
        """The processes that did the cleaning: the pool workers, else the main process."""
        return [w for pool in self.pools() for w in pool] or [self.procs[self.root]]

    def _root_delay_at(self, when: float) -> float:
        return max((d for t, d in self.root_delays if t <= when), default=0.0)

    def critical_wait(self) -> float:
        """Run-queue wait on the run's critical path: the main process's while no pool
        runs (start-up, between passes, the end), plus each pool's mean worker wait."""
        wait = self.procs[self.root].delay
        for pool in self.pools():
            first, last = min(w.first for w in pool), max(w.last for w in pool)
            wait -= self._root_delay_at(last) - self._root_delay_at(first)
            wait += sum(w.delay for w in pool) / len(pool)
        return wait

    def serial_cpu(self) -> float:
        """CPU the main process used while no other process of the tree ran (start-up,
        between passes, the end): on idle cores this time is not shared out."""
        serial = 0.0
        last_root = last_others = 0.0
        for root, others in self.cpu_samples:
            if others == last_others:
                serial += root - last_root
            last_root, last_others = root, others
        return serial


def _machine_busy() -> float:
    """CPU seconds every process of the machine has used since boot (/proc/stat)."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle, iowait = fields[3], fields[4]
    return (sum(fields[:8]) - idle - iowait) / TICK


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # every reaped descendant
    return usage.ru_utime + usage.ru_stime


def _pressure() -> str:
    """CPU pressure (share of time some task waited for a CPU), if the kernel has PSI."""
    try:
        with open("/proc/pressure/cpu") as fh:
            some = fh.readline().split()
    except OSError:
        return "n/a"
    values = dict(x.split("=") for x in some[1:])
    return f"{values.get('avg10', '?')}%"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} (1/5 min), CPU pressure {_pressure()}"


@dataclass(frozen=True)
class Measure:
    workers: int
    wall: float  # seconds
    cpu: float  # CPU seconds of the whole process tree
    main_cpu: float  # CPU seconds of the main process alone (reading, shipping, writing)
    serial_cpu: float  # main process CPU while no worker ran (start-up, pass change, end)
    sampler_cpu: float  # CPU this benchmark used sampling /proc during the run
    wait: float  # run-queue wait on the critical path (main, then workers), seconds
    utilisation: tuple[float, ...]  # per worker: CPU / (lifetime - run-queue wait)
    rss: int  # peak RSS sum over the tree, bytes
    pss: int  # peak PSS sum over the tree, bytes
    memory: tuple[tuple[str, int, int], ...]  # (phase, peak RSS, peak PSS) by progress
    load_before: float
    load_after: float
    other_cores: float  # CPU other processes used during the run, in cores on average

    @property
    def corrected(self) -> float:
        """Wall time without the run-queue wait: what idle cores would have taken."""
        return self.wall - self.wait


def _bytes_read(pid: int) -> int:
    """Bytes the process has read so far (rchar, which counts kernel-side copies too)."""
    try:
        with open(f"/proc/{pid}/io") as fh:
            for line in fh:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class ExitWait:
    """Waits for ``proc`` to exit: a call returns the moment it exits, or after ``timeout``.

    The run's wall time is taken when a call returns: a plain sleep between samples
    would add up to a sampling period (0.5 s) to it, at random, and a larger share to
    the shorter run (the N-worker one), skewing the speedup.
    """

    def __init__(self, proc: subprocess.Popen) -> None:
        self._proc = proc
        try:
            self._pidfd: int | None = os.pidfd_open(proc.pid)  # readable once it exited
        except (AttributeError, OSError):  # not Linux 5.3+
            self._pidfd = None

    def __call__(self, timeout: float) -> None:
        if self._pidfd is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout)  # polls, every 50 ms at most
        elif select.select([self._pidfd], [], [], timeout)[0]:
            self._proc.wait()

    def close(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None


def _shards_done(out: Path) -> int:
    parts = out / ".parts"
    return len(list(parts.glob("shard-*.json"))) if parts.is_dir() else 0


def _memory_by_progress(samples: list[tuple[str, float, int, int]]) -> tuple:
    """Peak RSS/PSS by 25/50/75/100% of pass 1 (counting: share of the input read) and
    of pass 2 (cleaning: share of the shards written)."""
    rows = []
    for phase in ("counting", "cleaning"):
        seen = [(done, r, p) for ph, done, r, p in samples if ph == phase]
        total = max((done for done, _, _ in seen), default=0)
        for quarter in MEMORY_QUARTERS:
            upto = [(r, p) for done, r, p in seen if done <= quarter * total]
            if upto and total:
                rss, pss = max(r for r, _ in upto), max(p for _, p in upto)
                rows.append((f"{phase} {quarter:.0%}", rss, pss))
    return tuple(rows)


def run(corpus: Path, out: Path, workers: int, extra: list[str]) -> Measure:
    """Wall and CPU time, run-queue wait and peak memory of one ``cleaner clean`` run."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable, "-m", "cleaner.cli", "clean", str(corpus), "--out", str(out),
        "--workers", str(workers), "--no-progress", "--quiet", *extra,
    ]  # fmt: skip
    load_before = os.getloadavg()[0]
    machine_busy = _machine_busy()
    print(f"  workers={workers} starting: {_load()}")
    cpu = _cpu_seconds()
    own_cpu = time.process_time()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    wait = ExitWait(proc)
    tree = Tree(proc.pid)
    peak_rss = peak_pss = 0
    samples: list[tuple[str, float, int, int]] = []
    size = corpus.stat().st_size
    next_log = start + LOG_EVERY_S
    next_pss = start
    last_pss = 0
    while proc.poll() is None:
        now = time.perf_counter()
        with_pss = now >= next_pss
        if with_pss:
            next_pss = now + PSS_SAMPLE_S
        rss, pss = tree.sample(now - start, with_pss)
        last_pss = pss if with_pss else last_pss
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        phase = "cleaning" if (out / "boilerplate.json").exists() else "counting"
        shards = _shards_done(out)
        # Pass 1's progress: the main process reads the input once. (Pass 2's is the shards
        # done: with a pool, the main process also reads the chunk files workers wrote.)
        read = min(_bytes_read(proc.pid) / size, 1.0)
        samples.append((phase, shards if phase == "cleaning" else read, rss, pss))
        if now >= next_log:
            next_log += LOG_EVERY_S
            done = f"shards done {shards:6d}" if phase == "cleaning" else f"read {read:4.0%}"
            print(
                f"  {now - start:7.0f} s  {phase:<8} {done}  "
                f"RSS {rss / MB:6.0f} MB  PSS {last_pss / MB:6.0f} MB  (peak RSS "
                f"{peak_rss / MB:6.0f} MB, PSS {peak_pss / MB:6.0f} MB)  {_load()}"
            )
        started = any(p.ppid == proc.pid for p in tree.procs.values())
        wait(RSS_SAMPLE_S if started or workers == 1 else FAST_SAMPLE_S)
    elapsed = time.perf_counter() - start
    wait.close()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"cleaner failed with exit code {proc.returncode}")
    working = tree.workers()
    utilisation = tuple(w.cpu / max(w.last - w.first - w.delay, 1e-9) for w in working)
    return Measure(
        workers=workers,
        wall=elapsed,
        cpu=_cpu_seconds() - cpu,
        main_cpu=tree.procs[proc.pid].cpu,
        serial_cpu=tree.serial_cpu(),
        sampler_cpu=time.process_time() - own_cpu,
        wait=tree.critical_wait(),
        utilisation=utilisation,
        rss=peak_rss,
        pss=peak_pss,
        memory=_memory_by_progress(samples),
        load_before=load_before,
        load_after=os.getloadavg()[0],
        other_cores=max(
            _machine_busy()
            - machine_busy
            - (_cpu_seconds() - cpu)
            - (time.process_time() - own_cpu),
            0.0,
        )
        / elapsed,
    )


def _report(m: Measure, docs: int, size: int) -> None:
    util = ", ".join(f"{u:.0%}" for u in m.utilisation)
    print(
        f"workers={m.workers}: {m.wall:7.1f} s wall ({m.corrected:.1f} s without run-queue "
        f"wait)  {m.cpu:7.1f} s CPU (main process {m.main_cpu:.2f} s, of it "
        f"{m.serial_cpu:.2f} s while no worker ran)  "
        f"{docs / m.wall:8.1f} docs/s  {size / MB / m.wall:6.2f} MB/s  utilisation {util}  "
        f"(sampling cost this benchmark {m.sampler_cpu:.2f} s CPU; other processes used "
        f"{m.other_cores:.2f} cores)"
    )
    print(
        f"  peak memory of the process tree: RSS sum {m.rss / MB:,.0f} MB, "
        f"PSS sum {m.pss / MB:,.0f} MB; by progress: "
        + ", ".join(f"{name} {r / MB:,.0f}/{p / MB:,.0f}" for name, r, p in m.memory)
        + " MB (RSS/PSS)"
    )


def pool_overhead(corpus: Path, docs: int = POOL_CHECK_DOCS) -> tuple[float, float]:
    """CPU of one forked pool worker over inline CPU on the same chunks, run one after
    the other (so no two of ours share the cores), and pickling's share of the work.

    This is the cost the pool itself adds (fork, pickling, a round trip per chunk);
    what the N-worker run costs beyond it comes from running side by side.
    """
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    from cleaner import Settings
    from cleaner.corpus.engines import warm_up
    from cleaner.corpus.readers import ReadOptions, expand_inputs, read_inputs
    from cleaner.corpus.runner import CLEAN_CHUNK_BYTES, cut
    from cleaner.corpus.worker import JobSpec, ShardTask, process_shard

    items = []
    for item in read_inputs(expand_inputs([str(corpus)]), ReadOptions()):
        items.append(item)
        if len(items) >= docs:
            break
    spec = JobSpec(Settings())
    tasks = [ShardTask(0, tuple(c), final=False) for c in cut(items, CLEAN_CHUNK_BYTES)]
    warm_up(spec)

    def own() -> float:
        return time.process_time()

    inline, forked = [], []
    for _ in range(POOL_CHECK_REPEAT):  # alternating, best of each: CPU time is noisy here
        start = own()
        outputs = [process_shard(spec, t) for t in tasks]
        inline.append(own() - start)
        before = _cpu_seconds()
        with ProcessPoolExecutor(1) as pool:
            list(pool.map(process_shard, [spec] * len(tasks), tasks))
        forked.append(_cpu_seconds() - before)
    start = own()
    for task, output in zip(tasks, outputs, strict=True):
        pickle.loads(pickle.dumps((spec, task)))
        pickle.loads(pickle.dumps(output))
    pickling = own() - start
    return min(forked) / min(inline), pickling / min(inline)


def _best(runs: list[Measure]) -> Measure:
    return min(runs, key=lambda m: m.corrected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=40, help="corpus size in MB")
    parser.add_argument("--workers", type=int, default=2, help="workers for the scaled run")
    parser.add_argument("--shard-size", type=int, default=None, help="default: cleaner's")
    parser.add_argument("--language-backend", default="langdetect_rs", help="default: the default")
    parser.add_argument("--skip-scaling", action="store_true", help="only the --workers run")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (alternating)")
    parser.add_argument("--tmp", default=None, help="folder for corpus and outputs (kept)")
    parser.add_argument("--reuse", action="store_true", help="reuse TMP/corpus.jsonl if there")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress lines reach a log file at once
    tmp = Path(args.tmp or tempfile.mkdtemp(prefix="bench-corpus-"))
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = tmp / "corpus.jsonl"
    t0 = time.perf_counter()
    if args.reuse and corpus.exists():
        with open(corpus, "rb") as fh:
            docs = sum(1 for _ in fh)
    else:
        docs = generate(corpus, args.mb)
    size = corpus.stat().st_size
    took = time.perf_counter() - t0
    print(f"corpus: {docs:,} docs, {size / MB:,.1f} MB (ready in {took:.1f} s)")
    extra = ["--language-backend", args.language_backend]
    if args.shard_size:
        extra += ["--shard-size", str(args.shard_size)]
    order = [args.workers] if args.skip_scaling else [1, args.workers]
    schedule: list[int] = []
    for n in range(args.repeat):
        schedule += order if n % 2 == 0 else order[::-1]  # ABBA: drift in load cancels
    results: dict[int, list[Measure]] = {}
    for workers in schedule:
        m = run(corpus, tmp / f"out-{workers}", workers, extra)
        results.setdefault(workers, []).append(m)
        _report(m, docs, size)
    loads = [x for ms in results.values() for m in ms for x in (m.load_before, m.load_after)]
    busy = max(loads) - args.workers  # our own runnable processes count in the load
    others = max(m.other_cores for ms in results.values() for m in ms)
    print(
        f"load average around the runs: {min(loads):.2f} to {max(loads):.2f}; "
        f"other processes used up to {others:.2f} cores during a run"
    )
    busy_machine = busy > OTHER_LOAD_WARN or others > OTHER_CPU_WARN
    if busy_machine:
        print(
            f"WARNING: other jobs used this machine's {os.cpu_count()} cores during the runs: "
            "the wall-clock speedup is not meaningful; see the contention-corrected and "
            "CPU-normalised figures."
        )
    if len(results) == 2:
        one, many = _best(results[1]), _best(results[args.workers])
        n = args.workers
        idle = not busy_machine
        print(f"best of {args.repeat} (by corrected wall time):")
        print(
            f"SCALING 1 -> {n} workers, wall clock: {one.wall / many.wall:.2f}x  "
            f"(target >= {TARGET_SPEEDUP:.2f}x; "
            + ("machine idle: this is the figure)" if idle else "machine busy: not meaningful)")
        )
        print(f"  without run-queue wait:                {one.corrected / many.corrected:.2f}x")
        # On idle cores a run takes its serial CPU (main process alone) plus the rest of
        # its CPU shared out over the cores (perfect packing: an upper bound on speedup).
        estimate = many.serial_cpu + (many.cpu - many.serial_cpu) / n
        print(
            f"  CPU-normalised, serial parts included: {one.cpu / estimate:.2f}x  "
            f"({one.cpu:.1f} s CPU vs {many.serial_cpu:.2f} s serial + "
            f"{many.cpu - many.serial_cpu:.1f} s / {n})"
        )
        print(
            f"  parallel CPU overhead: {many.cpu / one.cpu:.2f}x the CPU of 1 worker; "
            f"main process {many.main_cpu:.2f} s CPU with {n} workers"
        )
        same = all(
            (tmp / "out-1" / p.name).read_bytes() == p.read_bytes()
            for p in sorted((tmp / f"out-{args.workers}").glob("cleaned-*"))
        )
        print(f"outputs byte-identical: {same}")
        forked, pickling = pool_overhead(corpus)
        print(
            f"the pool's own cost, measured alone: a forked worker uses {forked:.2f}x the "
            f"CPU of inline cleaning on the same chunks; pickling is {pickling:.1%} of the work"
        )
    if not args.tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
