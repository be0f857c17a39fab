"""The audit report: ``OUT/report.html``, what a run removed and why.

``write_report(out_dir)`` reads a run's output directory (see ``load``) in one
streaming pass: totals over every record, and a bounded deterministic sample
of documents (see ``stats``) to show in full. The page (see ``render``) is a
single self-contained HTML file: no network, no external script, style or
font.

``add_report_subcommand`` registers ``cleaner report OUT [--sample N]`` on an
argparse subparsers object, so the CLI only has to call it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import ReadProblems, iter_records, iter_rejects, read_summary
from .render import Page, render
from .stats import DEFAULT_SAMPLE_SIZE, Sampler, Totals

__all__ = [
    "DEFAULT_SAMPLE_SIZE",
    "REPORT_NAME",
    "add_report_subcommand",
    "build_page",
    "write_report",
]

REPORT_NAME = "report.html"


def build_page(out_dir: Path, sample: int | None = None) -> Page:
    """Read a run's output and gather what the report shows."""
    size = DEFAULT_SAMPLE_SIZE if sample is None else sample
    problems = ReadProblems()
    totals = Totals()
    sampler = Sampler(size)
    for record in iter_records(out_dir, problems):
        totals.add(record)
        sampler.add(record)
    for reject in iter_rejects(out_dir, problems):
        totals.add_reject(reject)
    return Page(
        title=out_dir.resolve().name or str(out_dir),
        totals=totals,
        sample=sampler.result(),
        sample_size=size,
        problems=problems.examples,
        problem_count=problems.count,
        summary=read_summary(out_dir),
    )


def write_report(out_dir: Path, sample: int | None = None, output: Path | None = None) -> Path:
    """Write the report of the run in ``out_dir`` and return its path.

    ``sample`` bounds the documents shown in full (default ``DEFAULT_SAMPLE_SIZE``;
    totals always cover every document). ``output`` defaults to ``out_dir/report.html``.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"no such output directory: {out_dir}")
    target = Path(output) if output is not None else out_dir / REPORT_NAME
    page = render(build_page(out_dir, sample))
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)  # a reader never sees half a report
    return target


def _sample_size(value: str) -> int:
    size = int(value)
    if size < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return size


def add_report_subcommand(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``report``; the parsed args carry ``func`` to call with them."""
    parser = subparsers.add_parser(
        "report",
        help="write OUT/report.html, an offline page showing what was removed and why",
        description="Write OUT/report.html: totals, a per-category chart, a sample of "
        "documents with every removed span highlighted, and the rejects.",
    )
    parser.add_argument("out", type=Path, help="output directory of a `cleaner clean` run")
    parser.add_argument(
        "--sample",
        type=_sample_size,
        default=None,
        metavar="N",
        help=f"documents shown in full, chosen deterministically (default {DEFAULT_SAMPLE_SIZE})",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="where to write (default OUT/report.html)"
    )
    parser.set_defaults(func=_run_report)
    return parser


def _run_report(args: argparse.Namespace) -> int:
    try:
        path = write_report(args.out, sample=args.sample, output=args.output)
    except FileNotFoundError as exc:
        print(f"cleaner report: {exc}", file=sys.stderr)
        return 2
    size = path.stat().st_size
    print(f"wrote {path} ({size / 1024:,.0f} KiB)")
    return 0
