"""The rule scan alone on webeval/text: through the prefilter kernel and the plain way.

``python -m benchmarks.rules_scan``: CPU seconds on one core (best of ``REPEAT``),
over the repaired and segmented documents, the two scans timed alternately; and
whether they gave the same hits on every document.
"""

from __future__ import annotations

import time

from cleaner import Category, Cleaner, Settings
from cleaner.rules import RuleSet
from cleaner.segment import split_blocks

from .run import find_webeval, mb

REPEAT = 5


def main() -> int:
    folder = find_webeval() / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    repair = Cleaner(Settings())._repair
    docs = [(s, split_blocks(s)) for s in (repair(t).text for t in texts)]
    size = mb([s for s, _ in docs])
    rules = RuleSet(frozenset(Category))
    scans = {"prefilter kernel": rules.scan, "plain scan": rules._scan_plain}
    if rules._prefilter is None:
        print("prefilter kernel (cleaner/_rulescan.c): not built; plain scan only")
        scans.pop("prefilter kernel")
    best = dict.fromkeys(scans, float("inf"))
    for _ in range(REPEAT):
        for name, scan in scans.items():
            start = time.process_time()
            for text, blocks in docs:
                scan(text, blocks)
            best[name] = min(best[name], time.process_time() - start)
    print(f"rules scan alone, {len(docs)} documents, {size:.1f} MB (CPU s, best of {REPEAT}):")
    for name, seconds in best.items():
        print(f"  {name:18s} {seconds:6.3f} s {size / seconds:7.1f} MB/s")
    same = all(rules.scan(t, b) == rules._scan_plain(t, b) for t, b in docs)
    print(f"  same hits on every document: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
