"""Executors: run a shard function over tasks (chunks of shards), yielding results in order.

They know nothing about rules or formats. Each keeps a bounded number of
tasks in flight (so memory stays flat however big the corpus) and yields
results in submission order (so the output is identical for any number of
workers). One executor serves both passes of a run, so worker processes
start once, forked after the cleaner and its models are loaded: per-worker
costs (Cleaner construction, scorer and language model loading) are paid
once, before the fork, not per task. Dask is a lazy, optional import.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from .documents import Document
from .worker import JobSpec, ShardTask, process_shard

T = TypeVar("T")
ShardFn = Callable[[JobSpec, ShardTask], T]

IN_FLIGHT_PER_WORKER = 4  # chunks running or queued per worker: none waits for the reader
ENGINES = ("local", "dask")
# Enough letters for the language identifier to load its model.
_WARM_UP_TEXT = "The council approved the new budget on Monday after a long debate."


class Executor(Protocol):
    def run(self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[T]: ...

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

    def run(self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[T]:
        for task in tasks:
            yield fn(spec, task)

    def close(self) -> None:
        pass


def warm_up(spec: JobSpec) -> None:
    """Build the cleaner and load the language model once, before workers fork from us."""
    doc = Document("warm-up", "warm-up", _WARM_UP_TEXT)
    process_shard(spec, ShardTask(-1, (doc,)))


class PoolExecutor:
    """A local process pool of ``workers`` processes."""

    def __init__(self, workers: int, spec: JobSpec) -> None:
        warm_up(spec)  # forked workers inherit the loaded models instead of each loading them
        self._workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers)

    def run(self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[T]:
        return _ordered(
            lambda t: self._pool.submit(fn, spec, t),
            lambda f: f.result(),
            tasks,
            self._workers * IN_FLIGHT_PER_WORKER,
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """An existing Dask distributed cluster at ``scheduler``; tasks run on its workers."""

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "--engine dask needs the dask extra: pip install 'cleaner[dask]'"
            ) from exc
        self._client = Client(scheduler, set_as_default=False)

    def run(self, fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[T]:
        workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
        return _ordered(
            lambda t: self._client.submit(fn, spec, t, pure=False),
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
