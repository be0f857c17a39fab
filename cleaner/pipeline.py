"""The Cleaner: runs the stages in order and builds the Result.

Stages, in the order data flows:

1. encoding repair (``encoding``): ftfy, explained, fast path for clean lines;
2. segmentation (``segment``): text -> blocks with offsets;
3. rule scan (``rules``): every category's patterns, two compiled passes;
4. context (``classify``): hits + position + neighbours -> decisions, repeated on
   the kept blocks until nothing more goes, so cleaning the output again
   removes nothing;
5. language (``language``): on a bounded sample of the kept text.

The kept text and the removals are built by one compiled loop (``outputs``:
``cleaner._build.outputs``; ``outputs_plain`` is its definition), which leaves the
removals, that can hold no reference cycle, untracked by the garbage collector, and
their list too (a caller who puts a cycle through ``Result.removed`` leaves it to
reference counting).

A document longer than ``Settings.max_document_chars`` goes through no stage:
``clean`` stays total and returns it wholly removed, with the reason, while
``check`` raises ``DocumentTooLarge`` for callers (the corpus runner) that
reject such documents before doing any work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from itertools import compress, repeat
from operator import is_, itemgetter

from .classify import BlockInfo, Decision, ScorerDecisions, describe_all, settle, settle_texts
from .encoding import EncodingRepair, Repaired
from .language import LanguageIdentifier
from .result import Category, Removal, Result
from .rules import RuleSet
from .segment import Block, split_texts
from .settings import Settings

try:
    from ._build import outputs as _outputs_kernel
    from ._build import record as _record_kernel
except ImportError:  # not compiled (no C compiler at install): the plain definition
    _outputs_kernel = _record_kernel = None

MAX_CONTEXT_PASSES = 8  # each pass removes at least one block; real pages settle in 2
TOO_LARGE_RULE = "max_document_chars"


class DocumentTooLarge(ValueError):
    """A document longer than ``Settings.max_document_chars``; ``str()`` is the reason."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(too_large_reason(limit))
        self.length = length
        self.limit = limit


def too_large_reason(limit: int) -> str:
    """The reason a too-long document is rejected.

    >>> too_large_reason(50_000_000)
    'document longer than the limit (50000000 chars)'
    """
    return f"document longer than the limit ({limit} chars)"


class Cleaner:
    """Cleans documents with one immutable ``Settings``; reusable and thread-safe."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._repair = EncodingRepair(self.settings)
        self._rules = RuleSet(self.settings.categories)
        self._identify = LanguageIdentifier(self.settings)
        self._decisions = ScorerDecisions()  # the scorer's reasons, built once across documents

    def check(self, text: str | bytes) -> None:
        """Raise ``DocumentTooLarge`` if ``text`` is over the size limit; else do nothing.

        An undecoded page (bytes, for ``clean_html``) counts its bytes, at least its chars.
        """
        limit = self.settings.max_document_chars
        if limit is not None and len(text) > limit:
            raise DocumentTooLarge(len(text), limit)

    def clean(self, text: str) -> Result:
        """Clean one document's text; never raises on a ``str``."""
        if not isinstance(text, str):
            raise TypeError(f"clean() takes a str, not {type(text).__name__}")
        try:
            self.check(text)
        except DocumentTooLarge as error:
            return _rejected(text, str(error))
        repaired = self._repair(text) if self.settings.repair_encoding else Repaired(text, [])
        source = repaired.text
        blocks, texts = split_texts(source)  # the blocks, and their texts as a list
        # self.settle(self.measure(source, blocks, texts)), without a BlockInfo per block.
        hits = self._rules.scan(source, blocks)
        if len(texts) != len(blocks):
            texts = list(map(itemgetter(2), blocks))
        decisions = settle_texts(texts, hits, MAX_CONTEXT_PASSES, decisions=self._decisions)
        kept_text, removed = outputs(source, blocks, decisions)
        language = self._identify(kept_text or source)
        return _new_result(kept_text, source, removed, language, repaired.fixes)

    def clean_html(self, html: str | bytes, url: str | None = None) -> Result:
        """Clean one HTML page (see ``cleaner.html``); ValueError if it is unusable."""
        from .html import clean_html_with  # lxml and trafilatura load only when used

        return clean_html_with(self, html, url)

    def decide(self, source: str, blocks: Sequence[Block]) -> list[Decision | None]:
        """Decide every block, re-judging the kept ones until nothing more goes."""
        return self.settle(self.measure(source, blocks))

    def measure(
        self, source: str, blocks: Sequence[Block], texts: list[str] | None = None
    ) -> list[BlockInfo]:
        """The rule hit and the measurements of every block (stages 3 and 4's input);
        ``texts``: the blocks' texts, if at hand (``split_texts``)."""
        hits = self._rules.scan(source, blocks)
        if texts is None or len(texts) != len(blocks):
            texts = list(map(itemgetter(2), blocks))  # Block.text, by a C loop
        # settle reads the features from the document's matrix.
        return describe_all(texts, hits, features=False)

    def settle(self, infos: Sequence[BlockInfo]) -> list[Decision | None]:
        """Classify the blocks, then the kept ones again, until nothing more goes."""
        return settle(infos, MAX_CONTEXT_PASSES, decisions=self._decisions)


def _rejected(text: str, reason: str) -> Result:
    """The Result of a document not processed: all of it removed, as it came."""
    end = len(text.rstrip())
    start = end - len(text[:end].lstrip())
    removed = [] if start == end else [_removal(text, start, end, _too_large(reason))]
    return Result(text="", source=text, removed=removed)


def _too_large(reason: str) -> Decision:
    return Decision(Category.NON_MAIN, reason, TOO_LARGE_RULE)


def outputs(
    source: str, blocks: Sequence[Block], decisions: Sequence[Decision | None]
) -> tuple[str, list[Removal]]:
    """The kept text (the kept blocks' texts, one a line) and the removals of a document.

    ``blocks`` are ``split_blocks(source)``'s (each text its span of ``source``, as
    ``Block`` promises: the compiled kernel copies the kept text from those spans).

    >>> source = "Home\\nThe text.\\n  Share"
    >>> decision = Decision(Category.SHARE, "why", "rule")
    >>> text, removed = outputs(source, split_texts(source)[0], [None, None, decision])
    >>> text, [(r.text, r.start, r.end) for r in removed]
    ('Home\\nThe text.', [('Share', 17, 22)])
    """
    if _outputs_kernel is not None and _new_removal is not Removal:
        listed = blocks if type(blocks) is list else list(blocks)
        chosen = decisions if type(decisions) is list else list(decisions)
        return _outputs_kernel(source, listed, chosen, Removal, *_SLOTS, Category)
    return outputs_plain(source, blocks, decisions)


def outputs_plain(
    source: str, blocks: Sequence[Block], decisions: Sequence[Decision | None]
) -> tuple[str, list[Removal]]:
    """``outputs`` without the compiled kernel (``cleaner._build.outputs``): its definition."""
    # The kept blocks' texts (Block.text is its third field), picked by a C loop.
    kept = compress(map(itemgetter(2), blocks), map(is_, decisions, repeat(None)))
    return "\n".join(kept), _removals(source, blocks, decisions)


def _removals(
    source: str, blocks: Sequence[Block], decisions: Sequence[Decision | None]
) -> list[Removal]:
    """One Removal per run of adjacent removed blocks that share a category and reason."""
    out: list[Removal] = []
    removed = [i for i, d in enumerate(decisions) if d is not None]
    count = len(removed)
    k = 0
    while k < count:
        first = last = removed[k]
        decision = decisions[first]
        k += 1
        while k < count and removed[k] == last + 1:
            other = decisions[last + 1]
            # Identity first: a run's blocks usually share one Decision object; then the
            # reason, which tells most unequal decisions apart without a dataclass __eq__.
            if other is not decision and (other.reason != decision.reason or other != decision):
                break
            last += 1
            k += 1
        out.append(_removal(source, blocks[first].start, blocks[last].end, decision))
    return out


def _removal(source: str, start: int, end: int, decision: Decision) -> Removal:
    text = source[start:end]
    return _new_removal(decision.category, text, start, end, decision.reason, decision.rule)


_REMOVAL_FIELDS = ("category", "text", "start", "end", "reason", "rule")


def _removal_constructor() -> Callable[..., Removal]:
    """``Removal``'s constructor, or an equal one that fills its slots directly.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    which looks the field up by name: a page yields a hundred removals, and setting
    the slots through their descriptors builds each in half the time. Used only
    while ``Removal`` is a slotted dataclass of exactly these fields with nothing
    else to run at construction; otherwise ``Removal`` itself.

    >>> from cleaner.result import Category
    >>> args = (Category.FOOTER, "x", 0, 1, "why", "rule")
    >>> _removal_constructor()(*args) == Removal(*args)
    True
    """
    names = tuple(f.name for f in dataclasses.fields(Removal))
    if (
        names != _REMOVAL_FIELDS
        or getattr(Removal, "__slots__", None) != names
        or hasattr(Removal, "__post_init__")
        or any(f.default_factory is not dataclasses.MISSING for f in dataclasses.fields(Removal))
    ):
        return Removal
    set_category, set_text, set_start, set_end, set_reason, set_rule = (
        Removal.__dict__[name].__set__ for name in names
    )
    new = object.__new__

    def build(category, text, start, end, reason, rule):
        removal = new(Removal)
        set_category(removal, category)
        set_text(removal, text)
        set_start(removal, start)
        set_end(removal, end)
        set_reason(removal, reason)
        set_rule(removal, rule)
        return removal

    return build


_new_removal = _removal_constructor()
# The slot descriptors the kernel sets a Removal's fields with and reads a Decision's with.
_SLOTS = (
    tuple(Removal.__dict__[name] for name in _REMOVAL_FIELDS if _new_removal is not Removal),
    tuple(getattr(Decision, name) for name in ("category", "reason", "rule")),
)


_RESULT_FIELDS = ("text", "source", "removed", "language", "fixes")


def _result_constructor() -> Callable[[str, str, list, str, list], Result]:
    """``Result``'s constructor (its fields in order), or an equal one in C that fills its
    slots and leaves it untracked by the garbage collector when nothing in it can lead
    back to it (``cleaner._build.record``): the Results a caller keeps are then not
    revisited by the collector's passes, nor do they set off its full collections.
    Used only while ``Result`` is a slotted dataclass of exactly these fields with
    nothing else to run at construction; otherwise ``Result`` itself.

    >>> args = ("kept", "kept\\nHome", [], "en", [])
    >>> _result_constructor()(*args) == Result(*args)
    True
    """
    names = tuple(f.name for f in dataclasses.fields(Result))
    if (
        _record_kernel is None
        or names != _RESULT_FIELDS
        or getattr(Result, "__slots__", None) != names
        or hasattr(Result, "__post_init__")
    ):
        return Result
    setters = tuple(Result.__dict__[name] for name in names)
    record = _record_kernel

    def build(text: str, source: str, removed: list, language: str, fixes: list) -> Result:
        return record(Result, setters, (text, source, removed, language, fixes))

    return build


_new_result = _result_constructor()
