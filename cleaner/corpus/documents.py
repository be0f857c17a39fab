"""What readers produce and workers consume: documents and rejects.

A reader turns every input unit (a line of JSONL, a .txt file, a WARC record,
a Parquet row, a missing file) into exactly one item: a ``Document`` to clean
or a ``Reject`` naming where it was and why it could not be read. Counting
items is counting documents in, so ``docs in = cleaned + rejected`` holds by
construction. A JSONL line may also travel as a ``Record``, framed but not yet
decoded: the worker that cleans it decodes it into one of the other two; or, from
an uncompressed file, as a ``LineRange``: only where its records are, for the
worker to read them from the file itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class Document:
    """One document to clean.

    Attributes:
        id: the record's own id, else ``where``.
        where: ``file:line`` (or ``file``, ``file:row N``, ``file@offset``) for messages.
        content: the text (``mode == "text"``) or the page (``mode == "html"``, str or bytes).
        mode: which cleaner runs on it.
        site: what repeated-boilerplate counting groups by (url host, else source file).
        url: the page's url, when the input gave one.
        fields: every other input field, passed through to the output record.
        nbytes: input bytes this document accounts for (progress and summary).
    """

    id: str
    where: str
    content: str | bytes
    mode: Mode = "text"
    site: str = ""
    url: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    nbytes: int = 0


@dataclass(frozen=True, slots=True)
class Reject:
    """An input unit that produced no cleaned document, and why."""

    where: str
    reason: str
    id: str | None = None
    nbytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "where": self.where, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Record:
    """A JSONL line not decoded yet (``readers.decode`` makes it a Document or a Reject).

    The process that reads the input only frames lines; parsing JSON and finding
    the site (the url's host) happen in the worker that cleans the record, so
    with several workers the reading process is not what limits the run.
    """

    where: str
    line: bytes
    source: str  # the file: a record without a url counts repeated lines under it
    nbytes: int = 0


@dataclass(frozen=True, slots=True)
class LineRange:
    """``count`` consecutive JSONL records left in their uncompressed file: the bytes
    ``[start, end)`` of ``source``, whose first line is line ``first_line``.

    The reading process only finds where records end; the worker that handles a
    range reads and frames it (``readers.expand``) into the very ``Record`` items
    the reader would have made, so no input bytes travel between processes. A
    range starts where the previous item ended (blank lines before a record are
    its bytes) and ends just after its last record's line.
    """

    source: str
    start: int
    end: int
    first_line: int
    count: int = 1

    @property
    def nbytes(self) -> int:
        return self.end - self.start


Item = Document | Reject | Record | LineRange
