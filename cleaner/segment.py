"""Stage 2: text -> blocks (non-blank lines) with offsets into the source.

A block is one line with its surrounding whitespace trimmed. Blank lines carry
no decision, so they are not blocks; whitespace between blocks is neither kept
text nor a removal. Blocks are found with one compiled regex over the whole
text, so segmentation is linear in its size; the compiled kernel
(``cleaner._fastscan.split_lines``, built by ``pip install``) finds the same
blocks and builds them in C, and the regex is its plain twin when it is not built.
The kernel finds each line's end by a search for "\\n" (eight characters at a time in
a two-byte text), classifies only the few characters around its ends, copies the
line once (a two-byte line read once more for the narrowest kind that holds it),
and leaves the blocks (ints and a str: no cycle possible) untracked by the garbage
collector, whose passes would otherwise revisit every block of the document while
later stages allocate. ``split_texts`` also hands over the texts as a list, built
in the same pass, for the stages that read the texts alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

try:
    from ._fastscan import split_lines as _split_lines
except ImportError:  # not compiled (no C compiler at install): the plain definition
    _split_lines = None

# From a non-space character to the last non-space one of its line. A match
# can only start on a non-space, so each line is scanned a bounded number of times.
_BLOCK_RE = re.compile(r"\S(?:[^\n]*\S)?")


class Block(NamedTuple):
    """A non-blank line: ``source[start:end] == text``.

    Immutable like a frozen dataclass, but a tuple: a page has hundreds of
    blocks and a tuple is built in a quarter less time.
    """

    start: int
    end: int
    text: str


def split_blocks(text: str) -> list[Block]:
    """Return the non-blank lines of ``text`` with their trimmed offsets.

    >>> [b.text for b in split_blocks("  Title \\n\\n body.\\n")]
    ['Title', 'body.']
    >>> split_blocks("a\\n b")[1].start
    3
    """
    if _split_lines is not None:
        return _split_lines(text, Block)
    return split_blocks_plain(text)


def split_texts(text: str) -> tuple[list[Block], list[str]]:
    """``split_blocks(text)`` and the blocks' texts, in one pass (the texts as a list, as the
    pipeline's rules and measures read them).

    >>> blocks, texts = split_texts("  Title \\n\\n body.\\n")
    >>> texts, texts[1] is blocks[1].text
    (['Title', 'body.'], True)
    """
    if _split_lines is not None:
        texts: list[str] = []
        return _split_lines(text, Block, texts), texts
    blocks = split_blocks_plain(text)
    return blocks, [block.text for block in blocks]


def split_blocks_plain(text: str) -> list[Block]:
    """``split_blocks`` without the compiled kernel: the definition it must equal.

    >>> split_blocks_plain(" a b \\n\\tc") == split_blocks(" a b \\n\\tc")
    True
    """
    new = tuple.__new__  # skips NamedTuple's Python-level __new__: fields are built right here
    return [new(Block, (*m.span(), m.group())) for m in _BLOCK_RE.finditer(text)]
