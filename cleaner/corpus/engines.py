"""Executors: run a shard function over shard tasks, yielding results in task order.

They know nothing about rules or formats. Each keeps a bounded number of
shards in flight (so memory stays flat however big the corpus) and yields
results in submission order (so the output is identical for any number of
workers). Dask is a lazy, optional import.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .worker import JobSpec, ShardTask

T = TypeVar("T")
ShardFn = Callable[[JobSpec, ShardTask], T]

IN_FLIGHT_PER_WORKER = 2  # one shard running, one queued: workers never wait for the reader

ENGINES = ("local", "dask")


def run_inline(fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[T]:
    """One worker: run in this process (no pickling cost)."""
    for task in tasks:
        yield fn(spec, task)


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


def run_pool(
    fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], workers: int
) -> Iterator[T]:
    """A local process pool of ``workers`` processes."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _ordered(
            lambda t: pool.submit(fn, spec, t),
            lambda f: f.result(),
            tasks,
            workers * IN_FLIGHT_PER_WORKER,
        )


def run_dask(
    fn: ShardFn[T], spec: JobSpec, tasks: Iterable[ShardTask], scheduler: str
) -> Iterator[T]:
    """An existing Dask distributed cluster at ``scheduler``; tasks run on its workers."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "--engine dask needs the dask extra: pip install 'cleaner[dask]'"
        ) from exc
    with Client(scheduler, set_as_default=False) as client:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        yield from _ordered(
            lambda t: client.submit(fn, spec, t, pure=False),
            lambda f: f.result(),
            tasks,
            workers * IN_FLIGHT_PER_WORKER,
        )


def execute(
    fn: ShardFn[T],
    spec: JobSpec,
    tasks: Iterable[ShardTask],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[T]:
    """Run ``fn(spec, task)`` for every task on the executor for ``engine`` / ``workers``;
    results come back in task order."""
    if engine == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS")
        return run_dask(fn, spec, tasks, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers <= 1:
        return run_inline(fn, spec, tasks)
    return run_pool(fn, spec, tasks, workers)
