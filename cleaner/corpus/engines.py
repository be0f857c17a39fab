"""Executors: run a shard function over tasks (chunks of shards), yielding results in order.

They know nothing about rules or formats. Each keeps a bounded number of
tasks in flight (so memory stays flat however big the corpus) and yields
results in submission order (so the output is identical for any number of
workers). A shard function takes ``(spec, task, table)``: the table (pass 1's
frequent lines per site) is handed to each worker once per pass, not with
every task. The local pool forks its workers afresh for each pass, so they
inherit what the pass needs instead of unpickling or rebuilding it: pass 2's
workers the built cleaner (compiled rules, loaded models) and the table.
Pass 1 needs no cleaner, so its workers start at once while this process
builds the cleaner for pass 2 (``warm_up``, in a thread, with pass 1's workers
niced so the build ends within the pass): the build is not a serial step during
which the cores wait. The pool's workers also
read their records from the input files and write their output to files
(``local_files``), so the run's process sends and receives only offsets, names
and counts. Dask is a lazy, optional import.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from .documents import Document
from .worker import NO_TABLE, JobSpec, ShardTask, Table, count_shard, process_shard

T = TypeVar("T")
ShardFn = Callable[[JobSpec, ShardTask, Table], T]

IN_FLIGHT_PER_WORKER = 4  # chunks running or queued per worker: none waits for the reader
PARENT_CHECK_S = 1.0  # how often a pool worker checks that the run's process still lives
ENGINES = ("local", "dask")
# Shard functions that need no Cleaner: their pool starts before one is built.
NO_CLEANER_NEEDED = (count_shard,)
# Pass 1's workers run this much nicer than the run's process, which builds the cleaner
# for pass 2 meanwhile (``warm_up``): pass 2 cannot start before both are done, and at an
# equal share of the cores the build (one thread, beside the one feeding the workers) is
# what ends last, while the cores wait. The counting workers still take every cycle the
# build leaves, and raising a child's niceness needs no privilege.
COUNTING_NICENESS = 5
# Enough letters for the language identifier to load its model.
_WARM_UP_TEXT = "The council approved the new budget on Monday after a long debate."


class Executor(Protocol):
    # Whether tasks run on this machine, in processes of their own: they can then read
    # their input from the input files and write their output to files (``LineRange``,
    # ``ShardTask.spill``) instead of receiving and returning it through pipes.
    local_files: bool

    def run(
        self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], table: Table = NO_TABLE
    ) -> Iterator[T]: ...

    def close(self) -> None: ...


def _ordered(
    submit: Callable[[ShardTask], Any],
    result: Callable[[Any], T],
    tasks: Iterable[ShardTask],
    max_in_flight: int,
) -> Iterator[T]:
    pending: collections.deque[Any] = collections.deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= max_in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class InlineExecutor:
    """One worker: run in this process (no pickling cost)."""

    local_files = False  # nothing travels between processes

    def run(
        self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], table: Table = NO_TABLE
    ) -> Iterator[T]:
        for task in tasks:
            yield fn(spec, task, table)

    def close(self) -> None:
        pass


def warm_up(spec: JobSpec) -> None:
    """Build the cleaner and load the language model once, before workers fork from us."""
    doc = Document("warm-up", "warm-up", _WARM_UP_TEXT)
    process_shard(spec, ShardTask(-1, (doc,)))


# The table of the pass a pool worker process serves, set once by the pool's initializer
# (inherited through the fork, not pickled): per worker process, never used in the parent.
_worker_table: list[Table] = [NO_TABLE]


def _start_worker(table: Table, parent: int, nice: int = 0) -> None:
    """Pool initializer: hold the pass's table; end this worker if the run is killed;
    yield the CPU to the run's process by ``nice`` (see ``COUNTING_NICENESS``)."""
    _worker_table[0] = table
    if nice:
        os.nice(nice)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    # A run killed with kill -9 cannot stop its pool, and its idle workers would wait
    # for tasks forever (orphans holding memory): exit once adopted by another process.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)


def _with_table(fn: ShardFn[T], spec: JobSpec, task: ShardTask) -> T:
    return fn(spec, task, _worker_table[0])


def _then(
    tasks: Iterable[ShardTask], count: int, action: Callable[[], None]
) -> Iterator[ShardTask]:
    """``tasks``, calling ``action`` once after the first ``count`` (or all, if fewer).

    >>> seen = []
    >>> for task in _then("abcd", 2, lambda: seen.append("build")):
    ...     seen.append(task)
    >>> seen
    ['a', 'b', 'build', 'c', 'd']
    """
    done = 0
    for task in tasks:
        yield task
        done += 1
        if done == count:
            action()
    if done < count:
        action()


class PoolExecutor:
    """A local process pool of ``workers`` processes, forked afresh for each pass."""

    local_files = True

    def __init__(self, workers: int, spec: JobSpec) -> None:
        self._workers = workers
        self._spec = spec
        self._builder = ThreadPoolExecutor(max_workers=1)
        self._built: Future[None] | None = None
        self._pool: ProcessPoolExecutor | None = None  # the running pass's

    def _cleaner_built(self) -> None:
        """Wait for the build started during pass 1 (or build now), and end its thread,
        so no thread but this one runs when the next pool forks."""
        if self._built is None:
            self._built = self._builder.submit(warm_up, self._spec)
        self._built.result()
        self._builder.shutdown(wait=True)

    def _start_build(self) -> None:
        self._built = self._builder.submit(warm_up, self._spec)

    def run(
        self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], table: Table = NO_TABLE
    ) -> Iterator[T]:
        cold = fn in NO_CLEANER_NEEDED and self._built is None
        if not cold:
            self._cleaner_built()  # forked workers inherit the built cleaner
        nice = COUNTING_NICENESS if cold else 0
        pool = ProcessPoolExecutor(
            self._workers, initializer=_start_worker, initargs=(table, os.getpid(), nice)
        )
        self._pool = pool
        try:
            pool.submit(int)  # forks every worker now, before any thread of ours starts
            if cold:  # build the cleaner for pass 2 while these workers count, once they
                # have their first tasks: the build's thread would slow the framing of those
                # (one interpreter lock), and the workers would wait for work meanwhile
                tasks = _then(tasks, self._workers, self._start_build)
            yield from _ordered(
                lambda t: pool.submit(_with_table, fn, spec, t),
                lambda f: f.result(),
                tasks,
                self._workers * IN_FLIGHT_PER_WORKER,
            )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._builder.shutdown(wait=True)


class DaskExecutor:
    """An existing Dask distributed cluster at ``scheduler``; tasks run on its workers."""

    local_files = False  # its workers may run on machines that do not see our files

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "--engine dask needs the dask extra: pip install 'cleaner[dask]'"
            ) from exc
        self._client = Client(scheduler, set_as_default=False)

    def run(
        self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], table: Table = NO_TABLE
    ) -> Iterator[T]:
        workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
        # Sent to every worker once; each task names it instead of carrying it (hash=False:
        # no need to tokenize a big table to name it).
        shared: Any = table
        if table:
            shared = self._client.scatter([table], broadcast=True, hash=False)[0]
        return _ordered(
            lambda t: self._client.submit(fn, spec, t, shared, pure=False),
            lambda f: f.result(),
            tasks,
            workers * IN_FLIGHT_PER_WORKER,
        )

    def close(self) -> None:
        self._client.close()


def open_executor(
    spec: JobSpec, *, workers: int = 1, engine: str = "local", scheduler: str | None = None
) -> Executor:
    """The executor for ``engine`` / ``workers``; close it when the run ends."""
    if engine == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS")
        return DaskExecutor(scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers <= 1:
        return InlineExecutor()
    return PoolExecutor(workers, spec)
