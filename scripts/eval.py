#!/usr/bin/env python3
"""Score cleaner on webeval in both modes, beside its baselines, in one run.

HTML mode: ``cleaner.clean_html`` vs ``trafilatura.extract`` (default
options), each page timed for both in the same worker. Text mode:
``cleaner.clean`` over the full-page texts vs the raw text and a C4-style
line filter (``scripts/c4_filter.py``). Prints precision/recall/F1 overall,
per language (the language cleaner's Result reports for the page) and the
removals per category; writes every prediction to ``out/eval/*.jsonl``
({"id", "text"} per line, the shared scorer's format) so runs can be diffed
and re-scored with ``score_webeval.py``.

Post-processing mode (``--mode postprocess``): ``cleaner.clean`` over the
output of several HTML extractors (``scripts/extractors.py``: trafilatura,
readability, jusText, newspaper4k, goose3, boilerpy3, resiliparse; cached under
``.cache/``), each extractor scored alone and after ``clean()`` in the same
run, with the delta, the pages whose own score ``clean()`` lowered or raised,
and the delta per language (the language of the page's full text).

Usage: eval.py [--data DIR] [--out DIR] [--limit N] [--ids FILE] [--jobs N]
               [--mode html|text|postprocess|both|all] [--extractors NAME ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4_filter import c4_filter
from extractors import EXTRACTORS, PAGE_TIMEOUT_S

ROOT = Path(__file__).resolve().parent.parent


def _default_data() -> Path:
    """shared/data/webeval beside the repo (or beside the worktree's parent)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "data" / "webeval"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "data" / "webeval"


def print_per_language(outcomes: list, cells: Callable[[str], str]) -> None:
    """One line per language (most pages first): its page count and ``cells(language)``."""
    pages = Counter(o.language for o in outcomes)
    for language in sorted(pages, key=lambda lang: -pages[lang]):
        print(f"  {language:<8} {pages[language]:>4}  {cells(language)}")


def norm(text: str) -> str:
    """The shared scorer's normalization (whitespace runs -> one space)."""
    return " ".join(text.split())


@dataclass
class Counts:
    """Snippet counts as the shared scorer keeps them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, item: dict, prediction: str) -> None:
        text = norm(prediction)
        found = sum(1 for w in item["with"] if norm(w) in text)
        leaked = sum(1 for w in item["without"] if norm(w) in text)
        self.tp += found
        self.fp += leaked
        self.fn += len(item["with"]) - found
        self.tn += len(item["without"]) - leaked

    def scores(self) -> tuple[float, float, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


@dataclass
class PageOutcome:
    id: str
    predictions: dict[str, str]
    seconds: dict[str, float]
    language: str
    categories: Counter = field(default_factory=Counter)
    error: str = ""


SETTINGS: dict[str, str] = {}  # cleaner settings for this run (set in main, read by workers)


def _timed(fn: Callable[[], str]) -> tuple[str, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _html_page(args: tuple[str, str]) -> PageOutcome:
    import trafilatura

    from cleaner import clean_html

    page_id, data_dir = args
    raw = gzip.decompress((Path(data_dir) / "html" / f"{page_id}.html.gz").read_bytes())
    baseline, t_base = _timed(lambda: trafilatura.extract(raw) or "")
    error = ""
    start = time.perf_counter()
    try:
        result = clean_html(raw, **SETTINGS)
        text, language = result.text, result.language
        categories = Counter(str(r.category) for r in result.removed)
    except ValueError as exc:
        text, language, categories, error = "", "unknown", Counter(), str(exc)
    t_ours = time.perf_counter() - start
    return PageOutcome(
        page_id,
        {"cleaner_html": text, "trafilatura": baseline},
        {"cleaner_html": t_ours, "trafilatura": t_base},
        language,
        categories,
        error,
    )


def _text_page(args: tuple[str, str]) -> PageOutcome:
    from cleaner import clean

    page_id, data_dir = args
    raw = (Path(data_dir) / "text" / f"{page_id}.txt").read_text(encoding="utf-8")
    result, t_ours = _timed(lambda: clean(raw, **SETTINGS))
    filtered, t_c4 = _timed(lambda: c4_filter(raw))
    return PageOutcome(
        page_id,
        {"cleaner_text": result.text, "raw_text": raw, "c4_filter": filtered},
        {"cleaner_text": t_ours, "raw_text": 0.0, "c4_filter": t_c4},
        result.language,
        Counter(str(r.category) for r in result.removed),
    )


def _page_counts(item: dict, prediction: str) -> Counts:
    counts = Counts()
    counts.add(item, prediction)
    return counts


def _postprocess_page(args: tuple[str, str, dict[str, str]]) -> PageOutcome:
    """Clean each extractor's output for one page; the language is the full page's."""
    from cleaner import Cleaner, Settings
    from cleaner.language import LanguageIdentifier

    page_id, data_dir, outputs = args
    settings = Settings(**SETTINGS)
    cleaner = Cleaner(settings.replace(language_backend="none"))  # not needed per output
    full = (Path(data_dir) / "text" / f"{page_id}.txt").read_text(encoding="utf-8")
    language = LanguageIdentifier(settings)(full)
    predictions: dict[str, str] = {}
    seconds: dict[str, float] = {}
    categories: Counter = Counter()
    for name, text in outputs.items():
        start = time.perf_counter()
        result = cleaner.clean(text)
        seconds[f"{name}+clean"] = time.perf_counter() - start
        seconds[name] = 0.0
        predictions[name] = text
        predictions[f"{name}+clean"] = result.text
        categories.update(f"{name}:{r.category}" for r in result.removed)
    return PageOutcome(page_id, predictions, seconds, language, categories)


def _report_postprocess(
    extractors: list[str], outcomes: list[PageOutcome], annotations: dict, out_dir: Path
) -> dict[str, float]:
    """Before/after table per extractor; returns each extractor's F1 delta."""
    print(f"\n== post-processing: clean() on extractor output ({len(outcomes)} pages) ==")
    print(
        f"{'extractor':<12} {'alone P/R/F1':<22} {'+clean() P/R/F1':<22} {'dF1':>8} "
        f"{'lowered':>7} {'raised':>6} {'lost':>5} {'empty':>5} {'clean s':>7}"
    )
    deltas: dict[str, float] = {}
    per_language: dict[str, dict[str, tuple[Counts, Counts]]] = defaultdict(dict)
    lowered_examples: dict[str, list[str]] = {}
    for name in extractors:
        before, after = Counts(), Counts()
        lowered: list[str] = []
        raised = lost = empty = 0
        for outcome in outcomes:
            item = annotations[outcome.id]
            raw, cleaned = outcome.predictions[name], outcome.predictions[f"{name}+clean"]
            page_before, page_after = _page_counts(item, raw), _page_counts(item, cleaned)
            before.add(item, raw)
            after.add(item, cleaned)
            pair = per_language[outcome.language].setdefault(name, (Counts(), Counts()))
            pair[0].add(item, raw)
            pair[1].add(item, cleaned)
            f_before, f_after = page_before.scores()[2], page_after.scores()[2]
            if f_after < f_before:
                lowered.append(outcome.id)
            elif f_after > f_before:
                raised += 1
            lost += page_after.tp < page_before.tp
            empty += not raw.strip()
        lowered_examples[name] = lowered[:5]
        (p0, r0, f0), (p1, r1, f1) = before.scores(), after.scores()
        deltas[name] = f1 - f0
        cpu = sum(o.seconds[f"{name}+clean"] for o in outcomes)
        print(
            f"{name:<12} {p0:.4f}/{r0:.4f}/{f0:.4f}  {p1:.4f}/{r1:.4f}/{f1:.4f}  "
            f"{f1 - f0:+.4f} {len(lowered):>7} {raised:>6} {lost:>5} {empty:>5} {cpu:>7.1f}"
        )
        for suffix in ("", "+clean"):
            path = out_dir / f"pp_{name}{suffix.replace('+', '_')}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for outcome in outcomes:
                    record = {"id": outcome.id, "text": outcome.predictions[name + suffix]}
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        "lowered/raised: pages whose own F1 clean() lowered/raised; lost: pages where it "
        "removed an article snippet; empty: pages the extractor gave nothing for (or failed on)"
    )
    for name, ids in lowered_examples.items():
        if ids:
            print(f"  lowered by clean() on {name}, e.g.: {' '.join(ids)}")
    print("F1 delta per language (pages; delta per extractor):")

    def language_deltas(language: str) -> str:
        pairs = per_language[language]
        return "  ".join(
            f"{name}={pairs[name][1].scores()[2] - pairs[name][0].scores()[2]:+.3f}"
            for name in extractors
        )

    print_per_language(outcomes, language_deltas)
    categories: Counter = Counter()
    for outcome in outcomes:
        categories.update(outcome.categories)
    for name in extractors:
        found = [
            (c.split(":", 1)[1], n) for c, n in categories.most_common() if c.startswith(name + ":")
        ]
        print(f"removals per category ({name}): " + ", ".join(f"{c}={n}" for c, n in found))
    return deltas


def _run_postprocess(
    extractors: list[str], ids: list[str], data: Path, jobs: int, timeout: float
) -> list[PageOutcome]:
    from extractors import load_or_extract

    outputs = {name: load_or_extract(name, data, ids, jobs, timeout) for name in extractors}
    tasks = [(i, str(data), {name: outputs[name][i].text for name in extractors}) for i in ids]
    if jobs <= 1:
        return [_postprocess_page(t) for t in tasks]
    with Pool(jobs) as pool:
        return pool.map(_postprocess_page, tasks, chunksize=8)


def _report(
    title: str,
    systems: list[str],
    outcomes: list[PageOutcome],
    annotations: dict,
    out_dir: Path,
) -> None:
    print(f"\n== {title} ({len(outcomes)} pages) ==")
    totals = {name: Counts() for name in systems}
    per_language: dict[str, dict[str, Counts]] = defaultdict(
        lambda: {name: Counts() for name in systems}
    )
    for outcome in outcomes:
        item = annotations[outcome.id]
        for name in systems:
            totals[name].add(item, outcome.predictions[name])
            per_language[outcome.language][name].add(item, outcome.predictions[name])
    for name in systems:
        seconds = sum(o.seconds[name] for o in outcomes)
        precision, recall, f1 = totals[name].scores()
        print(
            f"{name:<14} precision={precision:.4f} recall={recall:.4f} f1={f1:.4f} "
            f"time={seconds:.1f}s ({1000 * seconds / max(len(outcomes), 1):.1f} ms/page)"
        )
        path = out_dir / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for outcome in outcomes:
                record = {"id": outcome.id, "text": outcome.predictions[name]}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    ours, *others = systems
    for other in others:
        if other == "raw_text":
            continue
        mine, theirs = (sum(o.seconds[n] for o in outcomes) for n in (ours, other))
        if theirs:
            print(f"time ratio {ours}/{other} = {mine / theirs:.3f}")
    print("per language (pages, f1 per system):")
    print_per_language(
        outcomes,
        lambda language: "  ".join(
            f"{name}={per_language[language][name].scores()[2]:.3f}" for name in systems
        ),
    )
    categories: Counter = Counter()
    for outcome in outcomes:
        categories.update(outcome.categories)
    print(
        f"removals per category ({ours}): "
        + ", ".join(f"{c}={n}" for c, n in categories.most_common())
    )
    errors = [o for o in outcomes if o.error]
    if errors:
        print(f"{len(errors)} pages rejected, e.g. {errors[0].id}: {errors[0].error}")


def _run(
    worker: Callable[[tuple[str, str]], PageOutcome], ids: Iterable[str], data: Path, jobs: int
) -> list[PageOutcome]:
    tasks = [(i, str(data)) for i in ids]
    if jobs <= 1:
        return [worker(t) for t in tasks]
    with Pool(jobs) as pool:
        return pool.map(worker, tasks, chunksize=4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=_default_data())
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "eval")
    parser.add_argument("--limit", type=int, help="score only the first N pages (sorted ids)")
    parser.add_argument("--ids", type=Path, help="score only the ids in this file, one a line")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument(
        "--mode",
        choices=("html", "text", "postprocess", "both", "all"),
        default="all",
        help="both: html and text; all: html, text and postprocess",
    )
    parser.add_argument(
        "--extractors",
        nargs="+",
        default=list(EXTRACTORS),
        choices=list(EXTRACTORS),
        help="extractors for --mode postprocess",
    )
    parser.add_argument(
        "--timeout", type=float, default=PAGE_TIMEOUT_S, help="seconds per page per extractor"
    )
    parser.add_argument(
        "--language-backend", help="cleaner's language_backend setting (default: its default)"
    )
    args = parser.parse_args(argv)
    if args.language_backend:
        SETTINGS["language_backend"] = args.language_backend  # inherited by forked workers

    annotations = json.loads((args.data / "annotations.json").read_text(encoding="utf-8"))
    ids = sorted(annotations)
    if args.ids:
        wanted = {line.strip() for line in args.ids.read_text().splitlines() if line.strip()}
        ids = [i for i in ids if i in wanted]
    if args.limit:
        ids = ids[: args.limit]
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"data={args.data} pages={len(ids)} jobs={args.jobs}")
    if args.mode in ("html", "both", "all"):
        outcomes = _run(_html_page, ids, args.data, args.jobs)
        _report("HTML mode", ["cleaner_html", "trafilatura"], outcomes, annotations, args.out)
    if args.mode in ("text", "both", "all"):
        outcomes = _run(_text_page, ids, args.data, args.jobs)
        _report(
            "text mode", ["cleaner_text", "raw_text", "c4_filter"], outcomes, annotations, args.out
        )
    if args.mode in ("postprocess", "all"):
        outcomes = _run_postprocess(args.extractors, ids, args.data, args.jobs, args.timeout)
        deltas = _report_postprocess(args.extractors, outcomes, annotations, args.out)
        losers = [name for name, delta in deltas.items() if delta < 0]
        print(
            "post-processing: "
            + (f"F1 LOWERED for {', '.join(losers)}" if losers else "F1 raised or kept for all")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
