"""The ``cleaner`` command line: one small function per subcommand.

``config_from_args`` is the only bridge from flags to ``Settings`` and
``RunOptions``: defaults, then a ``--config`` file (JSON or TOML, flat keys
named like the fields), then the flags given explicitly.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from .corpus import FatalError, JobConflict, RunOptions, format_summary, run_corpus
from .corpus.runner import DEFAULT_SHARD_SIZE
from .corpus.writers import FORMATS
from .report import add_report_subcommand, write_report
from .result import Category
from .settings import LANGUAGE_BACKENDS, Settings
from .show import add_show_subcommand

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_REJECTS = 3

EXIT_CODES_HELP = """\
exit codes:
  0  finished, every document cleaned
  1  fatal error: output folder not writable, disk full, ... (finished shards are
     kept: rerun the same command to resume)
  2  usage error: bad flags or config, or the output folder holds a different job
     (use --overwrite)
  3  finished, but some inputs were rejected (see OUT/rejects.jsonl)
"""

CLEAN_HELP = """\
Clean every document of INPUT... into DIR:
  cleaned-NNNNN.<format>  one record per document: id, text, language, fixes,
                          removed (category, start, end, rule, reason, text),
                          source (offsets refer to it; --no-source drops it) and
                          the input's other fields, passed through
  rejects.jsonl           every input that could not be cleaned: id, where, reason
  summary.json            counts; docs_in = cleaned + rejected, always

Inputs: .txt and .html(.gz) files, folders of them (recursive, sorted), JSONL
(.jsonl, .gz, .zst; a "text" or "html" field), Parquet, WARC/WET (.warc, .warc.gz).
Rerunning the same command after a crash resumes it: finished shards are kept.
"""

# Flag dest -> (target, field). Flags default to None so "not given" is visible.
_SETTING_FLAGS = {
    "language_backend": "language_backend",
    "categories": "categories",
    "repair_encoding": "repair_encoding",
    "max_doc_chars": "max_document_chars",
}
_OPTION_FLAGS = {
    "shard_size": "shard_size",
    "format": "format",
    "text_column": "text_column",
    "html_column": "html_column",
    "repeated_boilerplate": "repeated_boilerplate",
    "workers": "workers",
    "engine": "engine",
    "scheduler": "scheduler",
    "overwrite": "overwrite",
    "progress": "progress",
    "keep_source": "keep_source",
}


class UsageError(Exception):
    """Bad flags or config file (exit code 2)."""


def _categories(value: str) -> frozenset[Category]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    try:
        return frozenset(Category(n) for n in names)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{exc}; categories are: {', '.join(c.value for c in Category)}"
        ) from exc


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from exc
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n


def load_config(path: str) -> dict[str, Any]:
    """A flat mapping from a JSON or TOML file (TOML if it ends in .toml)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    try:
        values = tomllib.loads(data.decode()) if path.endswith(".toml") else orjson.loads(data)
    except (tomllib.TOMLDecodeError, orjson.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config file {path} is not valid: {exc}") from exc
    if not isinstance(values, dict):
        raise UsageError(f"config file {path} must hold a mapping of setting names to values")
    return values


def config_from_args(args: argparse.Namespace) -> tuple[Settings, RunOptions]:
    """Defaults < ``--config`` file < explicit flags -> (Settings, RunOptions)."""
    setting_names = {f.name for f in dataclasses.fields(Settings)}
    option_names = {f.name for f in dataclasses.fields(RunOptions)}
    settings: dict[str, Any] = {}
    options: dict[str, Any] = {}
    if getattr(args, "config", None):
        for key, value in load_config(args.config).items():
            if key in setting_names:
                settings[key] = value
            elif key in option_names:
                options[key] = value
            else:
                raise UsageError(f"config file {args.config}: unknown key {key!r}")
    for dest, name in _SETTING_FLAGS.items():
        if getattr(args, dest, None) is not None:
            settings[name] = getattr(args, dest)
    for dest, name in _OPTION_FLAGS.items():
        if getattr(args, dest, None) is not None:
            options[name] = getattr(args, dest)
    if "categories" in settings and isinstance(settings["categories"], (list, tuple, str)):
        raw = settings["categories"]
        raw = raw.split(",") if isinstance(raw, str) else raw
        try:
            settings["categories"] = frozenset(Category(str(c).strip()) for c in raw)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    try:
        return Settings.from_mapping(settings), RunOptions(**options)
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from exc


def _add_clean(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "clean",
        help="clean files, folders, JSONL, Parquet or WARC into sharded JSONL",
        description=CLEAN_HELP,
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--config", metavar="FILE", help="JSON/TOML file of settings and options")
    p.add_argument(
        "--overwrite",
        action="store_true",
        default=None,
        help="start over if OUT holds another job (deletes cleaner's files there)",
    )
    p.add_argument(
        "--shard-size",
        type=_positive_int,
        metavar="N",
        help=f"input documents per shard (default {DEFAULT_SHARD_SIZE})",
    )
    p.add_argument("--format", choices=FORMATS, help="shard format (default jsonl)")
    p.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="local worker processes (output identical for any N)",
    )
    p.add_argument("--engine", choices=("local", "dask"), help="executor (default local)")
    p.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler address for --engine dask, e.g. tcp://host:8786",
    )
    p.add_argument("--text-column", metavar="NAME", help="field/column with text (default text)")
    p.add_argument("--html-column", metavar="NAME", help="field/column with HTML (default html)")
    p.add_argument(
        "--max-doc-chars",
        type=_positive_int,
        metavar="N",
        help="reject documents longer than N chars (default 50,000,000)",
    )
    p.add_argument(
        "--no-repeated-boilerplate",
        dest="repeated_boilerplate",
        action="store_false",
        default=None,
        help="skip the pass that removes lines repeated across a site's pages",
    )
    p.add_argument("--language-backend", choices=LANGUAGE_BACKENDS, help="language identifier")
    p.add_argument(
        "--categories",
        type=_categories,
        metavar="A,B",
        help=f"categories that may be removed (default all: {', '.join(Category)})",
    )
    p.add_argument(
        "--no-repair-encoding",
        dest="repair_encoding",
        action="store_false",
        default=None,
        help="skip the ftfy encoding repair stage",
    )
    p.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress bar on stderr",
    )
    p.add_argument(
        "--no-source",
        dest="keep_source",
        action="store_false",
        default=None,
        help="leave the repaired source out of cleaned records (smaller; no report highlights)",
    )
    p.add_argument("--quiet", action="store_true", help="no summary table on stdout")
    p.add_argument(
        "--report", action="store_true", help="also write the audit page OUT/report.html"
    )
    p.set_defaults(func=cmd_clean)


def cmd_clean(args: argparse.Namespace) -> int:
    settings, options = config_from_args(args)
    run = run_corpus(args.inputs, args.out, settings, options)
    if not args.quiet:
        print(format_summary(run.stats))
        resumed = f" ({run.resumed_shards} resumed)" if run.resumed_shards else ""
        print(f"\n{len(run.shards)} shard(s){resumed} in {run.out}/")
        if run.stats.rejected:
            print(f"{run.stats.rejected} reject(s): see {run.out}/rejects.jsonl")
    if args.report:
        page = write_report(Path(run.out))
        if not args.quiet:
            print(f"audit report: {page}")
    return run.exit_code


SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], object], ...] = (
    _add_clean,
    add_report_subcommand,
    add_show_subcommand,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip boilerplate from web documents and report every removal.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (documented in ``cleaner --help``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        parser.error(str(exc))  # prints usage and exits 2
    except JobConflict as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FatalError as exc:
        print(f"cleaner: fatal: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except OSError as exc:
        print(f"cleaner: fatal: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except KeyboardInterrupt:
        print("cleaner: interrupted; rerun the same command to resume", file=sys.stderr)
        return 130
    finally:
        if argv is None:  # run as the program, which ends now: the interpreter's last
            # collection need not walk every object of a built cleaner (tens of ms,
            # serial time at the end of a run); nothing collects them later anyway
            gc.freeze()
    return EXIT_OK  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
