"""Guard for performance work: a hash of every webeval page's Result, before vs after.

Usage:
    python -m benchmarks.check_same --write HASHES.json   # record the current behaviour
    python -m benchmarks.check_same --check HASHES.json   # compare; non-zero exit on a change

Each page's text (webeval/text/ID.txt) is cleaned with ``language_backend="none"``
and its Result reduced to one SHA-256 over the kept text, every removal tuple
(category, text, start, end, reason, rule), the language and the encoding fixes.
CPU time (``time.process_time``, steadier than wall time on a shared machine) and
MB/s are printed too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from cleaner import Cleaner, Settings

ROOT = Path(__file__).resolve().parent.parent


def find_text_dir() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent, ROOT.parent.parent.parent):
        candidate = base / "shared" / "data" / "webeval" / "text"
        if candidate.is_dir():
            return candidate
    raise SystemExit("cannot find shared/data/webeval/text")


def result_hash(result) -> str:
    parts = [result.text, repr(result.language)]
    for r in result.removed:
        parts.append(repr((str(r.category), r.text, r.start, r.end, r.reason, r.rule)))
    parts += [repr(f) for f in result.fixes]
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--check", type=Path)
    args = ap.parse_args()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(find_text_dir().glob("*.txt"))}
    cleaner = Cleaner(Settings(language_backend="none"))
    hashes = {}
    start = time.process_time()
    for key, text in texts.items():
        hashes[key] = result_hash(cleaner.clean(text))
    cpu = time.process_time() - start
    chars = sum(map(len, texts.values()))
    print(f"pages={len(texts)} cpu={cpu:.2f}s throughput={chars / cpu / 1e6:.2f} MB/s (CPU)")
    if args.write:
        args.write.write_text(json.dumps(hashes, indent=0, sort_keys=True))
        return 0
    expected = json.loads(args.check.read_text())
    changed = sorted(k for k in expected if hashes.get(k) != expected[k])
    print(f"changed={len(changed)}" + (f" e.g. {changed[:5]}" if changed else ""))
    return 1 if changed or len(expected) != len(hashes) else 0


if __name__ == "__main__":
    sys.exit(main())
