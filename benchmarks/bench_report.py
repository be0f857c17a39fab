"""How big and how slow is the report of a large run?

    .venv/bin/python benchmarks/bench_report.py [--docs 100000] [--sample 300] [--out DIR]

Cleans the webeval page texts (or the seeds) once, then writes a run of
``--docs`` records by repeating them under new ids (shards of 1,000, with the
``source`` field), and times ``write_report`` on it. Prints the run size, the
report size and the time taken.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import orjson

from cleaner import Cleaner, Settings
from cleaner.report import write_report

REPO = Path(__file__).resolve().parents[1]
SHARD_DOCS = 1000


def _texts() -> list[tuple[str, str]]:
    for root in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        for folder in (root / "data" / "webeval" / "text", root / "seeds"):
            if folder.is_dir():
                paths = sorted(folder.glob("*.txt"))
                return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    raise SystemExit("no shared/ data beside the repository")


def write_big_run(out: Path, docs: int) -> None:
    cleaner = Cleaner(Settings(language_backend="py3langid"))
    base = []
    for ident, text in _texts():
        result = cleaner.clean(text)
        base.append({"id": ident, **result.to_dict(), "source": result.source})
    records = itertools.cycle(base)
    out.mkdir(parents=True, exist_ok=True)
    for shard in range(0, docs, SHARD_DOCS):
        lines = []
        for n in range(shard, min(docs, shard + SHARD_DOCS)):
            record = next(records)
            lines.append(orjson.dumps({**record, "id": f"{record['id']}-{n}"}) + b"\n")
        (out / f"cleaned-{shard // SHARD_DOCS:05d}.jsonl").write_bytes(b"".join(lines))
    (out / "rejects.jsonl").write_bytes(b"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "run"
        if not any(out.glob("cleaned-*.jsonl")):
            write_big_run(out, args.docs)
        run_bytes = sum(p.stat().st_size for p in out.glob("cleaned-*.jsonl"))
        start = time.perf_counter()
        report = write_report(out, sample=args.sample)
        seconds = time.perf_counter() - start
        print(
            f"docs={args.docs} run_MB={run_bytes / 1e6:.0f} report_MB="
            f"{report.stat().st_size / 1e6:.2f} seconds={seconds:.1f}"
        )


if __name__ == "__main__":
    main()
