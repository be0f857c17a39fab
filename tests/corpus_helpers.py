"""Shared helpers for the CLI/corpus tests: tiny generated corpora and output readers."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson

ARTICLE = (
    "The council approved the new budget on Monday after a long debate about schools.\n"
    "Members said the plan would fund repairs to {n} buildings over the next three years.\n"
)


def article(n: int) -> str:
    return ARTICLE.format(n=n)


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def corpus_jsonl(path: Path, n: int) -> Path:
    records = [
        {"id": f"doc-{i}", "text": "Skip to main content\n" + article(i), "source": "test"}
        for i in range(n)
    ]
    return write_jsonl(path, records)


def read_records(out: Path) -> list[dict]:
    records = []
    for shard in sorted(out.glob("cleaned-*")):
        data = shard.read_bytes()
        if shard.name.endswith(".gz"):
            data = gzip.decompress(data)
        records += [orjson.loads(line) for line in data.splitlines()]
    return records


def read_rejects(out: Path) -> list[dict]:
    return [orjson.loads(line) for line in (out / "rejects.jsonl").read_bytes().splitlines()]


def summary(out: Path) -> dict:
    return orjson.loads((out / "summary.json").read_bytes())


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every output file but the manifest (its fingerprints name the input paths)."""
    names = [p for p in sorted(out.iterdir()) if p.is_file() and p.name != "manifest.json"]
    return {p.name: p.read_bytes() for p in names}
