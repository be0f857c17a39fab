"""Stage 5: decide each block from its rule hit and its context.

A rule hit alone is rarely the whole story. This stage applies, in order:

1. strong hits: removed wherever they stand;
2. headers ("Popular posts from this blog", "Comments") open a run: late in the
   document the run goes to the end (or the next header), earlier it covers the
   short teaser lines that follow, up to the next sentence-like block;
3. a tweet signature standing alone pulls up the tweet lines above it;
4. on a whole page's text (menus, link lists and footers around the article),
   the learned scorer (``cleaner.scorer``, features in ``cleaner.features``)
   removes the blocks whose article score is low, with the score and the
   context in the reason; the best-scored block, the headline above the first
   paragraph and the lines of a list-shaped run (mostly bullets, quantities,
   "Key: value" pairs: an article's ingredients, specs or table, not a menu)
   are always kept. Whether the text is a whole page is itself learned: the
   page gate (``PageGate``, features ``GATE_NAMES``: block count, runs of short
   lines, what stands before the first and after the last paragraph, repeats,
   rule hits...) was fitted on webeval's full-page texts against extractors'
   outputs of the same pages. Where it is not sure (below ``GATE_SURE``), the
   scorer only removes blocks before the first or after the last paragraph: an
   extractor's output that looks like a page (a joke list, lyrics, a table)
   keeps its article's short lines;
5. on already-extracted text (an extractor's output, or a page after its menus
   went) the scorer stays out: short, non-sentence lines before the first and
   after the last paragraph are trimmed, and weak hits are removed only inside
   boilerplate (at the edges or next to a removed block).

Decisions depend only on the blocks' texts and order, never on offsets or blank
lines, so cleaning the kept text again decides the same way (idempotence).

``classify`` is the definition, one pass over a list of blocks; the pipeline's
fixpoint (``settle``: classify the kept blocks again until nothing more goes) runs
the same steps on the document's arrays, a pass reading its blocks by position, the
scorer inputs and page gate of each subset from one compiled loop
(``cleaner._kernels.subset_rows``), and the scorer's reasons as integer codes whose
Decisions are built once. ``settle_plain`` (classify pass after pass) is its twin.
Its per-block loops are compiled too (``cleaner._decide``: the document's arrays, the
rules' steps, the edges, each subset's measure and page gate, each scorer round with its
Decisions), each beside the numpy twin that runs when the module is not built
(tests/test_decide.py: the same answers). The scorer Decisions reasons repeat across
documents are kept by the caller (``ScorerDecisions``, owned by the ``Cleaner``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import repeat
from operator import is_not
from typing import NamedTuple

import numpy as np

from .features import (
    ALL_NAMES,
    NAMES,
    PROSE_FLAG_COLUMNS,
    PROSE_FLAG_MINIMUMS,
    TITLE_MAX_CHARS,
    TITLE_QUOTE_MIN_CHARS,
    WIDE,
    Layout,
    block_counts,
    block_features,
    block_measures,
    class_table,
    context_features,
    describe_flags,
    document_features,
    layout,
    measure_blocks,
    space_table,
)
from .result import Category
from .rules import Hit
from .rules.base import Strength
from .scorer import Scorer, default_scorer, shipped_weights

try:
    from ._kernels import gate_rows as _gate_rows_kernel
    from ._kernels import subset_rows as _subset_rows_kernel
    from ._kernels import untracked_rows as _untracked_rows
    from ._kernels import words_and_prose as _kernel_words
except ImportError:  # not compiled (no C compiler at install): the numpy definition
    _kernel_words = _gate_rows_kernel = _subset_rows_kernel = _untracked_rows = None
try:  # the context decisions' own steps (cleaner/_decide.c)
    from ._decide import doc_arrays as _doc_arrays_kernel
    from ._decide import document_arrays as _document_arrays_kernel
    from ._decide import edges_step as _edges_step
    from ._decide import measure_subset as _measure_subset
    from ._decide import quote_scan as _quote_scan
    from ._decide import rules_step as _rules_step
    from ._decide import score_round as _score_round
except ImportError:  # not compiled: their twins (_scores_numpy, in_title, _doc_arrays_plain)
    _doc_arrays_kernel = _document_arrays_kernel = _quote_scan = _score_round = None
    _edges_step = _rules_step = _measure_subset = None

PROSE_MIN_WORDS = 10  # a sentence-like block has at least this many words...
PROSE_MIN_CJK_CHARS = 30  # ...or this many characters in scripts written without spaces
SENTENCE_MIN_WORDS = 5  # a shorter block still counts when it ends like a sentence
EDGE_MAX_WORDS = 12  # an edge line longer than this is left alone: it may be content
INTRODUCED_LIST_MAX_LINES = 8  # a colon-ended last paragraph's list is at most this long
TITLE_MIN_WORDS = 2
LATE_HEADER_FROM = 0.5  # a header past this share of the prose runs to the end...
HEADING_PARAGRAPH_WORDS = 30  # ...unless a paragraph this long follows it at once
TWEET_BODY_MAX_CHARS = 600
TWEET_PULL_MAX_BLOCKS = 4

# Each character set is written once and used both as a regex (``describe``)
# and as a lookup table (``describe_all``), so the two cannot drift apart.
_SENTENCE_PUNCT = ".!?;:,…。！？，；：、»“”\"')"
_SENTENCE_END = ".!?…。！？"
_CLOSERS = "\"'”’»)]"
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0x0E00, 0x0E7F),
)
_SENTENCE_PUNCT_RE = re.compile(f"[{re.escape(_SENTENCE_PUNCT)}]")
_SENTENCE_END_RE = re.compile(f"[{re.escape(_SENTENCE_END)}][{re.escape(_CLOSERS)}]?$")
_SOCIAL_MARK_RE = re.compile(r"pic\.twitter\.com|https?://|(?<!\w)[@#]\w")
# A comma between words: menu labels above an article are single names, while
# a subtitle or a short description ("Handpicked, washed, sun-dried") lists phrases.
_PHRASE_LIST_RE = re.compile(r"\w, \w")
_CJK_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one block is removed."""

    category: Category
    reason: str
    rule: str


class BlockInfo(NamedTuple):
    """What the context rules need to know about one block, measured once.

    Immutable like a frozen dataclass, but a tuple (as ``cleaner.segment.Block``):
    a page has hundreds of blocks and a tuple is built in a third of the time.
    Blocks are told apart by identity (``ScoreMemo``), never compared.
    """

    text: str
    words: int
    prose: bool
    hit: Hit | None
    # The block's own features (``cleaner.features.NAMES``), measured for the
    # whole document at once by ``describe_all``; None when measured alone (or when
    # ``describe_all`` was told to leave them in the document's matrix).
    features: np.ndarray | None = None


def describe_all(
    texts: Sequence[str], hits: Sequence[Hit | None], features: bool = True
) -> list[BlockInfo]:
    """Measure every block of a document, its scorer features in one vectorized pass.

    With ``features`` False, the blocks' ``features`` may be None where the document's
    matrix holds them (``Described.rows``, which ``settle`` reads): the pipeline's choice,
    a row object per block costing about as much as the block's own tuple.

    >>> infos = describe_all(["Home", "The council met on Monday, as planned."], [None, None])
    >>> [b.prose for b in infos]
    [False, True]
    >>> [b.features is None for b in describe_all(["Home"], [None], features=False)]
    [True]
    """
    if not texts:
        return []
    texts = texts if type(texts) is list else list(texts)
    hits = hits if type(hits) is list else list(hits)
    # Features, words and prose, and the rows, in one compiled pass when it reads the texts.
    flags, minimums = _describe_settings()
    described = Described()
    measured = measure_blocks(texts, flags, minimums, (BlockInfo, hits, Hit, described), features)
    if measured is not None:
        rows, words, prose = measured
    else:
        # The compiled kernels read the texts themselves: no numpy layout to build.
        laid = layout(texts) if _kernel_words is None else None
        joined = laid.joined if laid is not None else "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:  # not lines: one by one
            rows = block_features(texts)
            return [describe(t, h, row) for t, h, row in zip(texts, hits, rows, strict=True)]
        rows = block_features(texts, laid)
        words, prose = _words_and_prose(laid) if laid is not None else _words_kernel(texts)
        if _untracked_rows is not None:
            # Rows the garbage collector need not revisit (see _kernels.c: untracked_rows).
            views = rows if features else [None] * len(texts)
            described.extend(_untracked_rows(BlockInfo, (texts, words, prose, hits, views), Hit))
        else:
            # tuple.__new__ skips NamedTuple's Python-level __new__ (the fields are built
            # right here), and map runs it in a C loop.
            views = rows if features else repeat(None, len(texts))
            fields = zip(texts, words, prose, hits, views, strict=True)
            described.extend(map(tuple.__new__, repeat(BlockInfo), fields))
    described.rows, described.words, described.prose = rows, words, prose
    described.texts, described.hits = texts, hits
    return described


def _describe_settings() -> tuple[np.ndarray, tuple[int, int, int]]:
    """``measure_blocks``' flags and prose minimums (``describe``'s)."""
    flags = describe_flags(_CJK_RANGES, _SENTENCE_PUNCT, _SENTENCE_END, _CLOSERS)
    return flags, (PROSE_MIN_WORDS, PROSE_MIN_CJK_CHARS, SENTENCE_MIN_WORDS)


class _Blocks:
    """``describe_all(texts, hits, features=False)``'s blocks as ``settle`` reads them,
    without a ``BlockInfo`` per block: the few blocks a pass reads one by one (a tweet's,
    the scored ones of a short page) are built when first asked for, each once (the
    same object when asked again), equal to ``describe_all``'s.

    ``settle_texts`` hands it to ``_Settling``, which reads the document's arrays
    (``texts``, ``hits``, ``rows``, ``words``, ``prose``, as ``Described`` holds them).
    """

    __slots__ = ("built", "hits", "prose", "rows", "texts", "words")

    def __init__(self, texts: list[str], hits: list, rows: np.ndarray, words: list, prose: list):
        self.texts, self.hits, self.rows, self.words, self.prose = texts, hits, rows, words, prose
        self.built: dict[int, BlockInfo] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> BlockInfo:
        found = self.built.get(i)
        if found is None:
            info = (self.texts[i], self.words[i], self.prose[i], self.hits[i], None)
            found = self.built[i] = tuple.__new__(BlockInfo, info)
        return found


def _hit_rows(hits: Sequence[object]) -> list[int]:
    """The indices of the items that are not None (a C loop over the list, then the few).

    >>> _hit_rows([None, "hit", None, "hit"])
    [1, 3]
    """
    found = np.fromiter(map(is_not, hits, repeat(None)), dtype=bool, count=len(hits))
    return np.flatnonzero(found).tolist()


def _described(infos: Sequence[BlockInfo]) -> Described | None:
    """``infos`` if it is ``describe_all``'s list as it was returned (not grown or cut)."""
    if isinstance(infos, Described) and len(infos.rows) == len(infos) == len(infos.texts):
        return infos
    return None


class Described(list):
    """``describe_all``'s blocks, with what they were measured from kept whole.

    A list of ``BlockInfo`` like any other, plus the document's ``block_features``
    matrix (``rows``: each block's ``features`` is a row of it) and the blocks'
    ``words`` and ``prose`` as lists, and the ``texts`` and ``hits`` it was given:
    ``settle`` reads the document from these instead of gathering them block by block.
    """

    __slots__ = ("hits", "prose", "rows", "texts", "words")


@cache
def _char_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``describe``'s regexes as BMP tables: CJK, sentence punctuation, sentence ends, closers."""
    cjk = np.zeros(0x10000, dtype=bool)
    for lo, hi in _CJK_RANGES:
        cjk[lo : hi + 1] = True
    return cjk, class_table(_SENTENCE_PUNCT), class_table(_SENTENCE_END), class_table(_CLOSERS)


def _words_kernel(texts: Sequence[str]) -> tuple[list[int], list[bool]]:
    """``_words_and_prose`` by the compiled kernel (``cleaner._kernels``), text by text."""
    cjk_table, punct_table, end_table, closer_table = _char_tables()
    return _kernel_words(
        texts if type(texts) is list else list(texts),
        cjk_table,
        punct_table,
        end_table,
        closer_table,
        PROSE_MIN_WORDS,
        PROSE_MIN_CJK_CHARS,
        SENTENCE_MIN_WORDS,
    )


def _words_and_prose(laid: Layout) -> tuple[list[int], list[bool]]:
    """``describe``'s ``words`` and ``prose`` for every block at once, from table lookups.

    Exactly ``describe``: a word is a run of non-space characters (``str.split``;
    the feature classes' SPACE is ``str.isspace``, and no astral character is a
    space), and the punctuation and CJK tests are the regexes' character sets.
    """
    cjk_table, punct_table, end_table, closer_table = _char_tables()
    n = len(laid.lengths)
    bmp, owner = laid.bmp, laid.owner
    space = space_table().take(bmp)
    word_start = ~space
    word_start[1:] &= space[:-1]
    words = np.bincount(owner[word_start], minlength=n)
    cjk = np.bincount(owner[cjk_table.take(bmp)], minlength=n)
    words = np.where(cjk > 0, np.maximum(words, cjk // 2), words)
    has_punct = np.bincount(owner[punct_table.take(bmp)], minlength=n) > 0
    last = bmp[laid.ends - 1]
    before = bmp[np.maximum(laid.ends - 2, laid.starts)]
    ends = end_table[last] | (closer_table[last] & end_table[before] & (laid.lengths >= 2))
    long_enough = (words >= PROSE_MIN_WORDS) | (cjk >= PROSE_MIN_CJK_CHARS)
    prose = (long_enough & has_punct) | ((words >= SENTENCE_MIN_WORDS) & ends)
    return words.tolist(), prose.tolist()


def describe(text: str, hit: Hit | None, features: np.ndarray | None = None) -> BlockInfo:
    """Measure one block.

    >>> describe("Skip to main content", None).prose
    False
    >>> describe("The council said it approved the budget, after a long debate.", None).prose
    True
    """
    words = len(text.split())
    cjk = len(_CJK_RE.findall(text)) if not text.isascii() else 0
    if cjk:
        words = max(words, cjk // 2)
    long_enough = words >= PROSE_MIN_WORDS or cjk >= PROSE_MIN_CJK_CHARS
    prose = (long_enough and _SENTENCE_PUNCT_RE.search(text) is not None) or (
        words >= SENTENCE_MIN_WORDS and _SENTENCE_END_RE.search(text) is not None
    )
    return BlockInfo(text, words, prose, hit, features)


def classify(
    blocks: Sequence[BlockInfo], scorer: Scorer | None = None, memo: ScoreMemo | None = None
) -> list[Decision | None]:
    """Return, per block, why it is removed, or None to keep it.

    ``scorer`` defaults to the shipped one (``cleaner.scorer.default_scorer``).
    ``memo`` carries measurements from an earlier pass over the same document.
    """
    decisions: list[Decision | None] = [None] * len(blocks)
    # The rules' steps read only the blocks with a hit: most blocks have none.
    hit_rows = [i for i, b in enumerate(blocks) if b.hit is not None]
    if hit_rows:
        _apply_strong_hits(blocks, decisions, hit_rows)
        _apply_header_runs(blocks, decisions, hit_rows)
        _apply_tweet_bodies(blocks, decisions, hit_rows)
    scorer = scorer or default_scorer()
    memo = memo or ScoreMemo()
    x = memo.inputs(blocks) if blocks else None
    page = memo.page_probability(x, blocks) if scorer is not None and x is not None else 0.0
    if page >= GATE_THRESHOLD:
        _apply_scorer_rounds(blocks, decisions, scorer, x, memo, inside=page >= GATE_SURE)
    else:
        # Already-extracted text: only the rules, their runs and the weak hits
        # beside them; an extractor's short lines are its article's.
        first, last = _article_bounds(blocks, decisions)
        if first is not None and EXTRACTED_EDGES:
            _apply_edges(blocks, decisions, first, last)
        _apply_weak_hits(blocks, decisions, first, last)
    return decisions


class ScoreMemo:
    """The scorer inputs and scores of the block subsets one document has been measured on.

    The pipeline's fixpoint loop classifies the kept blocks again, and that
    pass starts from exactly the subset the previous pass's last scoring round
    measured: the memo hands back those arrays instead of rebuilding them. It
    lives for one document (``Cleaner.decide``); subsets are keyed by the
    identity of their ``BlockInfo`` objects, which the caller keeps alive.
    The arrays it returns are shared: treat them as read-only.

    The first subset measured is taken as the document: what every later
    subset's features need from the texts (the blocks' own rows, weak hits,
    which texts repeat, their lengths) is gathered into arrays once, and a
    subset's inputs are then array lookups (``_Document``).
    """

    __slots__ = (
        "_doc",
        "_gates",
        "_inputs",
        "_lexical",
        "_scores",
        "_texts",
        "_where",
        "decisions",
    )

    def __init__(self) -> None:
        self._inputs: dict[tuple[int, ...], np.ndarray] = {}
        self._scores: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        # The page gate's answer per measured subset: a pass that starts where the last
        # scoring round stopped asks it again about the same blocks.
        self._gates: dict[int, tuple[np.ndarray, float]] = {}
        self._doc: _Document | None = None
        self._where: dict[int, np.ndarray] = {}  # id(inputs) -> the subset's positions
        # A lexicon scorer's logits of the document's blocks (they depend on each text
        # alone), and the texts of subsets measured outside the document.
        self._lexical: tuple[Scorer, np.ndarray] | None = None
        self._texts: dict[int, list[str]] = {}
        # The scorer's decisions made on this document, by (reason, hit, where): a page
        # repeats a few reasons, and an equal Decision is the same whichever object it is.
        self.decisions: dict[tuple[str, Hit | None, int], Decision] = {}

    def inputs(self, blocks: Sequence[BlockInfo]) -> np.ndarray:
        key = tuple(map(id, blocks))
        x = self._inputs.get(key)
        if x is None:
            x = self._inputs[key] = self._measure(blocks, key)
        return x

    def _measure(self, blocks: Sequence[BlockInfo], key: tuple[int, ...]) -> np.ndarray:
        if self._doc is None and all(b.features is not None for b in blocks):
            self._doc = _Document(blocks, key)
        where = self._doc.positions(key) if self._doc is not None else None
        if where is None:  # blocks from elsewhere: measured from their texts
            x = _inputs(blocks)
            self._texts[id(x)] = [b.text for b in blocks]
            return x
        x = self._doc.inputs(where)
        self._where[id(x)] = where
        return x

    def list_items(self, blocks: Sequence[BlockInfo], x: np.ndarray, prose: np.ndarray) -> list:
        """Per block measured as ``x``: whether it is shaped like a list item (prose: False)."""
        where = self._where.get(id(x))
        if where is None or self._doc is None:
            return _list_items(blocks, prose)
        return self._doc.list_items(where, prose)

    def page_probability(self, x: np.ndarray, blocks: Sequence[BlockInfo]) -> float:
        """``whole_page_probability`` of the blocks measured as ``x`` (by ``inputs``)."""
        cached = self._gates.get(id(x))
        if cached is None or cached[0] is not x:
            cached = self._gates[id(x)] = (x, whole_page_probability(x, blocks))
        return cached[1]

    def probabilities(self, scorer: Scorer, x: np.ndarray) -> np.ndarray:
        key = (id(scorer), id(x))
        cached = self._scores.get(key)
        if cached is None or cached[0] is not x:
            cached = self._scores[key] = (x, scorer.probabilities(x, self._lexical_of(scorer, x)))
        return cached[1]

    def _lexical_of(self, scorer: Scorer, x: np.ndarray) -> np.ndarray | None:
        """``scorer.lexical`` of the blocks measured as ``x``: the document's, looked up."""
        if scorer.lexicon is None:
            return None
        where = self._where.get(id(x))
        if where is None or self._doc is None:
            return scorer.lexical(self._texts[id(x)])
        if self._lexical is None or self._lexical[0] is not scorer:
            self._lexical = (scorer, scorer.lexical(self._doc.texts))
        return self._lexical[1][where]


WEAK = Strength.WEAK
HEADER = Strength.HEADER


LOG_TABLES_KEPT = 1 << 16  # documents up to this many blocks share one log table


def _log_tables(count: int) -> tuple[np.ndarray, np.ndarray]:
    """log1p(k) and log(k) of the whole numbers k < ``count`` at least (read-only):
    numpy's values, the same wherever a number stands in the array (its vector loops
    compute each element alone), so documents share one table.

    >>> one, two = _log_tables(3)
    >>> len(one) >= 3, float(one[2]) == float(np.log1p(2.0)), float(two[1])
    (True, True, 0.0)
    """
    return _shared_log_tables() if count <= LOG_TABLES_KEPT else _whole_logs(count)


@cache
def _shared_log_tables() -> tuple[np.ndarray, np.ndarray]:
    tables = _whole_logs(LOG_TABLES_KEPT)
    for table in tables:
        table.flags.writeable = False  # shared: read-only
    return tables


def _whole_logs(count: int) -> tuple[np.ndarray, np.ndarray]:
    whole = np.arange(count, dtype=np.float64)
    with np.errstate(divide="ignore"):  # log(0) is never read: a text occurs once
        return np.log1p(whole), np.log(whole)


TWEET_RULE = "tweet_signature"  # the rule whose hit pulls up the tweet lines above it


def _doc_arrays(texts: list[str], hits: list[Hit | None]) -> tuple[np.ndarray, ...]:
    """``_doc_arrays_plain`` by the compiled loop (``cleaner._decide.doc_arrays``) when built."""
    n = len(texts)
    if _doc_arrays_kernel is not None:
        flags = [np.empty(n, dtype=bool) for _ in range(4)]
        arrays = (np.empty(n, dtype=np.intp), np.empty(n, dtype=np.intp), *flags, np.empty(n))
        if _doc_arrays_kernel(texts, hits, WEAK, HEADER, TWEET_RULE, *arrays):
            return arrays
    return _doc_arrays_plain(texts, hits)


def _doc_arrays_plain(texts: list[str], hits: list[Hit | None]) -> tuple[np.ndarray, ...]:
    """Per block of a document: its text's id (the index of the text's last copy), its
    length, whether it has a hit, a strong one (not weak), a header, a tweet signature
    (``TWEET_RULE``), and 1.0 for a weak hit.

    >>> ids, lengths, *flags, weak = _doc_arrays_plain(["Home", "News", "Home"], [None] * 3)
    >>> ids.tolist(), lengths.tolist(), weak.tolist()
    ([2, 1, 2], [4, 4, 4], [0.0, 0.0, 0.0])
    """
    n = len(texts)
    last = dict(zip(texts, range(n)))  # the last copy wins, as a dict display
    text_ids = np.fromiter(map(last.__getitem__, texts), dtype=np.intp, count=n)
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=n)
    at = _hit_rows(hits)
    flags = [np.zeros(n, dtype=bool) for _ in range(4)]
    has_hit, strong, header, tweet = flags
    has_hit[at] = True
    strong[[i for i in at if hits[i].strength is not WEAK]] = True
    header[[i for i in at if hits[i].strength is HEADER]] = True
    tweet[[i for i in at if hits[i].rule == TWEET_RULE]] = True
    weak = np.zeros(n)
    weak[[i for i in at if hits[i].strength is WEAK]] = 1.0
    return text_ids, lengths, *flags, weak


class _Arrays(NamedTuple):
    """A document's per-block arrays (``_document_arrays``)."""

    text_ids: np.ndarray  # the index of the text's last copy (``_doc_arrays_plain``)
    lengths: np.ndarray
    has_hit: np.ndarray
    strong: np.ndarray
    header: np.ndarray
    tweet: np.ndarray
    weak: np.ndarray
    prose: np.ndarray  # the features' prose flag and characters (``block_measures``)
    chars: np.ndarray
    words: np.ndarray  # ``describe``'s words and prose (int64, bool)
    said: np.ndarray
    unquoted: np.ndarray  # int8 zeros: what no title quotes
    items: np.ndarray  # int8 -1: no text matched as a list item yet
    any_strong: bool
    any_tweet: bool


def _document_arrays(
    texts: list[str], hits: list[Hit | None], base: np.ndarray, words: list, said: list
) -> _Arrays:
    """``_document_arrays_plain`` by one compiled call (``cleaner._decide.document_arrays``)
    when built: the arrays laid out in four allocations, filled in one pass."""
    n = len(texts)
    if _document_arrays_kernel is None or np.dtype(np.intp).itemsize != 8 or not n:
        return _document_arrays_plain(texts, hits, base, words, said)
    base = np.ascontiguousarray(base, dtype=np.float64)
    # The characters and words as block_measures reads them: the same bits.
    chars, word_counts = block_counts(base)
    ints = np.empty((3, n), dtype=np.intp)
    bools = np.empty((6, n), dtype=bool)
    weak = np.empty(n)
    marks = np.empty((2, n), dtype=np.int8)
    answer = _document_arrays_kernel(
        texts,
        hits,
        WEAK,
        HEADER,
        TWEET_RULE,
        base,
        word_counts,
        PROSE_FLAG_COLUMNS[2:],
        tuple(map(float, PROSE_FLAG_MINIMUMS)),
        words,
        said,
        ints,
        bools,
        weak,
        marks,
    )
    if not answer:
        return _document_arrays_plain(texts, hits, base, words, said)
    text_ids, lengths, counts = ints
    has_hit, strong, header, tweet, prose, flags = bools
    if not answer & 8:  # not exactly ints and bools: numpy reads them
        counts, flags = np.array(words, dtype=np.int64), np.array(said, dtype=bool)
    unquoted, items = marks
    return _Arrays(
        text_ids,
        lengths,
        has_hit,
        strong,
        header,
        tweet,
        weak,
        prose,
        chars,
        counts,
        flags,
        unquoted,
        items,
        bool(answer & 2),
        bool(answer & 4),
    )


def _document_arrays_plain(
    texts: list[str], hits: list[Hit | None], base: np.ndarray, words: list, said: list
) -> _Arrays:
    """A document's arrays (``_Arrays``) from its texts, hits, ``block_features`` rows
    (``base``) and ``describe``'s words and prose flags (lists): ``_doc_arrays``,
    ``block_measures``, numpy's arrays of the lists, and the marks ``_Document`` starts with.

    >>> from cleaner.features import block_features
    >>> texts = ["Home", "The council met on Monday and approved the budget, as planned."]
    >>> arrays = _document_arrays_plain(texts, [None, None], block_features(texts), [1, 11],
    ...                                 [False, True])
    >>> arrays.prose.tolist(), arrays.said.tolist(), arrays.items.tolist()
    ([False, True], [False, True], [-1, -1])
    """
    n = len(texts)
    text_ids, lengths, has_hit, strong, header, tweet, weak = _doc_arrays_plain(texts, hits)
    prose, chars = block_measures(base)
    return _Arrays(
        text_ids,
        lengths,
        has_hit,
        strong,
        header,
        tweet,
        weak,
        prose,
        chars,
        np.array(words, dtype=np.int64),
        np.array(said, dtype=bool),
        np.zeros(n, dtype=np.int8),
        np.full(n, -1, dtype=np.int8),
        bool(strong.any()),
        bool(tweet.any()),
    )


class _Document:
    """One document's blocks as arrays, for measuring any subset of them by index."""

    __slots__ = (
        "arrays",
        "base",
        "chars",
        "distinct",
        "flags",
        "items",
        "lengths",
        "logs",
        "position",
        "prose",
        "quoted",
        "text_ids",
        "texts",
        "unquoted",
        "weak",
    )

    def __init__(
        self,
        blocks: Sequence[BlockInfo],
        key: tuple[int, ...] = (),
        described: Described | None = None,
        said: tuple[list, list] | None = None,
    ) -> None:
        """``key``: the blocks' ids (for ``positions``); ``described``: the blocks, as
        ``describe_all`` returned them (their texts, hits and features read from it);
        ``said``: the blocks' words and prose flags (``describe``'s) as lists, to have them
        as arrays too (``arrays``: ``_document_arrays``; None when not given)."""
        self.position = {k: n for n, k in enumerate(key)}
        n = len(blocks)
        if described is None:
            self.texts = [b.text for b in blocks]
            # np.array stacks equal-length rows several times faster than np.vstack.
            rows = np.array([b.features for b in blocks])
            hits: list[Hit | None] = [b.hit for b in blocks]
        else:
            self.texts, rows, hits = described.texts, described.rows, described.hits
        self.base = rows.reshape(n, len(NAMES))
        self.arrays = None
        if said is not None:
            arrays = self.arrays = _document_arrays(self.texts, hits, self.base, *said)
            self.prose, self.chars = arrays.prose, arrays.chars
            self.text_ids, self.lengths, self.weak = arrays.text_ids, arrays.lengths, arrays.weak
            self.flags = [arrays.has_hit, arrays.strong, arrays.header, arrays.tweet]
            self.unquoted, self.items = arrays.unquoted, arrays.items
        else:
            # Each block's prose flag and characters, the same whichever subset it is in.
            self.prose, self.chars = block_measures(self.base)
            # A text's id is the index of its last copy: equal texts share it, and
            # ``texts[id]`` is the text (ids need not be dense for ``np.bincount``).
            self.text_ids, self.lengths, *self.flags, self.weak = _doc_arrays(self.texts, hits)
            self.unquoted = np.zeros(n, dtype=np.int8)  # what no title quotes
            # LIST_ITEM_RE matches by text id, once read
            self.items = np.full(n, -1, dtype=np.int8)
        self.distinct = self.texts  # each text at its id
        # Per title: which texts (by id) it quotes, as far as measured (-1: not yet).
        self.quoted: dict[str, np.ndarray] = {}
        self.logs: tuple[np.ndarray, np.ndarray] | None = None  # log1p(k), log(k) for k <= n

    def list_items(self, where: np.ndarray, prose: np.ndarray) -> list:
        """``_list_items`` of the blocks at ``where``, each text matched once per document."""
        return self.list_item_flags(where, prose).tolist()

    def list_item_flags(
        self, where: np.ndarray, prose: np.ndarray, wanted: np.ndarray | None = None
    ) -> np.ndarray:
        """``list_items`` as a boolean array; with ``wanted``, only those blocks are
        matched and the others read False. A text is matched once per document (its
        features, prose flag included, are the same wherever it stands)."""
        items, ids = self.items, self.text_ids[where]
        want = ~prose if wanted is None else ~prose & wanted
        unread = ids[want & (items[ids] < 0)]
        if len(unread):
            texts, match = self.texts, LIST_ITEM_RE.match
            unread = np.unique(unread)
            items[unread] = [match(texts[k]) is not None for k in unread.tolist()]
        return want & (items[ids] > 0)

    def list_runs(self, where: np.ndarray, prose: np.ndarray) -> np.ndarray:
        """``_list_runs`` of the blocks at ``where`` (``prose``: their features' prose flags).

        Only lines in runs long enough to be a list are matched: a shorter run is no
        list whatever its lines are.
        """
        short = ~prose
        run = np.cumsum(prose)
        lines = np.bincount(run[short], minlength=len(prose) + 1)
        items = self.list_item_flags(where, prose, lines[run] >= LIST_MIN_LINES)
        return _list_run_flags(prose, items)

    def positions(self, key: tuple[int, ...]) -> np.ndarray | None:
        """The subset's indices in the document, or None if a block is not one of its."""
        found = list(map(self.position.get, key))
        if None in found:
            return None
        return np.array(found, dtype=np.intp)

    def inputs(self, where: np.ndarray) -> np.ndarray:
        """``scorer_inputs`` of the blocks at ``where``, from the document's arrays.

        By the compiled kernel when built (``cleaner._kernels.subset_rows``: one loop,
        numpy's logarithms looked up, its sums done its way), else ``inputs_plain``.
        """
        return self.measure(where, 0)[0]

    def measure(self, where: np.ndarray, strong: int) -> tuple[np.ndarray, np.ndarray]:
        """``inputs`` of the blocks at ``where`` and their ``page_gate_row`` (``strong``: how
        many of them have a strong hit), both from one kernel call when it is built."""
        if _subset_rows_kernel is None or not len(where):
            x = self.inputs_plain(where)
            return x, page_gate_row(x, strong)
        if self.logs is None:
            # Every whole number a logarithm reads is at most the block count.
            self.logs = _log_tables(len(self.texts) + 1)
        m = len(where)
        where = np.ascontiguousarray(where, dtype=np.intp)
        out = np.empty((m, len(ALL_NAMES)))
        stops = np.empty(m)
        weights = np.empty(m)
        gate = np.empty(len(GATE_NAMES))
        title = self.texts[where[0]]
        title_chars = len(title) if len(title) <= TITLE_MAX_CHARS else -1  # too long: no title
        quoted = self.quoted.get(title) if title_chars >= 0 else self.unquoted
        if quoted is None:
            quoted = self.quoted[title] = np.full(len(self.distinct), -1, dtype=np.int8)
        if title_chars >= 0 and _quote_scan is not None:  # in_title's reading, in one loop
            min_chars = TITLE_QUOTE_MIN_CHARS
            _quote_scan(title, self.distinct, self.text_ids, self.lengths, where, quoted, min_chars)
        arrays = (self.base, self.weak, self.prose, self.chars, self.text_ids, self.lengths)
        title_args = (quoted, title_chars, TITLE_QUOTE_MIN_CHARS)
        rows = (*self.logs, WIDE, out, stops, weights)
        gate_args = (_GATE_COLUMN_ARRAY, _DOC_PROSE_SHARE, _GATE_LONG_RUN_LOG, _GATE_TINY_LOG)
        prose = _subset_rows_kernel(*arrays, *title_args, where, *rows, *gate_args, strong, gate)
        if prose < 0:  # texts the title has not been searched for yet: search, then again
            self.in_title(where)
            prose = _subset_rows_kernel(
                *arrays, *title_args, where, *rows, *gate_args, strong, gate
            )
            if prose < 0:  # cannot happen: in_title read them all
                x = self.inputs_plain(where)
                return x, page_gate_row(x, strong)
        if prose:  # ``context_features``' stop_vs_prose: numpy's dot product, as there
            stops, weights = stops[:prose], weights[:prose]
            out[:, _STOP_VS_PROSE] = out[:, _STOP_RATIO] - float(
                np.dot(stops, weights) / weights.sum()
            )
        return out, gate

    def inputs_plain(self, where: np.ndarray) -> np.ndarray:
        """``inputs`` by numpy and ``context_features`` (the kernel's twin)."""
        if not len(where):
            return np.zeros((0, len(ALL_NAMES)))
        ids = self.text_ids[where]
        copies = np.bincount(ids)[ids]
        in_title = self.in_title(where)
        measured = (self.prose[where], self.chars[where])
        return context_features(self.base[where], self.weak[where], copies, in_title, measured)

    def in_title(self, where: np.ndarray) -> np.ndarray:
        """Per block at ``where``: whether the first of them (the title) quotes its text."""
        ids = self.text_ids[where]
        lengths = self.lengths[where]
        title = self.texts[where[0]]
        in_title = np.zeros(len(where), dtype=bool)
        if len(title) <= TITLE_MAX_CHARS:
            # Only a text no longer than the title can be inside it; each text is
            # tested once per title, however many subsets are measured.
            fits = (lengths >= TITLE_QUOTE_MIN_CHARS) & (lengths <= len(title))
            fits[0] = False
            quoted = self.quoted.get(title)
            if quoted is None:
                quoted = self.quoted[title] = np.full(len(self.distinct), -1, dtype=np.int8)
            candidates = ids[fits]
            unread = candidates[quoted[candidates] < 0]
            if len(unread):  # a repeated text is tested again here: the same answer
                distinct = self.distinct
                quoted[unread] = [distinct[k] in title for k in unread.tolist()]
            in_title[fits] = quoted[candidates] > 0
        return in_title


# What tells a whole page's text (menus, link lists, footers and all) from an
# extractor's output of a page, measured on the blocks: ``page_gate_features``.
GATE_NAMES = (
    "log_blocks",
    "prose_share",
    "log_longest_run",
    "long_run_share",
    "prose_block_share",
    "log_lead",
    "log_tail",
    "lead_char_share",
    "tail_char_share",
    "duplicate_share",
    "short_linkish",
    "weak_share",
    "outside_region_share",
    "tiny_share",
    "strong_share",
    "short_log_chars",
)
GATE_LONG_RUN = 6  # a run of this many short lines counts towards ``long_run_share``
GATE_TINY_WORDS = 3  # a block of at most this many words counts towards ``tiny_share``
_GATE_COLUMNS = [
    ALL_NAMES.index(name)
    for name in (
        "prose",
        "log_chars",
        "log_short_run",
        "before_first_prose",
        "after_last_prose",
        "log_duplicates",
        "linkish_per_word",
        "weak_hit",
        "in_main_region",
        "log_words",
    )
]
_DOC_PROSE_SHARE = ALL_NAMES.index("doc_prose_share")
_GATE_COLUMN_ARRAY = np.array(_GATE_COLUMNS, dtype=np.intp)
# The counts' thresholds on the features' log scales (log1p of runs and words).
_GATE_LONG_RUN_LOG = float(np.log1p(GATE_LONG_RUN - 0.5))
_GATE_TINY_LOG = float(np.log1p(GATE_TINY_WORDS + 0.5))
GATE_THRESHOLD = 0.5  # P(whole page) from which the scorer is used...
# ...and from which it also removes blocks inside the article. A trade (``train.py --cv 5
# --post --gate-sure S``): out-of-fold text F1 0.8856 / 0.8826 / 0.8792 at S = 0.7 / 0.8 / 0.9,
# while trafilatura's post-processing gain grows +0.0039 / +0.0049 / +0.0059.
GATE_SURE = 0.8


def page_gate_features(x: np.ndarray, blocks: Sequence[BlockInfo]) -> np.ndarray:
    """One row of ``GATE_NAMES``: the shape of the document as a whole, from its scorer inputs.

    >>> infos = [describe(t, None) for t in ("Home", "News", "The council met on Monday.")]
    >>> f = dict(zip(GATE_NAMES, page_gate_features(_inputs(infos), infos).tolist()))
    >>> f["log_lead"] == float(np.log1p(2)), f["prose_block_share"] == 1 / 3
    (True, True)
    """
    strong = sum(1 for b in blocks if b.hit is not None and b.hit.strength is not WEAK)
    return page_gate_row(x, strong)


def page_gate_row(x: np.ndarray, strong: int) -> np.ndarray:
    """``page_gate_features`` from the scorer inputs and the count of strong (non-weak) hits."""
    n = len(x)
    if _gate_rows_kernel is not None and n:
        # The rows below by one compiled loop; numpy sums them as it does the stack.
        x = np.ascontiguousarray(x, dtype=np.float64)
        rows = np.empty((13, n))
        chars = np.expm1(x[:, _GATE_COLUMNS[1]])
        args = (*_GATE_COLUMNS, _GATE_LONG_RUN_LOG, _GATE_TINY_LOG, rows)
        longest_run = _gate_rows_kernel(x, chars, *args)
        sums = rows.sum(axis=1)
    else:
        sums, longest_run = _gate_sums(x)
    return _gate_features(x, strong, sums, longest_run)


def _gate_sums(x: np.ndarray) -> tuple[np.ndarray, float]:
    """``page_gate_features``' per-block counts summed over the blocks, and the longest run."""
    prose, log_chars, log_run, lead, tail, copies, linkish, weak, region, log_words = x[
        :, _GATE_COLUMNS
    ].T
    prose = prose > 0
    short = ~prose
    chars = np.expm1(log_chars)
    lead = lead > 0
    tail = tail > 0
    # Every per-block count at once: one row per measure, summed over the blocks.
    sums = np.vstack(
        (
            prose,
            log_run >= _GATE_LONG_RUN_LOG,
            lead,
            tail,
            chars * lead,
            chars * tail,
            short & (copies > 0),
            linkish * short,
            weak,
            chars * (region == 0),
            log_words < _GATE_TINY_LOG,
            log_chars * short,
            chars,
        )
    ).sum(axis=1)
    return sums, float(log_run.max())


def _gate_features(x: np.ndarray, strong: int, sums: np.ndarray, longest_run: float) -> np.ndarray:
    """The ``GATE_NAMES`` row from the summed counts (``_gate_sums``) and the strong hits."""
    n = len(x)
    total = max(float(sums[12]), 1.0)
    shorts = max(n - float(sums[0]), 1.0)
    return np.array(
        [
            np.log(n),
            x[0, _DOC_PROSE_SHARE],
            longest_run,
            sums[1] / n,
            sums[0] / n,
            np.log1p(sums[2]),
            np.log1p(sums[3]),
            sums[4] / total,
            sums[5] / total,
            sums[6] / shorts,
            sums[7] / shorts,
            sums[8] / n,
            sums[9] / total,
            sums[10] / n,
            strong / n,
            sums[11] / shorts,
        ]
    )


@dataclass(frozen=True, slots=True, eq=False)
class PageGate:
    """A logistic model of P(the blocks are a whole page's text) over ``GATE_NAMES``.

    Fitted by ``make train`` (scripts/train.py) on webeval's full-page texts
    against extractors' outputs of the same pages, shipped as cleaner/data/gate.json.
    """

    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float

    @classmethod
    def from_dict(cls, raw: dict) -> PageGate:
        if tuple(raw.get("features", ())) != GATE_NAMES:
            raise ValueError("page gate weights were trained on other features: run `make train`")
        return cls(
            np.asarray(raw["mean"], dtype=np.float64),
            np.asarray(raw["std"], dtype=np.float64),
            np.asarray(raw["weights"], dtype=np.float64),
            float(raw["bias"]),
        )

    def probability(self, features: np.ndarray) -> float:
        z = float(((features - self.mean) / self.std) @ self.weights) + self.bias
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@cache
def default_gate() -> PageGate | None:
    """The shipped page gate, or None before ``make train`` has written one."""
    weights = shipped_weights("gate.json")
    return None if weights is None else PageGate.from_dict(weights)


def whole_page_probability(
    x: np.ndarray, blocks: Sequence[BlockInfo], gate: PageGate | None = None
) -> float:
    """P(the blocks are a whole page's text): where the scorer is used.

    By the learned page gate when shipped, else 1 or 0 by the hand rules below
    (``_is_full_page`` and ``_menu_at_edge``: what decided before the gate was learned).
    Measured on the blocks still undecided, at every pass: a page whose menus went
    reads as extracted text at the next pass, and its edges are trimmed as such.
    """
    gate = gate or default_gate()
    if gate is None:
        return float(_is_full_page(x) and _menu_at_edge(blocks))
    return gate.probability(page_gate_features(x, blocks))


MENU_RUN_MIN = 12  # a run of this many short lines is a menu: the text is a whole page
EXTRACTED_EDGES = True  # trim short lines before and after the prose of extracted text
PAGE_MAX_PROSE_SHARE = 0.9  # ...and so is text whose characters are not nearly all prose


def _is_full_page(x: np.ndarray) -> bool:
    """Whether the blocks are a whole page's text (menus and all), not an extractor's output."""
    longest_run = float(np.expm1(x[:, ALL_NAMES.index("log_short_run")].max()))
    prose_share = float(x[0, ALL_NAMES.index("doc_prose_share")])
    return longest_run >= MENU_RUN_MIN - 0.5 and prose_share < PAGE_MAX_PROSE_SHARE


MENU_EDGE_SHARE = 0.1  # a page's menus stand before the first or after the last tenth of its prose
EDGE_MENU_RUN_MIN = 6  # ...in a run of at least this many non-prose blocks
ANYWHERE_MENU_RUN_MIN = 40  # a run this long is a page's link lists wherever it stands


def _menu_at_edge(blocks: Sequence[BlockInfo]) -> bool:
    """Whether a run of ``EDGE_MENU_RUN_MIN`` non-prose blocks stands at the edge of the prose.

    A page's menus, link lists and footers surround its article; an extractor's
    output has none there, and its long runs of short lines (a recipe's
    ingredients, a table, lyrics, code) sit between paragraphs. Measured in
    prose characters, so a cookie notice above the menu does not hide it.

    >>> menu = [describe(w, None) for w in ("Home", "News", "Sport") * 2]
    >>> text = [describe("The council met on Monday and agreed the budget.", None)] * 3
    >>> _menu_at_edge(menu + text), _menu_at_edge(text * 2 + menu + text * 8)
    (True, False)
    """
    total = sum(len(b.text) for b in blocks if b.prose) or 1
    edge = MENU_EDGE_SHARE * total
    seen = run = run_from = 0
    for block in blocks:
        if not block.prose:
            if run == 0:
                run_from = seen
            run += 1
            if run >= ANYWHERE_MENU_RUN_MIN:
                return True
            continue
        if run >= EDGE_MENU_RUN_MIN and (run_from <= edge or seen >= total - edge):
            return True
        run = 0
        seen += len(block.text)
    return run >= EDGE_MENU_RUN_MIN


SCORE_THRESHOLD = 0.3  # below this article score a block is not main text...
PROSE_SCORE_THRESHOLD = 0.4  # ...and below this one for a sentence-like block
INSIDE_SCORE_THRESHOLD = 0.3  # ...and for a short line inside the article


def _title_index(blocks: Sequence[BlockInfo], decisions: Sequence[Decision | None]) -> int | None:
    """The headline: the last undecided block of a few words above the first prose block."""
    first = next((i for i, b in enumerate(blocks) if b.prose and decisions[i] is None), len(blocks))
    for i in range(first - 1, -1, -1):
        if decisions[i] is None and blocks[i].hit is None and blocks[i].words >= TITLE_MIN_WORDS:
            return i
        if decisions[i] is None:
            return None
    return None


MAX_SCORER_ROUNDS = 24  # re-scoring rounds within one pass; real pages settle in 2 or 3


def _apply_scorer_rounds(
    blocks: Sequence[BlockInfo],
    decisions: list[Decision | None],
    scorer: Scorer,
    x: np.ndarray,
    memo: ScoreMemo,
    inside: bool = True,
) -> None:
    """Score, drop the low blocks, and score what is left again until nothing more goes.

    Removing a menu changes its neighbours' context, so one scoring can leave a
    block that the next would drop: settling here, inside one pass, keeps the
    pipeline's fixpoint loop short (clean(result.text) must remove nothing).
    """
    alive = list(range(len(blocks)))
    for _ in range(MAX_SCORER_ROUNDS):
        subset = [blocks[i] for i in alive]
        verdicts = [decisions[i] for i in alive]
        _apply_scores(subset, verdicts, memo.probabilities(scorer, x), x, memo, inside)
        fresh = [
            i
            for i, v in zip(alive, verdicts, strict=True)
            if v is not None and decisions[i] is None
        ]
        for i, v in zip(alive, verdicts, strict=True):
            decisions[i] = v
        alive = [i for i in alive if decisions[i] is None]
        if not fresh or not alive:
            return
        x = memo.inputs([blocks[i] for i in alive])
        # The same gate as the first round's: a stricter one here would stop the
        # rounds after one removal and leave the rest of an edge run to later passes.
        if memo.page_probability(x, [blocks[i] for i in alive]) < GATE_THRESHOLD:
            return


def _apply_scores(
    blocks: Sequence[BlockInfo],
    decisions: list[Decision | None],
    p: np.ndarray,
    x: np.ndarray,
    memo: ScoreMemo | None = None,
    inside: bool = True,
) -> None:
    prose = x[:, ALL_NAMES.index("prose")] > 0
    before = x[:, ALL_NAMES.index("before_first_prose")] > 0
    after = x[:, ALL_NAMES.index("after_last_prose")] > 0
    # Inside the article (between its first and last prose block) a short line
    # needs a lower score to go: lists, headings and table rows live there.
    short = np.where(before | after, SCORE_THRESHOLD, INSIDE_SCORE_THRESHOLD)
    threshold = np.where(prose, PROSE_SCORE_THRESHOLD, short)
    # The scorer never empties a document: its best block is the article's core.
    open_blocks = [i for i, d in enumerate(decisions) if d is None]
    scores = p.tolist()  # Python floats: the same values, compared without numpy scalars
    best = max(open_blocks, key=scores.__getitem__) if open_blocks else None
    if best is not None:
        threshold[best] = 0.0
    title = _title_index(blocks, decisions)
    spared = {title, best}
    below = np.flatnonzero(p < threshold).tolist()
    low = [i for i in below if decisions[i] is None and i not in spared]
    if not inside:  # not surely a whole page: the article's own blocks stay
        edge = (before | after).tolist()
        low = [i for i in low if edge[i]]
    if not low:
        return
    # A short line in a list-shaped run stays: it is the article's list.
    items = memo.list_items(blocks, x, prose) if memo is not None else _list_items(blocks, prose)
    listed = _list_runs(blocks, prose.tolist(), items)
    low = [i for i in low if not listed[i]]
    spared |= {i for i, item in enumerate(listed) if item}
    made = memo.decisions if memo is not None else {}
    removed_texts: dict[str, Decision] = {}
    low_rows = x[np.asarray(low, dtype=np.intp)]
    reasons = _score_reasons(low_rows, p[low])
    # Where each low block stands: 0 inside, 1 before the article, 2 after it.
    places = np.where(before[low], 1, np.where(after[low], 2, 0)).tolist()
    is_prose = prose.tolist()
    for i, why, place in zip(low, reasons, places, strict=True):
        block = blocks[i]
        hit = block.hit
        key = (why, hit, place)
        decision = made.get(key)
        if decision is None:
            decision = made[key] = _score_decision(why, hit, place)
        decisions[i] = decision
        if not is_prose[i]:
            removed_texts.setdefault(block.text, decision)
    _apply_same_text(blocks, decisions, removed_texts, spared)


SCORER_DECISIONS_KEPT = 1 << 14  # the scorer's decisions without a hit remembered across pages

# A scorer reason and place as one integer (``_reason_codes``): the score in hundredths,
# then the ``_reason_detail`` flags, the place, the run and the copies.
_SCORE_MASK = 127
_UNCODED = 127  # in the score's bits: the score is formatted by Python instead
_RUN_SHIFT, _COPIES_SHIFT = 12, 36
_RUN_LIMIT, _COPIES_LIMIT = 1 << (_COPIES_SHIFT - _RUN_SHIFT), 1 << 26


def _reason_codes(rows: np.ndarray, scores: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Per row of ``ALL_NAMES`` features, its score and place (0 inside, 1 before the
    article, 2 after it): what its scorer Decision says, as one integer (``_coded_decision``).

    The score's text is its hundredths when the score is not within ``_HALF_MARGIN`` of
    a half hundredth (then ``f"{score:.2f}"`` rounds the same way), else ``_UNCODED``.

    >>> row = np.zeros((1, len(ALL_NAMES)))
    >>> row[0, _F["log_short_run"]] = np.log1p(4)
    >>> code = int(_reason_codes(row, np.array([0.123]), np.array([2]))[0])
    >>> _coded_decision(code).reason.endswith("4 short lines), after the article")
    True
    """
    prose, ends_sentence, end_punct, log_run, log_copies, linkish = rows[:, _REASON_COLUMNS].T
    hundredths = scores * 100
    unsure = (np.abs(hundredths - np.floor(hundredths) - 0.5) <= _HALF_MARGIN) | (
        (scores < 0) | (scores > 1)
    )
    score = np.where(unsure, _UNCODED, np.rint(np.clip(hundredths, 0, 100))).astype(np.int64)
    run = np.rint(np.expm1(log_run)).astype(np.int64)
    copies = np.rint(np.exp(log_copies)).astype(np.int64)
    # A run or a count too large for its bits (never on a real page): formatted by Python.
    score[(run < 0) | (run >= _RUN_LIMIT) | (copies < 0) | (copies >= _COPIES_LIMIT)] = _UNCODED
    flags = (
        (prose != 0).astype(np.int64)
        | ((ends_sentence != 0) | (end_punct != 0)).astype(np.int64) << 1
        | (linkish >= LINKISH_MENTION).astype(np.int64) << 2
        | places.astype(np.int64) << 3
    )
    # Only what the reason says is kept (a run from RUN_MENTION_MIN lines, copies from 2):
    # equal reasons get equal codes, so one Decision object serves them all.
    run = np.where((score == _UNCODED) | (run < RUN_MENTION_MIN), 0, run)
    copies = np.where((score == _UNCODED) | (copies < 2), 0, copies)
    return score | flags << 7 | run << _RUN_SHIFT | copies << _COPIES_SHIFT


_PLACES = 3 << 10  # the place's bits in a code


@lru_cache(maxsize=SCORER_DECISIONS_KEPT)
def _coded_decision(code: int) -> Decision:
    """The Decision for a block without a hit that the scorer removes, from its
    ``_reason_codes``: an immutable value, and pages repeat a few thousand of them, so
    each is built once (the cache is bounded). An ``_UNCODED`` code gives a placeholder."""
    return _score_decision(_coded_reason(code & ~_PLACES), None, (code & _PLACES) >> 10)


@lru_cache(maxsize=SCORER_DECISIONS_KEPT)
def _coded_reason(code: int) -> str:
    """The scorer reason of a ``_reason_codes`` code (its place aside)."""
    score = code & _SCORE_MASK
    flags = code >> 7
    run = (code >> _RUN_SHIFT) & (_RUN_LIMIT - 1)
    shape = (bool(flags & 1), bool(flags & 2), run, code >> _COPIES_SHIFT, bool(flags & 4))
    return _scorer_reason(_HUNDREDTHS[score] if score <= 100 else "?", shape)


def _scorer_reason(score: str, shape: tuple[bool, bool, int, int, bool]) -> str:
    """A scorer reason from its score's text and ``_reason_detail``'s arguments."""
    return f"low article score {score} ({_reason_detail(*shape)})"


def _score_decision(why: str, hit: Hit | None, place: int) -> Decision:
    """The Decision for a block the scorer removes (``place``: 0 inside, 1 before, 2 after)."""
    if hit is not None:
        return _decide(hit, f", {why}")
    if place == 1:
        return Decision(Category.NAVIGATION, f"{why}, before the article", "scorer")
    if place == 2:
        return Decision(Category.FOOTER, f"{why}, after the article", "scorer")
    return Decision(Category.NON_MAIN, why, "scorer")


# A list item: a bullet or a table row ("| Weight | 2 kg |", an extractor's
# rendering of a table), a leading number or quantity ("2 eggs", "200 g flour",
# "3. Klasse"), a "Key: value" pair or a "Subheading:". Menus are words;
# ingredient lists, spec sheets and tables are items (every repetition is
# bounded: the texts are untrusted).
LIST_ITEM_RE = re.compile(
    r"[-–—•·*▪►✓✔+|]\s?\S"
    r"|\d{1,4}(?:[.,/]\d{1,3})?(?:\s?(?:[^\W\d_]|[%°½¼¾]){0,6}\.?)?\s\S"
    r"|[^:]{1,30}:(?:\s{0,3}\S|$)"
)
# LIST_ITEM_RE's shape as cleaner/_decide.c reads it (list_item): bullets, separators in a
# number, a unit's signs, then the bounds (digits, decimals, unit characters, key
# characters, spaces after the key). Read so only while the regex is this very pattern.
_ITEM_SHAPE = ("-–—•·*▪►✓✔+|", ".,/", "%°½¼¾", 4, 3, 6, 30, 3)
_ITEM_SHAPE_PATTERN = (
    r"[{0}]\s?\S|\d{{1,{3}}}(?:[{1}]\d{{1,{4}}})?(?:\s?(?:[^\W\d_]|[{2}]){{0,{5}}}\.?)?\s\S"
    r"|[^:]{{1,{6}}}:(?:\s{{0,{7}}}\S|$)"
).format(*_ITEM_SHAPE)
LIST_ITEM_SHARE = 0.65  # a run of short lines with this share of items is a list...
LIST_MIN_LINES = 3  # ...when it has at least this many lines


def _list_items(blocks: Sequence[BlockInfo], prose: Sequence[bool] | np.ndarray) -> list[bool]:
    """Per block: whether it is a short line shaped like a list item (``LIST_ITEM_RE``)."""
    return [not p and LIST_ITEM_RE.match(b.text) is not None for b, p in zip(blocks, prose)]


def _list_runs(
    blocks: Sequence[BlockInfo], prose: Sequence[bool], items: Sequence[bool] | None = None
) -> list[bool]:
    """Per block: whether it is a short line in a run of short lines shaped like a list.

    The scorer learned that long runs of short lines are menus; an article's
    ingredient list or spec sheet is such a run too, but its lines are items.
    ``items`` are the blocks' ``_list_items`` when measured already.

    >>> infos = [describe(t, None) for t in ("Home", "2 eggs", "200 g flour", "- salt")]
    >>> _list_runs(infos, [False] * 4)
    [True, True, True, True]
    >>> _list_runs(infos[:1] * 3, [False] * 3)
    [False, False, False]
    """
    if not blocks:
        return []
    if items is None:
        items = _list_items(blocks, prose)
    return _list_run_flags(np.asarray(prose, dtype=bool), items).tolist()


def _list_run_flags(is_prose: np.ndarray, items: Sequence[bool] | np.ndarray) -> np.ndarray:
    """``_list_runs`` from the blocks' prose flags and list-item flags, as a boolean array."""
    short = ~is_prose
    # The runs are the stretches between prose blocks: number them by the prose
    # blocks seen so far, then count each run's lines and items at once.
    run = np.cumsum(is_prose)[short]
    lines = np.bincount(run, minlength=len(is_prose) + 1)
    weights = np.asarray(items, dtype=np.float64)[short]
    found = np.bincount(run, weights=weights, minlength=len(lines))
    is_list = (lines >= LIST_MIN_LINES) & (found >= LIST_ITEM_SHARE * lines)
    listed = np.zeros(len(is_prose), dtype=bool)
    listed[short] = is_list[run]
    return listed


def _apply_same_text(
    blocks: Sequence[BlockInfo],
    decisions: list[Decision | None],
    removed_texts: dict[str, Decision],
    spared: set[int | None],
) -> None:
    """A short line the scorer removed goes wherever else it repeats on the page.

    Copies of one menu line differ only in position; without this, each
    re-scoring would drop a few more copies, and cleaning would need as many
    passes as there are copies to settle (and be idempotent).
    """
    if not removed_texts:
        return
    for i, block in enumerate(blocks):
        if decisions[i] is None and i not in spared and block.text in removed_texts:
            decisions[i] = removed_texts[block.text]


_F = {name: n for n, name in enumerate(ALL_NAMES)}
RUN_MENTION_MIN = 3  # a run of short lines is worth naming in a reason from this length
LINKISH_MENTION = 0.5  # link-like characters (| / @ # » ...) per word worth naming


_REASON_COLUMNS = [
    _F[name]
    for name in (
        "prose",
        "ends_sentence",
        "end_punct_per_word",
        "log_short_run",
        "log_duplicates",
        "linkish_per_word",
    )
]


def _score_reasons(rows: np.ndarray, scores: np.ndarray) -> list[str]:
    """What the scorer saw, per row of ``ALL_NAMES`` features and its score:
    'low article score 0.12 (short line, no sentence punctuation, ...)'.

    >>> row = np.zeros((1, len(ALL_NAMES)))
    >>> row[0, _F["log_short_run"]] = np.log1p(4)
    >>> _score_reasons(row, np.array([0.123]))
    ['low article score 0.12 (short line, no sentence punctuation, in a run of 4 short lines)']
    """
    return [
        f"low article score {score:.2f} ({_reason_detail(*shape)})"
        for score, shape in zip(scores.tolist(), _reason_shapes(rows), strict=True)
    ]


def _reason_shapes(rows: np.ndarray) -> list[tuple[bool, bool, int, int, bool]]:
    """Per row of ``ALL_NAMES`` features: the arguments of its ``_reason_detail``."""
    prose, ends_sentence, end_punct, log_run, log_copies, linkish = rows[:, _REASON_COLUMNS].T
    # The features hold log1p(run) and log(copies) of whole numbers: rint gives them back.
    return list(
        zip(
            (prose != 0).tolist(),
            ((ends_sentence != 0) | (end_punct != 0)).tolist(),
            np.rint(np.expm1(log_run)).astype(np.int64).tolist(),
            np.rint(np.exp(log_copies)).astype(np.int64).tolist(),
            (linkish >= LINKISH_MENTION).tolist(),
            strict=True,
        )
    )


_HUNDREDTHS = tuple(f"{k / 100:.2f}" for k in range(101))
# A score this close to a half hundredth is formatted by Python itself: elsewhere its
# product by 100 (off by far less than this) rounds as the score's exact value does.
_HALF_MARGIN = 1e-6


def _score_texts(scores: np.ndarray) -> list[str]:
    """``f"{score:.2f}"`` of each score in [0, 1], most of them looked up, not formatted.

    >>> _score_texts(np.array([0.0, 0.125, 0.2349, 1.0, 0.995]))
    ['0.00', '0.12', '0.23', '1.00', '0.99']
    """
    hundredths = scores * 100
    nearest = np.rint(hundredths)
    texts = [_HUNDREDTHS[k] for k in np.clip(nearest, 0, 100).astype(np.int64).tolist()]
    unsure = (np.abs(hundredths - np.floor(hundredths) - 0.5) <= _HALF_MARGIN) | (
        (scores < 0) | (scores > 1)
    )
    for i in np.flatnonzero(unsure).tolist():
        texts[i] = f"{float(scores[i]):.2f}"
    return texts


@cache
def _reason_detail(prose: bool, punctuated: bool, run: int, copies: int, linkish: bool) -> str:
    """The bracketed part of a scorer reason; a page repeats a few shapes, built once each.

    >>> _reason_detail(False, True, 5, 2, False)
    'short line, in a run of 5 short lines, repeated 2 times'
    """
    parts = ["sentence-like block" if prose else "short line"]
    if not punctuated:
        parts.append("no sentence punctuation")
    if run >= RUN_MENTION_MIN:
        parts.append(f"in a run of {run} short lines")
    if copies > 1:
        parts.append(f"repeated {copies} times")
    if linkish:
        parts.append("link-like characters")
    return ", ".join(parts)


def _decide(hit: Hit, context: str = "") -> Decision:
    return Decision(hit.category, hit.reason + context, hit.rule)


def _apply_strong_hits(
    blocks: Sequence[BlockInfo], decisions: list[Decision | None], hit_rows: Sequence[int]
) -> None:
    """``hit_rows``: the indices of the blocks with a hit, in order (as in the two below)."""
    for i in hit_rows:
        hit = blocks[i].hit
        if hit.strength is not Strength.WEAK:
            decisions[i] = _decide(hit)


def _apply_header_runs(
    blocks: Sequence[BlockInfo], decisions: list[Decision | None], hit_rows: Sequence[int]
) -> None:
    header_rows = [i for i in hit_rows if blocks[i].hit.strength is Strength.HEADER]
    if not header_rows:
        return
    # Position is measured in prose, not characters: a header word in the page's
    # top menu ("Discussion") comes before the article's prose, so it never runs
    # to the end, however long the menus above it are.
    total = sum(len(b.text) for b in blocks if b.prose) or 1
    seen = 0
    headers = []
    for i, block in enumerate(blocks):
        if block.hit is not None and block.hit.strength is Strength.HEADER:
            headers.append((i, seen / total))
        if block.prose:
            seen += len(block.text)
    for n, (i, position) in enumerate(headers):
        stop = headers[n + 1][0] if n + 1 < len(headers) else len(blocks)
        header = blocks[i]
        follower = next((blocks[j] for j in range(i + 1, stop) if decisions[j] is None), None)
        # A long paragraph right under it means the word was a heading of the
        # article itself: the run must not cut the article's second half.
        late = position >= LATE_HEADER_FROM and not (
            follower is not None and follower.prose and follower.words >= HEADING_PARAGRAPH_WORDS
        )
        decision = _header_run_decision(header.text, header.hit)
        for j in range(i + 1, stop):
            if not late and blocks[j].prose:
                break
            if decisions[j] is None:
                decisions[j] = decision  # one immutable Decision serves the whole run


def _header_run_decision(text: str, hit: Hit) -> Decision:
    """The Decision for the blocks of the run a header (its text and hit) opens."""
    label = text if len(text) <= 40 else text[:40] + "…"
    where = "teaser block" if hit.category is Category.RELATED else "block"
    return Decision(hit.category, f"{where} after '{label}' header", hit.rule + "_run")


def _apply_tweet_bodies(
    blocks: Sequence[BlockInfo], decisions: list[Decision | None], hit_rows: Sequence[int]
) -> None:
    for i in hit_rows:
        if blocks[i].hit.rule != TWEET_RULE:
            continue
        for n, j in enumerate(range(i - 1, max(-1, i - 1 - TWEET_PULL_MAX_BLOCKS), -1)):
            above = blocks[j]
            if decisions[j] is not None or len(above.text) > TWEET_BODY_MAX_CHARS:
                break
            if n > 0 and not _SOCIAL_MARK_RE.search(above.text):
                break
            decisions[j] = Decision(
                Category.SOCIAL_EMBED, "tweet text above its signature", "tweet_body"
            )


def _article_bounds(
    blocks: Sequence[BlockInfo], decisions: list[Decision | None]
) -> tuple[int | None, int | None]:
    prose = [i for i, b in enumerate(blocks) if b.prose and decisions[i] is None]
    if not prose:
        return None, None
    return prose[0], prose[-1]


def _apply_edges(
    blocks: Sequence[BlockInfo], decisions: list[Decision | None], first: int, last: int
) -> None:
    title = next(
        (
            i
            for i in range(first - 1, -1, -1)
            if decisions[i] is None and blocks[i].hit is None and blocks[i].words >= TITLE_MIN_WORDS
        ),
        None,
    )
    for i in range(first):
        if i != title and decisions[i] is None and blocks[i].words <= EDGE_MAX_WORDS:
            if blocks[i].hit is None and _PHRASE_LIST_RE.search(blocks[i].text):
                continue  # "Red berries, citrus, sweet": a lead's phrase, not a menu label
            decisions[i] = _edge_decision(blocks[i], before=True)
    if _introduces_list(blocks, decisions, last) or _ends_with_list(blocks, decisions, last):
        return
    for i in range(last + 1, len(blocks)):
        if decisions[i] is None and blocks[i].words <= EDGE_MAX_WORDS:
            decisions[i] = _edge_decision(blocks[i], before=False)


_LIST_ENDINGS = (":", "：")  # a paragraph ending so introduces the lines after it
_BEFORE_ARTICLE, _AFTER_ARTICLE = ", before the article", ", after the article"


def _introduces_list(
    blocks: Sequence[BlockInfo], decisions: Sequence[Decision | None], last: int
) -> bool:
    """Whether the last paragraph ends with a colon and a few short lines follow: its list.

    "Some of my favourites:" then three names is the article's own ending; a
    page's footer menu after such a paragraph is longer than a list.
    """
    if not blocks[last].text.endswith(_LIST_ENDINGS):
        return False
    following = sum(1 for d in decisions[last + 1 :] if d is None)
    return following <= INTRODUCED_LIST_MAX_LINES


_BULLET_RE = re.compile(r"[-–—•·*▪►✓✔]\s?\S|\d{1,3}[.)]\s")  # "• item", "- item", "2. item"


def _ends_with_list(
    blocks: Sequence[BlockInfo], decisions: Sequence[Decision | None], last: int
) -> bool:
    """Whether the undecided lines after the last paragraph are a bulleted list: the article's.

    An extractor keeps an article's closing bullet or numbered list; a footer
    it left behind is labels and links, which do not all start with a bullet.

    >>> para = describe("We ran the benchmark three times on the same machine.", None)
    >>> items = [describe(t, None) for t in ("• Maps are fast", "• Sets are faster", "• Lists")]
    >>> _ends_with_list([para, *items], [None] * 4, 0)
    True
    >>> _ends_with_list([para, *items, describe("Impressum", None)], [None] * 5, 0)
    False
    """
    tail = [b for b, d in zip(blocks[last + 1 :], decisions[last + 1 :]) if d is None]
    return len(tail) >= LIST_MIN_LINES and all(_BULLET_RE.match(b.text) for b in tail)


def _edge_decision(block: BlockInfo, before: bool) -> Decision:
    if block.hit is not None:
        where = "before" if before else "after"
        return _decide(block.hit, f", {where} the article")
    if before:
        return Decision(Category.NAVIGATION, "short line before the article (menu)", "leading_edge")
    return Decision(Category.FOOTER, "short line after the article", "trailing_edge")


def _apply_weak_hits(
    blocks: Sequence[BlockInfo],
    decisions: list[Decision | None],
    first: int | None,
    last: int | None,
) -> None:
    # A forward then a backward sweep carries removal along chains of weak
    # blocks in both directions: linear, and the same as iterating to a fixpoint.
    order = list(range(len(blocks)))
    for sweep in (order, order[::-1]):
        for i in sweep:
            block = blocks[i]
            if decisions[i] is not None or block.hit is None:
                continue
            at_edge = first is not None and (i < first or i > last)
            beside = (i > 0 and decisions[i - 1] is not None) or (
                i + 1 < len(blocks) and decisions[i + 1] is not None
            )
            if at_edge or beside:
                context = ", at the page edge" if at_edge else ", next to removed boilerplate"
                decisions[i] = _decide(block.hit, context)


def scorer_inputs(
    texts: Sequence[str], hits: Sequence[Hit | None], rows: Sequence[np.ndarray | None] = ()
) -> np.ndarray:
    """The learned scorer's feature rows for one document's blocks.

    ``rows`` are the blocks' own features when already measured (``describe_all``).
    """
    weak = [h is not None and h.strength is Strength.WEAK for h in hits]
    # np.array stacks equal-length rows several times faster than np.vstack.
    base = np.array(rows) if rows and all(r is not None for r in rows) else None
    return document_features(texts, weak, base)


def _inputs(blocks: Sequence[BlockInfo]) -> np.ndarray:
    return scorer_inputs(
        [b.text for b in blocks], [b.hit for b in blocks], [b.features for b in blocks]
    )


class ScorerDecisions:
    """The scorer's Decisions without a hit, by reason code (``_reason_codes``), across the
    documents one ``Cleaner`` cleans: pages repeat a few thousand reasons, each built once.

    Immutable values only; it keeps the first ``SCORER_DECISIONS_KEPT`` built (the reasons
    a corpus repeats come early), a few MB. Owned by its ``Cleaner`` and passed to
    ``settle``; a cache, so a copy (a worker's, by pickle) starts empty. ``kept`` owns them
    (keyed by their codes' bits spread, cleaner/_decide.c's spread_code); ``table`` is its
    flat index (512 KB), which score_round reads them through: one memory read a removal
    where the dict needs three.

    >>> import pickle
    >>> memo = ScorerDecisions()
    >>> memo.kept, pickle.loads(pickle.dumps(memo)).kept
    ({}, {})
    """

    __slots__ = ("kept", "table")

    def __init__(self) -> None:
        self.kept: dict[int, Decision] = {}
        # kept's index for score_round (cleaner/_decide.c: KeptTable), which alone fills both:
        # [count of entries, number of slots (twice what kept may hold)], then per slot its
        # code + 1 and its Decision's address; zeros: empty.
        slots = 1 << (2 * SCORER_DECISIONS_KEPT - 1).bit_length()
        self.table = np.zeros(2 + 2 * slots, dtype=np.uint64)
        self.table[1] = slots

    def __reduce__(self) -> tuple[type, tuple]:
        return (ScorerDecisions, ())


def settle(
    infos: Sequence[BlockInfo],
    passes: int,
    scorer: Scorer | None = None,
    decisions: ScorerDecisions | None = None,
) -> list[Decision | None]:
    """Classify the blocks, then the kept ones again, until nothing more goes (the
    pipeline's fixpoint): per block, why it is removed, or None to keep it.

    Exactly ``settle_plain`` (``classify`` on the undecided blocks, pass after pass,
    at most ``passes`` times), computed on the document's arrays: a pass reads its
    blocks by their positions, and Python touches a block only to decide it. When
    no scorer or gate is shipped, or the blocks were not measured by ``describe_all``,
    ``settle_plain`` itself runs. ``decisions``: the scorer's Decisions made for earlier
    documents (the caller's, kept across documents), else this document's alone.
    """
    scorer = scorer or default_scorer()
    gate = default_gate()
    if (
        scorer is None
        or gate is None
        or not infos
        # Measured one by one (not by describe_all): the plain path.
        or (_described(infos) is None and any(b.features is None for b in infos))
    ):
        return settle_plain(infos, passes, scorer)
    memo = decisions if decisions is not None else ScorerDecisions()
    return _Settling(infos, scorer, gate, memo.kept, memo.table).run(passes)


def settle_texts(
    texts: list[str],
    hits: list[Hit | None],
    passes: int,
    decisions: ScorerDecisions | None = None,
) -> list[Decision | None]:
    """``settle(describe_all(texts, hits, features=False), passes, decisions=decisions)``
    (the pipeline's measure and settle), without building a ``BlockInfo`` per block
    where ``settle`` would read the document's arrays alone (``_Blocks``): a page's
    hundreds of rows, their allocations and the garbage collector's passes they set off.

    >>> texts = ["Home", "The council met on Monday and approved the budget, as planned."]
    >>> settle_texts(texts, [None, None], 8) == settle(describe_all(texts, [None, None], False), 8)
    True
    """
    scorer = default_scorer()
    gate = default_gate()
    measured = None
    if scorer is not None and gate is not None and texts:
        texts = texts if type(texts) is list else list(texts)
        hits = hits if type(hits) is list else list(hits)
        measured = measure_blocks(texts, *_describe_settings())
    if measured is None:
        return settle(describe_all(texts, hits, features=False), passes, decisions=decisions)
    rows, words, prose = measured
    memo = decisions if decisions is not None else ScorerDecisions()
    blocks = _Blocks(texts, hits, rows, words, prose)
    return _Settling(blocks, scorer, gate, memo.kept, memo.table).run(passes)


def settle_plain(
    infos: Sequence[BlockInfo], passes: int, scorer: Scorer | None = None
) -> list[Decision | None]:
    """``settle`` by its definition: ``classify`` on the kept blocks until nothing more goes."""
    decisions: list[Decision | None] = [None] * len(infos)
    alive = list(range(len(infos)))
    memo = ScoreMemo()  # a later pass re-reads what the last scoring measured
    for _ in range(passes):
        verdicts = classify([infos[i] for i in alive], scorer, memo=memo)
        removed = [(i, v) for i, v in zip(alive, verdicts) if v is not None]
        if not removed:
            break
        for i, verdict in removed:
            decisions[i] = verdict
        alive = [i for i, v in zip(alive, verdicts) if v is None]
    return decisions


# ``_edge_decision``'s two answers for a block without a hit, built once.
_LEADING_EDGE = _edge_decision(BlockInfo("", 0, False, None), before=True)
_TRAILING_EDGE = _edge_decision(BlockInfo("", 0, False, None), before=False)


def _minus_ones(filled: bytes) -> np.ndarray:
    """A writable int8 array of a copy of ``filled`` (bytes 0xff: -1 each)."""
    return np.frombuffer(bytearray(filled), dtype=np.int8)


@lru_cache(maxsize=4)
def _gate_arrays(gate: PageGate) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page gate's mean, std and weights as measure_subset reads them (C-contiguous
    float64), laid out once per gate (a gate is immutable; compared by identity)."""
    return (
        np.ascontiguousarray(gate.mean, dtype=np.float64),
        np.ascontiguousarray(gate.std, dtype=np.float64),
        gate.weights,
    )


class _Settling:
    """``settle`` for one document: its blocks as arrays, and what its passes measured.

    A subset of the blocks is an array of their positions (``where``); the scorer
    inputs, gate answers and scores of each subset are kept by its positions'
    bytes, as ``ScoreMemo`` keeps them by the blocks' identities.
    """

    __slots__ = (
        "coded",
        "doc",
        "gate",
        "has_hit",
        "header",
        "hits",
        "infos",
        "kept",
        "later_ruled",
        "lexical",
        "made",
        "measured",
        "measuring",
        "prose",
        "ruled",
        "scorer",
        "strong",
        "table",
        "tweet",
        "words",
    )

    def __init__(
        self,
        infos: Sequence[BlockInfo],
        scorer: Scorer,
        gate: PageGate,
        kept: dict,
        table: np.ndarray | None = None,
    ) -> None:
        """``kept``: ``ScorerDecisions.kept``, the scorer's Decisions without a hit (``table``:
        its index, ``ScorerDecisions.table``, or None)."""
        self.infos = infos
        self.kept = kept
        self.table = table
        self.scorer = scorer
        self.gate = gate
        if type(infos) is _Blocks or _described(infos) is not None:
            words, prose, hits = infos.words, infos.prose, infos.hits
            self.doc = _Document(infos, described=infos, said=(words, prose))
        else:
            words = [b.words for b in infos]
            prose = [b.prose for b in infos]
            hits = [b.hit for b in infos]
            self.doc = _Document(infos, said=(words, prose))
        arrays = self.doc.arrays
        # ``describe``'s words and prose (not the features' prose), as arrays.
        self.words, self.prose = arrays.words, arrays.said
        self.hits = hits
        self.has_hit, self.strong, self.header, self.tweet = self.doc.flags
        # The blocks the rules' own steps (strong hits, header runs, tweet bodies) read;
        # a pass without any of them alive leaves those steps nothing to do. A pass decides
        # every strong hit alive, so after the first only tweet signatures can be left (None:
        # no such block in the document).
        self.ruled = self.later_ruled = None
        if arrays.any_strong or arrays.any_tweet:
            self.ruled = self.strong | self.tweet
            self.later_ruled = self.tweet if arrays.any_tweet else None
        self.measured: dict[bytes, list] = {}  # where's bytes -> [x, gate, scores]
        self.lexical: np.ndarray | None = None  # see _lexical_at
        self.made: dict[tuple, Decision] = {}  # (reason, id of its hit) -> Decision (_special)
        # score_round's Decisions with a hit, by reason code and hit (see ScorerDecisions).
        self.coded: dict[tuple[int, Hit], Decision] = {}
        self.measuring: tuple | None = None  # measure_subset's constants, once measured

    def run(self, passes: int) -> list[Decision | None]:
        decisions: list[Decision | None] = [None] * len(self.infos)
        alive = np.arange(len(self.infos))
        for _ in range(passes):
            if not len(alive):  # classify([]) decides nothing
                break
            decided = self.classify(alive, decisions)
            if not decided.any():
                break
            alive = alive[~decided]
        return decisions

    def _lexical_at(self, where: np.ndarray) -> np.ndarray | None:
        """A lexicon scorer's rows of the blocks at ``where``. They depend on each block's
        text alone, so the document's are read once, when the scorer first runs."""
        if self.scorer.lexicon is None:
            return None
        if self.lexical is None:
            scorer, texts = self.scorer, self.doc.texts
            if type(scorer) is Scorer:  # each text read once (its id: its last copy's index)
                self.lexical = scorer.lexical(texts, self.doc.text_ids)
            else:  # another scorer: its own lexical(texts)
                self.lexical = scorer.lexical(texts)
        return self.lexical[where]

    def _measure(self, where: np.ndarray) -> list:
        """[scorer inputs, page probability, scores (None until scored)] of the blocks at
        ``where``: ``_Document.measure`` and ``PageGate.probability``, in one call to
        ``cleaner._decide.measure_subset`` when built (the same calls to numpy's dot
        products and sum, the rest in C), once per subset."""
        key = where.tobytes()
        found = self.measured.get(key)
        if found is None:
            measured = None
            if len(where) and (self.measuring is not None or self._measuring()):
                measured = _measure_subset(
                    np.ascontiguousarray(where, dtype=np.intp), self.measuring
                )
            if measured is None:
                x, row = self.doc.measure(where, int(np.count_nonzero(self.strong[where])))
                measured = (x, self.gate.probability(row))
            found = self.measured[key] = [*measured, None]
        return found

    def _measuring(self) -> bool:
        """Whether ``measure_subset`` can measure here; if so, its constants are set."""
        gate, doc = self.gate, self.doc
        if _measure_subset is None or _subset_rows_kernel is None or type(gate) is not PageGate:
            return False
        if doc.logs is None:
            doc.logs = _log_tables(len(doc.texts) + 1)
        # A fresh int8 array of -1 per text, from a bytearray (np.full's Python is dearer).
        new_quoted = partial(_minus_ones, b"\xff" * len(doc.distinct))
        mean, std, weights = _gate_arrays(gate)
        self.measuring = (
            _subset_rows_kernel,
            doc.base,
            doc.weak,
            doc.prose,
            doc.chars,
            doc.text_ids,
            doc.lengths,
            doc.distinct,
            doc.quoted,
            doc.unquoted,
            new_quoted,
            TITLE_MAX_CHARS,
            TITLE_QUOTE_MIN_CHARS,
            *doc.logs,
            WIDE,
            _GATE_COLUMN_ARRAY,
            _DOC_PROSE_SHARE,
            _GATE_LONG_RUN_LOG,
            _GATE_TINY_LOG,
            self.strong,
            np.empty,
            np.dot,
            len(ALL_NAMES),
            _STOP_VS_PROSE,
            _STOP_RATIO,
            mean,
            std,
            weights,
            float(gate.bias),
            np.empty(len(GATE_NAMES)),
            np.add.reduce,
            np.empty(len(GATE_NAMES)),
            np.empty(len(doc.texts)),
            np.empty(len(doc.texts)),
        )
        return True

    def classify(self, where: np.ndarray, decisions: list[Decision | None]) -> np.ndarray:
        """``classify`` of the blocks at ``where`` (all undecided in ``decisions``, the
        document's list): their decisions go into it; returns which of them are decided."""
        m = len(where)
        decided = np.zeros(m, dtype=bool)
        ruled = self.ruled
        # All the blocks (the first pass): ruled holds one at least, by its making.
        if ruled is not None and (m == len(ruled) or ruled[where].any()):
            self._rules(where, decided, decisions)
        self.ruled = self.later_ruled
        measured = self._measure(where)
        page = measured[1]
        if page >= GATE_THRESHOLD:
            self._rounds(where, measured, decided, decisions, inside=page >= GATE_SURE)
        else:
            self._extracted(where, decided, decisions)
        return decided

    def _rules(
        self, where: np.ndarray, decided: np.ndarray, decisions: list[Decision | None]
    ) -> None:
        """``classify``'s rule steps on the blocks at ``where``, none decided yet: strong
        hits (``_apply_strong_hits``), header runs (``_apply_header_runs``, on the arrays),
        tweet bodies (``_apply_tweet_bodies``). The first two by ``cleaner._decide.rules_step``
        when built, else by numpy."""
        if _rules_step is None:
            self._rules_numpy(where, decided, decisions)
        else:
            doc = self.doc
            _rules_step(
                where,
                decided,
                decisions,
                self.hits,
                doc.texts,
                self.strong,
                self.header,
                self.prose,
                doc.lengths,
                self.words,
                Decision,
                _header_run_decision,
                LATE_HEADER_FROM,
                HEADING_PARAGRAPH_WORDS,
            )
        if self.later_ruled is not None and self.tweet[where].any():  # a tweet signature
            at = where.tolist()
            blocks = [self.infos[i] for i in at]
            verdicts = [decisions[i] for i in at]  # None but for this pass's decisions
            _apply_tweet_bodies(blocks, verdicts, np.flatnonzero(self.has_hit[where]).tolist())
            self._take(verdicts, decided, where, decisions)

    def _rules_numpy(
        self, where: np.ndarray, decided: np.ndarray, decisions: list[Decision | None]
    ) -> None:
        """``_rules``' strong hits and header runs by numpy: ``rules_step``'s twin."""
        hits = self.hits
        strong = np.flatnonzero(self.strong[where])
        for i in where[strong].tolist():
            decisions[i] = _decide(hits[i])
        decided[strong] = True
        headers = np.flatnonzero(self.header[where]).tolist()
        if headers:
            self._header_runs(where, decided, decisions, headers)

    def _header_runs(
        self,
        where: np.ndarray,
        decided: np.ndarray,
        decisions: list[Decision | None],
        headers: list[int],
    ) -> None:
        """``_apply_header_runs`` of the headers at ``where[headers]``."""
        prose = self.prose[where]
        chars = np.where(prose, self.doc.lengths[where], 0)
        seen = np.cumsum(chars)
        total = int(seen[-1]) or 1
        seen_before = (seen - chars)[headers].tolist()  # prose characters above each header
        prose_at = np.flatnonzero(prose)
        stops = [*headers[1:], len(where)]
        for i, stop, above in zip(headers, stops, seen_before, strict=True):
            k = int(where[i])
            header, hit = self.doc.texts[k], self.hits[k]
            open_ = np.flatnonzero(~decided[i + 1 : stop]) + (i + 1)
            follower = int(open_[0]) if len(open_) else None
            # A long paragraph right under it means the word was a heading of the
            # article itself: the run must not cut the article's second half.
            late = above / total >= LATE_HEADER_FROM and not (
                follower is not None
                and prose[follower]
                and self.words[where[follower]] >= HEADING_PARAGRAPH_WORDS
            )
            if not late:  # up to the next sentence-like block
                end = prose_at[np.searchsorted(prose_at, i + 1) :]
                open_ = open_[open_ < (int(end[0]) if len(end) else stop)]
            if not len(open_):
                continue
            decision = _header_run_decision(header, hit)
            for j in where[open_].tolist():
                decisions[j] = decision
            decided[open_] = True

    @staticmethod
    def _take(
        verdicts: Sequence[Decision | None],
        decided: np.ndarray,
        where: np.ndarray,
        decisions: list[Decision | None],
    ) -> None:
        """Copy the new decisions of a list of verdicts (over the blocks at ``where``) into
        the document's ``decisions``."""
        rows = _hit_rows(verdicts)
        for k, i in zip(rows, where[rows].tolist()):
            if not decided[k]:
                decided[k] = True
                decisions[i] = verdicts[k]

    def _rounds(
        self,
        where: np.ndarray,
        measured: list,
        decided: np.ndarray,
        decisions: list[Decision | None],
        inside: bool,
    ) -> None:
        """``_apply_scorer_rounds``: score, drop the low blocks, score what is left again."""
        current = np.arange(len(where))
        at = where  # where[current]
        for _ in range(MAX_SCORER_ROUNDS):
            x = measured[0]
            p = measured[2]
            if p is None:
                p = measured[2] = self.scorer.probabilities(x, self._lexical_at(at))
            fresh = self._scores(where, current, decided, decisions, p, x, inside)
            if not fresh:
                return
            current = (~decided).nonzero()[0]  # np.flatnonzero, without its Python wrapper
            if not len(current):
                return
            at = where[current]
            measured = self._measure(at)
            if measured[1] < GATE_THRESHOLD:
                return

    def _scores(
        self,
        where: np.ndarray,
        current: np.ndarray,
        decided: np.ndarray,
        decisions: list[Decision | None],
        p: np.ndarray,
        x: np.ndarray,
        inside: bool,
    ) -> bool:
        """``_apply_scores`` on the blocks ``where[current]``, measured as ``x`` and scored
        ``p``; returns whether it decided any. By ``cleaner._decide.score_round`` when
        built (which blocks go, their reason codes, Decisions and copies in one loop; the
        Decisions of the few whose score Python formats by ``_uncoded``), else by numpy
        (``_scores_numpy``)."""
        if _score_round is None or not (x.flags.c_contiguous and p.flags.c_contiguous):
            return self._scores_numpy(where, current, decided, decisions, p, x, inside)
        doc = self.doc
        low = _score_round(
            x,
            p,
            decided,
            current,
            where,
            self.prose,
            self.has_hit,
            self.words,
            doc.text_ids,
            doc.items,
            doc.texts,
            _LIST_ITEM_MATCH,
            _ROUND_INTS,
            _round_floats(),
            inside,
            decisions,
            self.hits,
            self.kept,
            self.coded,
            Decision,
            _PLACE_CATEGORIES,
            _REASON_PARTS,
            partial(self._uncoded, where, current, p, x),
            *(() if self.table is None else (self.table,)),
        )
        if low == _NOT_FINITE:  # a comparison with NaN: the list definition decides
            return self._scores_plain(where, current, decided, decisions, p, x, inside)
        return low > 0

    def _uncoded(
        self,
        where: np.ndarray,
        current: np.ndarray,
        p: np.ndarray,
        x: np.ndarray,
        rows: list[int],
        codes: list[int],
    ) -> list[Decision]:
        """For score_round: the Decisions of its removed rows ``rows`` of ``x`` whose codes
        (``codes``, as ``_reason_codes`` gives them) are ``_UNCODED``, as ``_special`` builds
        them in the numpy twin."""
        low_at = np.array(rows, dtype=np.int64)
        made: list = [None] * len(rows)
        self._special(made, np.array(codes, dtype=np.int64), low_at, where[current[low_at]], p, x)
        return made

    def _special(
        self,
        decisions: list[Decision],
        codes: np.ndarray,
        low_at: np.ndarray,
        at: np.ndarray,
        p: np.ndarray,
        x: np.ndarray,
    ) -> None:
        """The Decisions of the removed blocks (rows ``low_at`` of ``x``, at ``at`` in the
        document) that a code does not give: a score Python formats, a block with a hit."""
        odd = np.flatnonzero(codes & _SCORE_MASK == _UNCODED)
        with_hit = np.flatnonzero(self.has_hit[at])
        if not (len(odd) or len(with_hit)):
            return
        places = (codes & _PLACES) >> 10
        scores = p[low_at].tolist()
        formatted = {}  # row -> its reason without the place (a hit's reason says none)
        for j in odd.tolist():  # formatted by Python: see _reason_codes
            why = _scorer_reason(f"{scores[j]:.2f}", _reason_shapes(x[low_at[j : j + 1]])[0])
            formatted[j] = why
            decisions[j] = _score_decision(why, None, int(places[j]))
        for j, i in zip(with_hit.tolist(), at[with_hit].tolist()):
            hit = self.hits[i]
            why = formatted.get(j) or _coded_reason(int(codes[j]) & ~_PLACES)
            # A hit's reason does not say the place. By the hit's identity, as score_round
            # keys them: a Hit's own hash is Python code, dear on a page of 100k hits.
            key = (why, id(hit))
            decision = self.made.get(key)
            if decision is None:
                decision = self.made[key] = _score_decision(why, hit, int(places[j]))
            decisions[j] = decision

    def _scores_numpy(
        self,
        where: np.ndarray,
        current: np.ndarray,
        decided: np.ndarray,
        decisions: list[Decision | None],
        p: np.ndarray,
        x: np.ndarray,
        inside: bool,
    ) -> bool:
        """``_scores`` by numpy: ``score_round``'s twin."""
        if not np.isfinite(p).all():  # a comparison with NaN: the list definition decides
            return self._scores_plain(where, current, decided, decisions, p, x, inside)
        at = where[current]
        open_ = ~decided[current]
        if not open_.any():
            return False
        prose = x[:, _X_PROSE] > 0
        before = x[:, _X_BEFORE] > 0
        after = x[:, _X_AFTER] > 0
        edge = before | after
        short = np.where(edge, SCORE_THRESHOLD, INSIDE_SCORE_THRESHOLD)
        threshold = np.where(prose, PROSE_SCORE_THRESHOLD, short)
        # The best open block (the first of equals, as max() finds it) is never removed.
        best = int(np.argmax(np.where(open_, p, -np.inf)))
        threshold[best] = 0.0
        spared = np.zeros(len(current), dtype=bool)
        spared[best] = True
        title = self._title(at, open_)
        if title is not None:
            spared[title] = True
        low = (p < threshold) & open_ & ~spared
        if not inside:  # not surely a whole page: the article's own blocks stay
            low &= edge
        if not low.any():
            return False
        listed = self.doc.list_runs(at, prose)
        low &= ~listed
        spared |= listed
        low_at = np.flatnonzero(low)
        if not len(low_at):
            return False
        # A reason is its score's text and its shape: pages repeat a few, each decided once.
        places = np.where(before[low_at], 1, np.where(after[low_at], 2, 0))
        codes = _reason_codes(x[low_at], p[low_at], places)
        made = list(map(_coded_decision, codes.tolist()))
        self._special(made, codes, low_at, at[low_at], p, x)
        for i, decision in zip(at[low_at].tolist(), made):
            decisions[i] = decision
        decided[current[low_at]] = True
        # ``_apply_same_text``: a removed short line goes wherever else it repeats; the
        # first removal of each text decides its copies.
        text_ids = self.doc.text_ids[at]
        short = np.flatnonzero(~prose[low_at])
        if len(short):
            ids, first = np.unique(text_ids[low_at[short]], return_index=True)
            marked = np.zeros(len(self.doc.texts), dtype=bool)
            marked[ids] = True
            same = np.flatnonzero(open_ & ~low & ~spared & marked[text_ids])
            if len(same):
                removed_texts = dict(zip(ids.tolist(), [made[j] for j in short[first]]))
                for i, text_id in zip(at[same].tolist(), text_ids[same].tolist()):
                    decisions[i] = removed_texts[text_id]
                decided[current[same]] = True
        return True

    def _scores_plain(
        self,
        where: np.ndarray,
        current: np.ndarray,
        decided: np.ndarray,
        decisions: list[Decision | None],
        p: np.ndarray,
        x: np.ndarray,
        inside: bool,
    ) -> bool:
        """``_scores`` by ``_apply_scores`` on lists."""
        at = where[current].tolist()
        blocks = [self.infos[i] for i in at]
        verdicts = [decisions[i] for i in at]  # None but for this pass's decisions
        _apply_scores(blocks, verdicts, p, x, None, inside)
        fresh = False
        for k, i, verdict in zip(current.tolist(), at, verdicts, strict=True):
            if verdict is not None and not decided[k]:
                decided[k] = True
                decisions[i] = verdict
                fresh = True
        return fresh

    def _title(self, at: np.ndarray, open_: np.ndarray) -> int | None:
        """``_title_index`` of the blocks at ``at`` (``open_``: not decided)."""
        prose = np.flatnonzero(self.prose[at] & open_)
        first = int(prose[0]) if len(prose) else len(at)
        above = np.flatnonzero(open_[:first])
        if not len(above):
            return None
        i = int(above[-1])
        k = int(at[i])
        return i if not self.has_hit[k] and self.words[k] >= TITLE_MIN_WORDS else None

    def _extracted(
        self, where: np.ndarray, decided: np.ndarray, decisions: list[Decision | None]
    ) -> None:
        """``classify``'s steps for already-extracted text: the edges, then the weak hits.
        The edges by ``cleaner._decide.edges_step`` when built, else by numpy."""
        if _edges_step is None or not EXTRACTED_EDGES:
            prose = np.flatnonzero(self.prose[where] & ~decided)
            first = last = None
            if len(prose):
                first, last = int(prose[0]), int(prose[-1])
                if EXTRACTED_EDGES:
                    self._edges(where, decided, decisions, first, last)
            weak = (self.has_hit[where] & ~decided).any()
        else:
            first, last, weak = _edges_step(
                where,
                decided,
                decisions,
                self.hits,
                self.doc.texts,
                self.prose,
                self.has_hit,
                self.words,
                Decision,
                _PHRASE_LIST_RE.search,
                _BULLET_RE.match,
                _LIST_ENDINGS,
                (TITLE_MIN_WORDS, EDGE_MAX_WORDS, INTRODUCED_LIST_MAX_LINES, LIST_MIN_LINES),
                _LEADING_EDGE,
                _TRAILING_EDGE,
                _BEFORE_ARTICLE,
                _AFTER_ARTICLE,
            )
            if first < 0:
                first = last = None
        if weak:
            at = where.tolist()
            blocks = [self.infos[i] for i in at]
            verdicts = [decisions[i] for i in at]  # None but for this pass's decisions
            _apply_weak_hits(blocks, verdicts, first, last)
            self._take(verdicts, decided, where, decisions)

    def _edges(
        self,
        where: np.ndarray,
        decided: np.ndarray,
        decisions: list[Decision | None],
        first: int,
        last: int,
    ) -> None:
        """``_apply_edges``: short lines before the first and after the last paragraph go."""
        hits, texts = self.hits, self.doc.texts
        lead = where[:first]
        words = self.words[lead]
        open_ = ~decided[:first]
        titles = np.flatnonzero(open_ & ~self.has_hit[lead] & (words >= TITLE_MIN_WORDS))
        title = int(titles[-1]) if len(titles) else None
        for i in np.flatnonzero(open_ & (words <= EDGE_MAX_WORDS)).tolist():
            if i == title:
                continue
            k = int(lead[i])
            hit = hits[k]
            if hit is None and _PHRASE_LIST_RE.search(texts[k]):
                continue  # "Red berries, citrus, sweet": a lead's phrase, not a menu label
            decisions[k] = _LEADING_EDGE if hit is None else _decide(hit, _BEFORE_ARTICLE)
            decided[i] = True
        tail = np.flatnonzero(~decided[last + 1 :]) + last + 1
        if not len(tail):
            return
        # _introduces_list and _ends_with_list: the article's own closing list stays.
        if texts[where[last]].endswith(_LIST_ENDINGS) and len(tail) <= INTRODUCED_LIST_MAX_LINES:
            return
        if len(tail) >= LIST_MIN_LINES and all(
            _BULLET_RE.match(texts[k]) for k in where[tail].tolist()
        ):
            return
        tail = tail[self.words[where[tail]] <= EDGE_MAX_WORDS]
        for i, k in zip(tail.tolist(), where[tail].tolist()):
            hit = hits[k]
            decisions[k] = _TRAILING_EDGE if hit is None else _decide(hit, _AFTER_ARTICLE)
            decided[i] = True


_X_PROSE = ALL_NAMES.index("prose")
# What score_round reads list items with: the regex's shape, or the regex when it changed.
_LIST_ITEM_MATCH = (
    _ITEM_SHAPE if LIST_ITEM_RE.pattern == _ITEM_SHAPE_PATTERN else LIST_ITEM_RE.match
)
_STOP_RATIO = ALL_NAMES.index("stop_ratio")
_STOP_VS_PROSE = ALL_NAMES.index("stop_vs_prose")
_X_BEFORE = ALL_NAMES.index("before_first_prose")
_X_AFTER = ALL_NAMES.index("after_last_prose")

# score_round's parameters, in the order cleaner/_decide.c reads them.
_ROUND_INTS = np.array(
    [
        len(ALL_NAMES),
        _X_PROSE,
        _X_BEFORE,
        _X_AFTER,
        *_REASON_COLUMNS,
        TITLE_MIN_WORDS,
        LIST_MIN_LINES,
        RUN_MENTION_MIN,
        _UNCODED,
        _RUN_SHIFT,
        _COPIES_SHIFT,
        _RUN_LIMIT,
        _COPIES_LIMIT,
        _PLACES,
        SCORER_DECISIONS_KEPT,
    ],
    dtype=np.int64,
)


def _round_floats() -> np.ndarray:
    """score_round's float parameters, read from this module when called: scripts/train.py
    moves the score thresholds to choose them by cross-validation, and the compiled round
    must see the values the numpy twin reads."""
    return _round_floats_of(
        SCORE_THRESHOLD,
        INSIDE_SCORE_THRESHOLD,
        PROSE_SCORE_THRESHOLD,
        LIST_ITEM_SHARE,
        _HALF_MARGIN,
        LINKISH_MENTION,
    )


@cache
def _round_floats_of(*values: float) -> np.ndarray:
    floats = np.array(values)
    floats.flags.writeable = False
    return floats


_NOT_FINITE = -2  # score_round's answer when the list definition decides
_PLACE_CATEGORIES = (
    Category.NON_MAIN,
    Category.NAVIGATION,
    Category.FOOTER,
)  # inside, before, after
# A scorer reason's words (``_scorer_reason``, ``_reason_detail``, ``_score_decision``), in
# the order score_round reads them; tests/test_decide.py checks it writes the same reasons.
_REASON_PARTS = (
    "low article score ",
    " (",
    ")",
    "sentence-like block",
    "short line",
    ", no sentence punctuation",
    ", in a run of ",
    " short lines",
    ", repeated ",
    " times",
    ", link-like characters",
    "",
    ", before the article",
    ", after the article",
    "scorer",
    ", ",
)
