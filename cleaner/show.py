"""``cleaner show FILE_OR_ID``: one document in the terminal, removed spans marked.

The argument is, in this order: an existing file (cleaned now, so the source is
at hand; ``.html`` through the HTML stage once the package has one),
``SHARD.jsonl:LINE`` (that line of a cleaned shard), or a document id looked up
in a run's output directory (``--out``, default ``out``).

Each removed span is printed inline as ``[category#N: text]`` and listed below
with its offsets, rule and reason, so the view is readable without colour;
with ``color=True`` the span is also coloured by category (plain ANSI SGR
codes). Document text is untrusted: control characters (terminal escapes
included) and bidirectional overrides are shown as ``\\uXXXX`` escapes, never
sent to the terminal.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import Cleaner, Settings, clean
from .report.load import ReadProblems, Record, Span, find_by_id, iter_objects, iter_rejects
from .report.palette import style_for
from .result import Result

DEFAULT_OUT = Path("out")
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
RULE_WIDTH = 72  # width of the separator lines
MAX_LISTED_TEXT = 80  # characters of each removal's text repeated in the list below

# C0/C1 controls (but newline and tab), DEL, and the invisible bidi/format characters
# that can make displayed text differ from the bytes ("Trojan Source").
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SHARD_SUFFIXES = (".jsonl", ".jsonl.gz")
_MAX_LINE_DIGITS = 12


def split_shard_line(target: str) -> tuple[str, int] | None:
    """``"SHARD.jsonl:LINE"`` -> (shard, line), else None (no regex: linear in any input).

    >>> split_shard_line("out/cleaned-00000.jsonl:7"), split_shard_line("doc-7")
    (('out/cleaned-00000.jsonl', 7), None)
    """
    path, colon, line = target.rpartition(":")
    if not colon or not line.isascii() or not line.isdigit() or len(line) > _MAX_LINE_DIGITS:
        return None
    return (path, int(line)) if path.endswith(_SHARD_SUFFIXES) else None


def safe(text: str) -> str:
    """Text made safe for a terminal: controls and bidi overrides become escapes.

    >>> safe("ok\\x1b[2Jgone\\u202e\\tx\\n")
    'ok\\\\u001b[2Jgone\\\\u202e\\tx\\n'
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def record_from_result(doc_id: str, result: Result) -> Record:
    return Record(
        id=doc_id,
        text=result.text,
        source=result.source,
        language=result.language,
        fixes=tuple(str(f) for f in result.fixes),
        removed=tuple(
            Span(str(r.category), r.start, r.end, r.rule, r.reason, r.text) for r in result.removed
        ),
    )


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}\x1b[0m" if self.color and text else text


def render_record(record: Record, color: bool = False) -> str:
    """The terminal view of one record.

    >>> menu = Span("navigation", 0, 4, "r", "why", "Menu")
    >>> rec = Record("d1", "Body.", "Menu\\nBody.", "en", (), (menu,))
    >>> print(render_record(rec))
    d1 · en · 44.4% removed (4 of 9 chars) · encoding repairs: none
    ------------------------------------------------------------------------
    [navigation#1: Menu]
    Body.
    ------------------------------------------------------------------------
    #1 navigation  0-4  why (rule r)  'Menu'
    """
    paint = _Paint(color)
    spans = sorted(record.removed, key=lambda s: (s.start, s.end))
    fixes = ", ".join(record.fixes) or "none"
    head = (
        f"{safe(record.id)} · {safe(record.language)} · {100 * record.share_removed:.1f}% removed "
        f"({record.removed_chars:,} of {record.removed_chars + len(record.text):,} chars) · "
        f"encoding repairs: {safe(fixes)}"
    )
    rule = "-" * RULE_WIDTH
    lines = [paint(head, "1"), rule]
    if record.source is None:
        lines.append(paint("(no source in this record: kept text, then the removals)", "2"))
        lines.append(safe(record.text))
    else:
        lines.append(_marked_source(record.source, spans, paint))
    lines.append(rule)
    width = max((len(s.category) for s in spans), default=0)
    for number, span in enumerate(spans, 1):
        excerpt = span.text if len(span.text) <= MAX_LISTED_TEXT else span.text[:MAX_LISTED_TEXT]
        excerpt = repr(excerpt) + ("…" if len(span.text) > MAX_LISTED_TEXT else "")
        why = span.reason + (f" (rule {span.rule})" if span.rule else "")
        label = paint(f"#{number} {span.category:<{width}}", "1;" + style_for(span.category).ansi)
        lines.append(f"{label}  {span.start}-{span.end}  {safe(why)}  {safe(excerpt)}")
    if not spans:
        lines.append("nothing removed")
    return "\n".join(lines)


def _marked_source(source: str, spans: list[Span], paint: _Paint) -> str:
    out: list[str] = []
    pos = 0
    for number, span in enumerate(spans, 1):
        if span.start < pos or span.end > len(source):
            continue  # malformed: listed below, not placed
        sgr = style_for(span.category).ansi
        out.append(safe(source[pos : span.start]))
        out.append(paint(f"[{span.category}#{number}: ", "1;" + sgr))
        out.append(paint(safe(source[span.start : span.end]), sgr))
        out.append(paint("]", "1;" + sgr))
        pos = span.end
    out.append(safe(source[pos:]))
    return "".join(out).strip("\n")


def clean_file(path: Path) -> Result:
    """Clean one file: HTML through the HTML stage when the package has one, else as text."""
    data = path.read_bytes()
    if path.suffix.lower() in HTML_SUFFIXES:
        clean_html = getattr(Cleaner(Settings()), "clean_html", None)
        if clean_html is not None:
            return clean_html(data)
    return clean(data.decode("utf-8", errors="replace"))


def find_record(doc_id: str, out_dir: Path) -> Record | str:
    """The record with this id in a run, or the reject reason if it was rejected."""
    if not out_dir.is_dir():
        raise LookupError(f"{doc_id!r} is not a file, and there is no output directory {out_dir}")
    record = find_by_id(out_dir, doc_id)
    if record is not None:
        return record
    for reject in iter_rejects(out_dir):
        if reject.id == doc_id:
            return reject.reason
    raise LookupError(f"no document {doc_id!r} in {out_dir}")


def _shard_line(path: Path, line: int) -> Record:
    for where, raw in iter_objects(path, ReadProblems()):
        if where == f"{path.name}:{line}":
            return Record.from_mapping(raw, fallback_id=where)
    raise LookupError(f"no JSON record on line {line} of {path}")


def show(path_or_id: str | Path, out_dir: Path | None = None, *, color: bool = False) -> str:
    """One document as terminal text: a file (cleaned now), ``SHARD.jsonl:LINE``, or an id."""
    target = str(path_or_id)
    path = Path(target)
    if path.is_file():
        return render_record(record_from_result(path.name, clean_file(path)), color)
    shard_line = split_shard_line(target)
    if shard_line and Path(shard_line[0]).is_file():
        return render_record(_shard_line(Path(shard_line[0]), shard_line[1]), color)
    found = find_record(target, Path(out_dir) if out_dir is not None else DEFAULT_OUT)
    if isinstance(found, str):
        return f"{safe(target)}: rejected ({safe(found)})"
    return render_record(found, color)


def add_show_subcommand(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``show``; the parsed args carry ``func`` to call with them."""
    parser = subparsers.add_parser(
        "show",
        help="print one document with its removed spans marked by category",
        description="Print one document with every removed span marked [category#N: ...] "
        "and listed with its reason. FILE_OR_ID is a file to clean now, "
        "SHARD.jsonl:LINE, or a document id in the --out directory.",
    )
    parser.add_argument("target", metavar="FILE_OR_ID")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="run directory to look ids up in"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the spans (auto: when stdout is a terminal and NO_COLOR is unset)",
    )
    parser.set_defaults(func=_run_show)
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _run_show(args: argparse.Namespace) -> int:
    try:
        text = show(args.target, args.out, color=_use_color(args.color))
    except LookupError as exc:
        print(f"cleaner show: {exc.args[0]}", file=sys.stderr)
        return 1
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `cleaner show ID | head`: the reader has gone; that is not an error. Point
        # stdout at devnull so the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
