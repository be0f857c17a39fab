"""--engine dask on a LocalCluster gives the same bytes as a local run."""

from __future__ import annotations

import pytest
from corpus_helpers import corpus_jsonl, output_bytes

from cleaner.cli import main


def test_dask_local_cluster_output_is_identical(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = corpus_jsonl(tmp_path / "in.jsonl", 20)
    base = [str(src), "--shard-size", "4", "--language-backend", "none", "--no-progress"]
    assert main(["clean", *base, "--out", str(tmp_path / "local")]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        argv = ["clean", *base, "--out", str(tmp_path / "dask"), "--engine", "dask"]
        assert main([*argv, "--scheduler", cluster.scheduler_address]) == 0
    assert output_bytes(tmp_path / "dask") == output_bytes(tmp_path / "local")
