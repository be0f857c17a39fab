"""Executors: run ``process_shard`` over shard tasks, yielding outputs in task order.

They know nothing about rules or formats. Each keeps a bounded number of
shards in flight (so memory stays flat however big the corpus) and yields
results in submission order (so the output is identical for any number of
workers). Dask is a lazy, optional import.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .worker import JobSpec, ShardOutput, ShardTask, process_shard

IN_FLIGHT_PER_WORKER = 2  # one shard running, one queued: workers never wait for the reader

ENGINES = ("local", "dask")


def run_inline(spec: JobSpec, tasks: Iterable[ShardTask]) -> Iterator[ShardOutput]:
    """One worker: clean in this process (no pickling cost)."""
    for task in tasks:
        yield process_shard(spec, task)


def _ordered(
    submit: Callable[[ShardTask], Any],
    result: Callable[[Any], ShardOutput],
    tasks: Iterable[ShardTask],
    max_in_flight: int,
) -> Iterator[ShardOutput]:
    pending: collections.deque[Any] = collections.deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= max_in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def run_pool(spec: JobSpec, tasks: Iterable[ShardTask], workers: int) -> Iterator[ShardOutput]:
    """A local process pool of ``workers`` processes."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _ordered(
            lambda t: pool.submit(process_shard, spec, t),
            lambda f: f.result(),
            tasks,
            workers * IN_FLIGHT_PER_WORKER,
        )


def run_dask(spec: JobSpec, tasks: Iterable[ShardTask], scheduler: str) -> Iterator[ShardOutput]:
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
            lambda t: client.submit(process_shard, spec, t, pure=False),
            lambda f: f.result(),
            tasks,
            workers * IN_FLIGHT_PER_WORKER,
        )


def execute(
    spec: JobSpec,
    tasks: Iterable[ShardTask],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[ShardOutput]:
    """Pick the executor for ``engine`` / ``workers``."""
    if engine == "dask":
        if not scheduler:
            raise ValueError("--engine dask needs --scheduler ADDRESS")
        return run_dask(spec, tasks, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if workers <= 1:
        return run_inline(spec, tasks)
    return run_pool(spec, tasks, workers)
