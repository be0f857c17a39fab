"""The ``cleaner`` command line: one small function per subcommand.

Each ``add_*`` function registers one subcommand and sets ``func``, which is
called with the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .report import add_report_subcommand
from .show import add_show_subcommand

SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], Any], ...] = (
    add_report_subcommand,
    add_show_subcommand,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip boilerplate from web documents and report every removal.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
