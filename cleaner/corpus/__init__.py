"""Corpus runs: readers, sharded atomic writers, resume, workers, Dask, repeated lines.

>>> from cleaner.corpus import RunOptions
>>> RunOptions(shard_size=100, format="jsonl.gz").format
'jsonl.gz'
"""

from .runner import FatalError, JobConflict, RunOptions, RunResult, format_summary, run_corpus
from .stats import Stats

__all__ = [
    "FatalError",
    "JobConflict",
    "RunOptions",
    "RunResult",
    "Stats",
    "format_summary",
    "run_corpus",
]
