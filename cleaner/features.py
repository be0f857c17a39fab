"""Block features for the learned scorer, measured for a whole document at once.

Every feature is computed with array operations over the document's code
points (one character-class table lookup, cumulative sums, differences at the
block boundaries), so the cost is a few passes over the text in C, not a
Python loop over characters or words: even the stop-word count packs each
word's letters into one integer and looks the integers up in a hash table of
the stop words' (``_stop_flags``).

For the pipeline, ``measure_blocks`` measures the features and ``cleaner.classify.describe``'s
words and prose of every block in one compiled pass over the characters (cleaner/_build.c),
with the same bits; the numpy definitions stay its twins.

Features depend only on the sequence of block texts (never on offsets, blank
lines or the detected language): the stop words are one multilingual union,
so a German block scores the same whatever language the page is detected as.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import numpy as np

try:  # the compiled twins of ``_stop_flags`` and ``context_features``' loops, when built
    from ._kernels import context_rows as _context_rows_kernel
    from ._kernels import stop_flags as _stop_flags_kernel
except ImportError:
    _stop_flags_kernel = _context_rows_kernel = None
try:  # block features (with classify.describe's measures) in one pass (cleaner/_build.c)
    from ._build import block_rows as _block_rows_kernel
    from ._build import describe_rows as _describe_rows_kernel
except ImportError:
    _describe_rows_kernel = _block_rows_kernel = None
try:  # the compiled twin of ``lexical_tokens_plain`` (cleaner/_lexical.c), when built
    from ._lexical import lexical_tokens as _lexical_tokens_kernel
except ImportError:
    _lexical_tokens_kernel = None

# Character classes, one column each in the per-block counts.
SPACE, LOWER, UPPER, OTHER_LETTER, DIGIT, END_PUNCT, MID_PUNCT, LINKISH, QUOTE, OTHER = range(10)
N_CLASSES = 10

_END_PUNCT = ".!?…。！？"
_MID_PUNCT = ",;:，、；：،؛"
_LINKISH = "@#/|»›><_=&+*•·©®™"
_QUOTES = "\"'“”„‘’«»()[]「」『』"

# The most frequent function words of the languages most common on the web,
# as one union (see the module docstring: no decision may depend on language).
_STOP_WORD_LINES = (
    "vor or ja z en til werden som das auch come hasta más o einem и как été och os dei w be",
    "with vous there się sind co ett noch nie cuando maar if durch du einer sont were sie in",
    "nous cette he los non s une с per bis some ei zijn could sin uma schon of only il este",
    "za voor wir that из nach plus же mais si oder är ihr you esta det nur for ele var elle",
    "their what als fue has ist am inte them they einen up um as hat lo og a from sí anche",
    "foi donde ale sa and nel он an at em one quien se le par auf ook для sur dem hän zu dass",
    "это af have au v più der da mehr pero у av met i nos por la pelo para than dos über за о",
    "jak od to about man ao et des eine porque nicht hay we že gli she which are el ont como",
    "jako entre dla że hade pela into alla our jest mas est de her die wenn on también ci om",
    "been del is when had för van was also к на na jeg ne på son sein his sono aus will not",
    "es al so ya its durante comme war ikke pour что não but que kann y но sobre these by zum",
    "att все har так von les er aber ein no wie sei do не im more it den aux ve con una who",
    "leur pas po avec niet wurde ses ich aan desde в las un mit all een zur till ha me sich",
    "out että would dan muy ou questo und che after przez sus je het can com ma della wel nog",
    "the te todo от haben dans this bei wird по di op ce für qui bij delle oli med dat",
)
STOP_WORDS = frozenset(w for line in _STOP_WORD_LINES for w in line.split())

_WORD_RE = re.compile(r"\w+")

# Feature names, in the order of the matrix columns built by ``block_features``.
NAMES = (
    "log_chars",
    "log_words",
    "ends_sentence",
    "end_punct_per_word",
    "mid_punct_per_word",
    "stop_ratio",
    "digit_ratio",
    "upper_ratio",
    "linkish_per_word",
    "other_letter_ratio",
    "quote_ratio",
    "avg_word_len",
)


@cache
def _class_table() -> np.ndarray:
    """Character class of every code point of the Basic Multilingual Plane."""
    table = np.full(0x10000, OTHER, dtype=np.uint8)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isspace():
            table[cp] = SPACE
        elif ch.isdigit():
            table[cp] = DIGIT
        elif ch.isalpha():
            table[cp] = LOWER if ch.islower() else UPPER if ch.isupper() else OTHER_LETTER
    for chars, cls in (
        (_QUOTES, QUOTE),
        (_LINKISH, LINKISH),
        (_MID_PUNCT, MID_PUNCT),
        (_END_PUNCT, END_PUNCT),
    ):
        for ch in chars:
            table[ord(ch)] = cls
    return table


@cache
def space_table() -> np.ndarray:
    """Whether each BMP code point is whitespace (``str.isspace``, as ``str.split`` reads it)."""
    return _class_table() == SPACE


@cache
def _word_table() -> np.ndarray:
    r"""Whether each BMP code point is a word character, exactly as ``re``'s ``\w``."""
    return np.fromiter(
        (chr(cp).isalnum() or cp == 0x5F for cp in range(0x10000)), dtype=bool, count=0x10000
    )


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class Layout(NamedTuple):
    """A document's blocks joined by "\\n", as code points: what every per-block count reads."""

    joined: str
    points: np.ndarray  # code point of every character of ``joined``
    bmp: np.ndarray  # the same, astral ones clipped to U+FFFF (the tables' last entry)
    owner: np.ndarray  # which block each character (and the separator after it) belongs to
    starts: np.ndarray  # offset of each block in ``joined``
    ends: np.ndarray
    lengths: np.ndarray


def layout(texts: Sequence[str]) -> Layout:
    """Lay out a non-empty list of block texts for the vectorized counts."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    joined = "\n".join(texts)
    points = _codepoints(joined)
    # Astral characters (emoji, rare CJK) count as "other" (U+FFFF is of that
    # class) rather than growing the tables to 1.1 M entries.
    bmp = np.minimum(points, 0xFFFF)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    ends = starts + lengths
    owner = np.repeat(np.arange(n), lengths + 1)[: len(points)]
    return Layout(joined, points, bmp, owner, starts, ends, lengths)


def class_table(chars: str) -> np.ndarray:
    """A BMP lookup table: True for each of ``chars``."""
    table = np.zeros(0x10000, dtype=bool)
    table[[ord(ch) for ch in chars]] = True
    return table


def _is_word(points: np.ndarray, bmp: np.ndarray) -> np.ndarray:
    r"""Whether each code point is a word character, exactly as ``re``'s ``\w``."""
    is_word = _word_table().take(bmp)
    astral = np.flatnonzero(points > 0xFFFF)
    if len(astral):  # rare: ask Python, as ``re`` does, whether they are word characters
        is_word[astral] = [chr(c).isalnum() for c in points[astral].tolist()]
    return is_word


def _word_spans(is_word: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Starts and ends of the runs of word characters: the matches of ``\w+``.

    >>> [a.tolist() for a in _word_spans(np.array([True, True, False, True]))]
    [[0, 3], [2, 4]]
    """
    if not len(is_word):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    change = np.empty(len(is_word) + 1, dtype=bool)
    change[0], change[-1] = is_word[0], is_word[-1]
    np.not_equal(is_word[1:], is_word[:-1], out=change[1:-1])
    edges = np.flatnonzero(change)
    return edges[::2], edges[1::2]


STOP_WORD_MAX_CHARS = max(map(len, STOP_WORDS))
_STOP_BITS = 6  # bits per character of a stop word's key: its alphabet is < 64 letters


@cache
def _stop_tables() -> tuple[np.ndarray, np.ndarray]:
    """A BMP table of each stop-word letter's number (1, 2, ...; 0: not in any stop
    word), and a hash table of the stop words' keys (their letters' numbers, packed):
    each key sits at ``key % len(table)``, a size at which no two keys collide."""
    alphabet = sorted(set("".join(STOP_WORDS)))
    if len(alphabet) >= 1 << _STOP_BITS or STOP_WORD_MAX_CHARS * _STOP_BITS > 64:
        raise ValueError("the stop words do not fit the packed keys: widen _STOP_BITS")
    numbers = np.zeros(0x10000, dtype=np.uint64)
    for n, ch in enumerate(alphabet, start=1):
        numbers[ord(ch)] = n
    keys = [
        sum(int(numbers[ord(ch)]) << (_STOP_BITS * k) for k, ch in enumerate(word))
        for word in STOP_WORDS
    ]
    return numbers, _key_table(keys)


_KEY_TABLE_BATCH = 256  # table sizes tried at once by ``_key_table``


def _key_table(keys: Sequence[int]) -> np.ndarray:
    """A hash table of ``keys`` (nonzero): each at ``key % len(table)``, the least size
    (from ``len(keys)`` up) at which no two collide; 0 in the empty slots.

    >>> _key_table([3, 5, 10]).tolist()
    [3, 10, 5]
    >>> _key_table([2, 4, 6, 8]).tolist()  # at size 4, 2 and 6 (and 4 and 8) collide
    [0, 6, 2, 8, 4]
    """
    values = np.array(sorted(keys), dtype=np.uint64)
    start = len(values)
    for first in itertools.count(start, _KEY_TABLE_BATCH):
        # Each column the slots of every key at one size: a size works if a column holds
        # no value twice (sorted: no two neighbours equal).
        sizes = np.arange(first, first + _KEY_TABLE_BATCH, dtype=np.uint64)
        slots = np.sort(values[:, None] % sizes[None, :], axis=0)
        clear = ~(slots[1:] == slots[:-1]).any(axis=0)
        if clear.any():
            size = int(sizes[np.argmax(clear)])
            table = np.zeros(size, dtype=np.uint64)
            table[values % np.uint64(size)] = values
            return table
    raise AssertionError("unreachable: itertools.count does not end")


def _stop_flags(bmp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """1.0 for each word ``[start, end)`` of the text (as BMP code points) that is a
    stop word, else 0.0: each word's letters packed into one integer key, looked up
    among the stop words' keys (the same test as ``w in STOP_WORDS``).

    >>> text = "the cat and"
    >>> points = np.array([ord(c) for c in text])
    >>> _stop_flags(points, np.array([0, 4, 8]), np.array([3, 7, 11])).tolist()
    [1.0, 0.0, 1.0]
    """
    if not len(starts):
        return np.zeros(0)
    numbers, stop_keys = _stop_tables()
    if _stop_flags_kernel is not None and bmp.dtype == np.uint32:
        out = np.zeros(len(starts))
        begin, end = (np.ascontiguousarray(a, dtype=np.int64) for a in (starts, ends))
        args = (STOP_WORD_MAX_CHARS, _STOP_BITS, out)
        _stop_flags_kernel(np.ascontiguousarray(bmp), begin, end, numbers, stop_keys, *args)
        return out
    # Each character's letter number, then zeros: reading past the text's end is harmless.
    letters = np.zeros(len(bmp) + STOP_WORD_MAX_CHARS, dtype=np.uint64)
    numbers.take(bmp, out=letters[: len(bmp)])
    # Pack each word's first letters while they are all stop-word letters; ``read``
    # counts them, so a word is a candidate only when they were all of its letters.
    key = np.zeros(len(starts), dtype=np.uint64)
    read = np.zeros(len(starts), dtype=np.intp)
    going = np.ones(len(starts), dtype=np.uint64)
    for k in range(STOP_WORD_MAX_CHARS):
        number = letters.take(starts + k) * going
        going = (number > 0).view(np.uint8).astype(np.uint64)
        key |= number << np.uint64(_STOP_BITS * k)
        read += going.astype(np.intp)
    whole = read == ends - starts
    found = stop_keys.take(key % np.uint64(len(stop_keys))) == key
    return (whole & found).astype(np.float64)


def block_features(texts: Sequence[str], laid: Layout | None = None) -> np.ndarray:
    """One row of ``NAMES`` features per block text (``laid``: ``layout(texts)`` if at hand).

    >>> f = block_features(["Home", "The council met on Monday and approved the budget."])
    >>> f.shape
    (2, 12)
    >>> bool(f[1, NAMES.index("ends_sentence")]), bool(f[0, NAMES.index("ends_sentence")])
    (True, False)
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(NAMES)))
    if _block_rows_kernel is not None:
        rows = _rows_kernel(texts if type(texts) is list else list(texts))
        if rows is not None:
            return rows
    return block_features_plain(texts, laid)


def _rows_kernel(texts: list[str]) -> np.ndarray | None:
    """``block_features_plain``'s rows by ``cleaner._build.block_rows`` (``measure_blocks``'
    loop, on blocks of any length), in one pass over the characters; None when it cannot
    read these texts (then numpy does)."""
    out = np.empty((len(texts), len(NAMES)))
    # As block_features_plain, stop words are read in each character's lower case (by
    # table), or in the text as it is when lowering would change its length (a character
    # lowers to two): then no character is unsafe.
    lengthening = _folding_tables()[2]
    joined = "\n".join(texts)
    fold = not any(ch in joined for ch in lengthening)
    tables = (_block_entries(fold), _first_high_keys())
    if not _block_rows_kernel(texts, *tables, STOP_WORD_MAX_CHARS, _STOP_BITS, fold, out):
        return None
    # The kernel leaves the counts in the logarithm columns: numpy's logarithms of them, as
    # _features_from_counts takes them (whole columns at once).
    out[:, 0] = np.log1p(np.ascontiguousarray(out[:, 0]))
    out[:, 1] = np.log1p(np.ascontiguousarray(out[:, 1]))
    return out


@cache
def _block_entries(fold: bool) -> np.ndarray:
    """The table ``_rows_kernel`` reads (see ``describe_flags``): word characters, and
    when reading lower case (``fold``) the characters whose lower case ``_folding_tables``
    cannot stand for and their lower case's stop-word letters; else the characters' own."""
    flags = _word_table().astype(np.uint8) * FLAG_WORD
    if fold:
        flags |= _folding_tables()[1].astype(np.uint8) * FLAG_UNSAFE
    return _entry_table(flags, _folding_tables()[0] if fold else _stop_tables()[0])


@cache
def _first_high_keys() -> np.ndarray:
    """The stop words' keys as the compiled loop packs them (each letter's number, the
    first letter in the highest bits: the loop shifts a word's key along as it reads),
    in a hash table as ``_stop_tables``' (``_key_table``)."""
    numbers = _stop_tables()[0]
    keys = []
    for word in STOP_WORDS:
        key = 0
        for ch in word:
            key = key << _STOP_BITS | int(numbers[ord(ch)])
        keys.append(key)
    return _key_table(keys)


@cache
def _folding_tables() -> tuple[np.ndarray, np.ndarray, str]:
    """What ``cleaner._build``'s loop reads instead of a lower-cased copy of the
    text: per BMP character, the stop-word letter number (``numbers``) of its lower case,
    and whether that number cannot stand for it (its lower case is not one character or
    depends on its neighbours, as a capital sigma's, or is a word character where the
    character is not, or the reverse: the text is then measured otherwise); and the
    characters whose lower case is longer than they are.
    """
    numbers = _stop_tables()[0]
    lower_numbers = numbers.copy()
    unsafe = np.zeros(0x10000, dtype=np.uint8)
    word = _word_table()
    lengthening = []
    for cp in range(0x10000):
        low = chr(cp).lower()
        if low == chr(cp):
            continue
        if len(low) != 1:
            unsafe[cp] = 1
            lengthening.append(chr(cp))
            continue
        low_cp = min(ord(low), 0xFFFF)
        lower_numbers[cp] = numbers[low_cp]
        low_word = low.isalnum() or low == "_"
        if low_word != bool(word[cp]):
            unsafe[cp] = 1
    # str.lower reads a capital sigma's neighbours (final or not): unsafe unless both agree.
    if numbers[ord("σ")] != numbers[ord("ς")]:
        unsafe[ord("Σ")] = 1
    return lower_numbers, unsafe, "".join(lengthening)


LOG1P_TABLE_SIZE = 1 << 14  # blocks up to this many characters read their logarithms from a table

# The bits of a ``describe_flags`` entry's info word: what ``cleaner._build.describe_rows``
# reads of a character.
FLAG_WORD, FLAG_UNSAFE, FLAG_CJK, FLAG_PUNCT, FLAG_END, FLAG_CLOSER = (1 << k for k in range(6))
# ...and the rest of it: whitespace; a character the loop does not read (a line break, or
# FLAG_UNSAFE); where its class and its stop-word letter's code sit.
INFO_SPACE, INFO_STOP = 1 << 32, 1 << 7
INFO_CLASS_SHIFT, INFO_LETTER_SHIFT = 8, 48
# An entry's counts word: one field of this many bits per counted class (LOWER to QUOTE)
# and one for CJK characters, where the character adds one (the loop reads at most
# 2 ** COUNT_FIELD_BITS - 1 characters before it empties the fields).
COUNT_FIELD_BITS = 7
_COUNTED = (LOWER, UPPER, OTHER_LETTER, DIGIT, END_PUNCT, MID_PUNCT, LINKISH, QUOTE)


@cache
def _log1p_table() -> np.ndarray:
    """``np.log1p`` of every whole number below ``LOG1P_TABLE_SIZE``, as numpy computes it."""
    return np.log1p(np.arange(LOG1P_TABLE_SIZE, dtype=np.float64))


@cache
def describe_flags(
    cjk_ranges: tuple[tuple[int, int], ...], punct: str, end: str, closer: str
) -> np.ndarray:
    """Per BMP character, what ``measure_blocks`` reads of it (``_entry_table``): the
    ``FLAG_*`` bits, a word character (``\\w``), one whose lower case ``_folding_tables``
    cannot stand for, and membership of the CJK ranges and of the sentence punctuation,
    sentence end and closer characters (``cleaner.classify.describe``'s sets); its class
    and its lower case's stop-word letter number."""
    flags = _word_table().astype(np.uint8) * FLAG_WORD
    flags |= _folding_tables()[1].astype(np.uint8) * FLAG_UNSAFE
    for lo, hi in cjk_ranges:
        flags[lo : hi + 1] |= FLAG_CJK
    for chars, bit in ((punct, FLAG_PUNCT), (end, FLAG_END), (closer, FLAG_CLOSER)):
        flags[[ord(ch) for ch in chars]] |= bit
    return _entry_table(flags, _folding_tables()[0])


def _entry_table(flags: np.ndarray, letters: np.ndarray) -> np.ndarray:
    """Two uint64 words per BMP character, all the compiled loop reads of it (one
    lookup): its counts word (one in its class's field if counted, one in the CJK field if
    ``FLAG_CJK``: see ``COUNT_FIELD_BITS``) and its info word: its ``FLAG_*`` bits,
    ``INFO_SPACE``, ``INFO_STOP`` (a line break or ``FLAG_UNSAFE``), its class
    (``_class_table``) and its stop-word letter's code: its number in ``letters``, or for a
    letter of no stop word the all-ones code no stop-word letter has.

    >>> entries = _entry_table(_word_table().astype(np.uint8) * FLAG_WORD, _stop_tables()[0])
    >>> counts, info = (int(word) for word in entries[ord("a")])
    >>> counts == 1 << COUNT_FIELD_BITS * _COUNTED.index(LOWER)
    True
    >>> info & FLAG_WORD, info >> INFO_CLASS_SHIFT & 15 == LOWER, info >> INFO_LETTER_SHIFT > 0
    (1, True, True)
    >>> int(entries[ord("\\n"), 1]) & INFO_STOP != 0
    True
    """
    none = (1 << _STOP_BITS) - 1  # the code of a letter of no stop word: no number is it
    if int(letters.max()) >= none:
        raise ValueError("a stop-word letter number is the code of none: widen _STOP_BITS")
    classes = _class_table()
    info = flags.astype(np.uint64)
    info |= (classes == SPACE).astype(np.uint64) * INFO_SPACE
    info |= ((flags & FLAG_UNSAFE) != 0).astype(np.uint64) * INFO_STOP
    info[ord("\n")] |= INFO_STOP
    info |= classes.astype(np.uint64) << np.uint64(INFO_CLASS_SHIFT)
    codes = np.where(letters != 0, letters, none).astype(np.uint64)
    info |= codes << np.uint64(INFO_LETTER_SHIFT)
    counts = np.zeros(0x10000, dtype=np.uint64)
    for field, cls in enumerate(_COUNTED):
        counts[classes == cls] = 1 << COUNT_FIELD_BITS * field
    cjk_field = np.uint64(1 << COUNT_FIELD_BITS * len(_COUNTED))
    counts |= ((flags & FLAG_CJK) != 0).astype(np.uint64) * cjk_field
    return np.stack([counts, info], axis=1)


def measure_blocks(
    texts: list[str],
    flags: np.ndarray,
    minimums: tuple[int, int, int],
    rows_into: tuple[type, list, type, list] | None = None,
    views: bool = True,
) -> tuple[np.ndarray, list[int], list[bool]] | None:
    """``block_features(texts)`` and ``cleaner.classify.describe``'s words and prose of
    each text, in one compiled pass (``cleaner._build.describe_rows``; ``flags``:
    ``describe_flags``, ``minimums``: describe's prose thresholds); None when it is not
    built or cannot read these texts (an empty one, a line break, a rare letter whose
    lower case it cannot stand for, a block longer than ``LOG1P_TABLE_SIZE``): then
    measure them apart, as before. Its twin is the pair measured apart.

    ``rows_into``: ``(cls, hits, leaf, infos)``, a tuple subclass, the blocks' rule hits
    and a list: appends to ``infos`` one untracked ``cls((text, words, prose, hit, row))``
    per text, ``row`` its features (``cleaner.classify.describe_all``'s ``BlockInfo``, as
    ``cleaner._kernels.untracked_rows`` builds them), when the texts were read; with
    ``views`` False, ``row`` is None (the features are read from the matrix returned).
    """
    if _describe_rows_kernel is None or not texts:
        return None
    rows = np.empty((len(texts), len(NAMES)))
    sizes = (STOP_WORD_MAX_CHARS, _STOP_BITS, _log1p_table())
    into = (rows if views else None, *rows_into) if rows_into is not None else ()
    keys = _first_high_keys()
    measured = _describe_rows_kernel(texts, flags, keys, *sizes, *minimums, rows, *into)
    if measured is None:
        return None
    return rows, *measured


def _features_from_counts(
    counts: np.ndarray,
    words_per_block: np.ndarray,
    stops: np.ndarray,
    last: np.ndarray,
    before_last: np.ndarray,
    lengths: np.ndarray,
) -> np.ndarray:
    """The ``NAMES`` rows from each block's class counts, words, stop words, the classes
    of its last two characters and its length (``block_features_plain``'s arithmetic)."""
    n = len(counts)
    ends_sentence = (last == END_PUNCT) | ((last == QUOTE) & (before_last == END_PUNCT))
    chars = lengths.astype(np.float64)
    letters = counts[:, LOWER] + counts[:, UPPER] + counts[:, OTHER_LETTER]
    wp = np.maximum(words_per_block, 1.0)
    out = np.empty((n, len(NAMES)))
    out[:, 0] = np.log1p(chars)
    out[:, 1] = np.log1p(words_per_block)
    out[:, 2] = ends_sentence
    out[:, 3] = counts[:, END_PUNCT] / wp
    out[:, 4] = counts[:, MID_PUNCT] / wp
    out[:, 5] = stops / wp
    out[:, 6] = counts[:, DIGIT] / chars
    out[:, 7] = counts[:, UPPER] / np.maximum(letters, 1)
    out[:, 8] = counts[:, LINKISH] / wp
    out[:, 9] = counts[:, OTHER_LETTER] / np.maximum(letters, 1)
    out[:, 10] = counts[:, QUOTE] / chars
    out[:, 11] = letters / wp
    return out


def block_features_plain(texts: Sequence[str], laid: Layout | None = None) -> np.ndarray:
    """``block_features`` by numpy alone (the kernel's twin), from the laid-out text."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(NAMES)))
    joined, points, bmp, owner, starts, ends, lengths = laid or layout(texts)
    classes = _class_table().take(bmp)
    counts = np.bincount(owner * N_CLASSES + classes, minlength=n * N_CLASSES).reshape(n, N_CLASSES)
    counts[:-1, SPACE] -= 1  # the "\n" separators are not the blocks' own spaces

    is_word = _is_word(points, bmp)
    word_pos, word_end = _word_spans(is_word)
    word_owner = owner[word_pos]
    words_per_block = np.bincount(word_owner, minlength=n).astype(np.float64)

    # Stop words are looked up in the lower-cased text, word for word; when lower
    # casing changes the text's length (a few rare letters), in the text as it is.
    lowered = joined.lower()
    if lowered == joined or len(lowered) != len(joined):
        stop_flags = _stop_flags(bmp, word_pos, word_end)
    else:
        low_points = _codepoints(lowered)
        low_bmp = np.minimum(low_points, 0xFFFF)
        low_pos, low_end = _word_spans(_is_word(low_points, low_bmp))
        if len(low_pos) == len(word_pos):  # the k-th word is the k-th word of ``joined``
            stop_flags = _stop_flags(low_bmp, low_pos, low_end)
        else:  # lower() changed where words are (rare letters): word by word
            found = [(m.start(), m.group().lower()) for m in _WORD_RE.finditer(joined)]
            word_pos = np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found))
            word_owner = owner[word_pos] if len(found) else word_pos
            stop_flags = np.fromiter(
                (w in STOP_WORDS for _, w in found), dtype=np.float64, count=len(found)
            )
    stops = np.bincount(word_owner, weights=stop_flags, minlength=n)
    last = classes[ends - 1]
    before_last = classes[np.maximum(ends - 2, starts)]
    return _features_from_counts(counts, words_per_block, stops, last, before_last, lengths)


PROSE_MIN_WORDS = 10  # a block this long with punctuation reads as prose...
SENTENCE_MIN_WORDS = 5  # ...and so does a shorter one that ends like a sentence
WIDE = 3  # neighbour window (blocks on each side)
TITLE_MAX_CHARS = 300
TITLE_QUOTE_MIN_CHARS = 8  # a shorter block is not counted as quoted by the title

CONTEXT_NAMES = (
    "prose",
    "rel_pos",
    "before_first_prose",
    "after_last_prose",
    "prev_log_chars",
    "next_log_chars",
    "prev_prose",
    "next_prose",
    "wide_log_chars",
    "wide_prose",
    "wide_stop_ratio",
    "log_short_run",
    "log_prose_distance",
    "log_duplicates",
    "in_title",
    "is_first",
    "doc_prose_share",
    "weak_hit",
)
# Features that place a block against its own page (appended last so earlier
# columns keep their positions): see ``page_relative_features``.
PAGE_NAMES = (
    "in_main_region",
    "log_region_distance",
    "char_share",
    "log_chars_vs_prose",
    "stop_vs_prose",
    "wide_linkish",
)
ALL_NAMES = NAMES + CONTEXT_NAMES + PAGE_NAMES


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean of each column of ``values`` (n, k) over ``radius`` blocks on each side,
    excluding the block itself. Columns are summed one row after another, as a
    single column would be: the results are the same bits.

    >>> _window_mean(np.array([[1.0], [2.0], [4.0]]), 1).ravel().tolist()
    [2.0, 2.5, 2.0]
    """
    n = len(values)
    padded = np.zeros((n + 1, values.shape[1]))
    np.cumsum(values, axis=0, out=padded[1:])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    total = padded[hi] - padded[lo] - values
    return total / np.maximum(hi - lo - 1, 1)[:, None]


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """Length of the run of equal ``flags`` each element belongs to.

    >>> _run_lengths(np.array([1, 1, 0, 1])).tolist()
    [2, 2, 1, 1]
    """
    n = len(flags)
    change = np.flatnonzero(np.diff(flags)) + 1
    bounds = np.concatenate(([0], change, [n]))
    return np.repeat(np.diff(bounds), np.diff(bounds))


def _distance_to(flags: np.ndarray) -> np.ndarray:
    """Blocks between each block and the nearest flagged one (n if none)."""
    n = len(flags)
    idx = np.arange(n)
    marked = np.flatnonzero(flags)
    if not len(marked):
        return np.full(n, n)
    pos = np.searchsorted(marked, idx)
    right = marked[np.minimum(pos, len(marked) - 1)]
    left = marked[np.maximum(pos - 1, 0)]
    return np.minimum(np.abs(right - idx), np.abs(idx - left))


def document_features(
    texts: Sequence[str], weak_hits: Sequence[bool], base: np.ndarray | None = None
) -> np.ndarray:
    """Block features plus their context in the document: one row of ``ALL_NAMES`` per block.

    ``base`` is ``block_features(texts)`` when the caller has it already.

    >>> document_features(["Home", "The council met on Monday and approved the budget."],
    ...                   [False, False]).shape
    (2, 36)
    """
    if base is None:
        base = block_features(texts)
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(ALL_NAMES)))
    counts = Counter(texts)
    copies = np.fromiter(map(counts.__getitem__, texts), dtype=np.float64, count=n)
    # A first line longer than a title is no title (and bounds the substring tests).
    title = texts[0] if len(texts[0]) <= TITLE_MAX_CHARS else ""
    quoted = TITLE_QUOTE_MIN_CHARS
    in_title = [i > 0 and len(t) >= quoted and t in title for i, t in enumerate(texts)]
    return context_features(base, np.asarray(weak_hits, dtype=np.float64), copies, in_title)


def context_features(
    base: np.ndarray,
    weak: np.ndarray,
    copies: np.ndarray,
    in_title: Sequence[bool] | np.ndarray,
    measured: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """``document_features`` from what it measures on the texts, given by the caller.

    ``base`` holds the blocks' ``block_features`` rows, ``weak`` whether each has a weak
    rule hit (as 0/1), ``copies`` how often its text occurs among the blocks and
    ``in_title`` whether it is quoted by the first block (the title). A caller that
    re-measures subsets of one document (``cleaner.classify.ScoreMemo``) counts these
    from arrays it builds once, instead of from the texts every time.

    With the compiled kernels built, the per-block index work (neighbours, windows,
    runs, distances, the main region) is one C loop (``_context_features_kernel``);
    else the numpy definition (``context_features_plain``): the same bits either way.
    ``measured`` is ``block_measures(base)`` when the caller has it (per-row values:
    the rows of a document's whole ``base`` give them to every subset).
    """
    if _context_rows_kernel is None or len(base) == 0:
        return context_features_plain(base, weak, copies, in_title)
    return _context_features_kernel(base, weak, copies, in_title, measured)


def block_measures(base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``block_features``: whether it reads as prose, and its characters.

    >>> prose, chars = block_measures(block_features(["Home", "It rained all day, again."]))
    >>> prose.tolist(), [round(c) for c in chars.tolist()]
    ([False, True], [4, 25])
    """
    chars, words = block_counts(base)
    return prose_from(base, words), chars


_CTX = len(NAMES)
_PAGE = len(NAMES) + len(CONTEXT_NAMES)
# The columns filled from the logarithms of the kernel's whole numbers, in its order.
_LOG1P_COLUMNS = [_CTX + CONTEXT_NAMES.index("log_short_run"),
                  _CTX + CONTEXT_NAMES.index("log_prose_distance"),
                  _PAGE + PAGE_NAMES.index("log_region_distance")]  # fmt: skip


# What ``_prose_flags`` reads of a ``block_features`` row: the columns of its characters and
# words (log1p), of its sentence end and of its two punctuation counts; and the word counts
# from which punctuation, or a sentence end, makes it prose. cleaner.classify's compiled
# twin (``_document_arrays``) reads them from here.
PROSE_FLAG_COLUMNS = (0, 1, 2, 3, 4)
PROSE_FLAG_MINIMUMS = (PROSE_MIN_WORDS, SENTENCE_MIN_WORDS)


def _prose_flags(base: np.ndarray) -> np.ndarray:
    """Whether each row of ``block_features`` reads as prose (``context_features``' test)."""
    return prose_from(base, block_counts(base)[1])


def prose_from(base: np.ndarray, words: np.ndarray) -> np.ndarray:
    """``_prose_flags`` of the rows ``base`` whose words (numpy's expm1 of their column,
    as ``block_counts`` gives them) are ``words``."""
    _, _, ends_at, punct_at, mid_at = PROSE_FLAG_COLUMNS
    prose_min, sentence_min = PROSE_FLAG_MINIMUMS
    has_punct = (base[:, punct_at] + base[:, mid_at]) > 0
    return ((words >= prose_min) & has_punct) | ((words >= sentence_min) & (base[:, ends_at] > 0))


def block_counts(base: np.ndarray) -> np.ndarray:
    """The characters and words of the rows of ``block_features`` (numpy's expm1 of their
    log1p columns), as the two rows of one C-contiguous array.

    The columns are first copied side by side: numpy's expm1 reads a contiguous array
    several times faster than a column (each element its own, the same bits either way).
    """
    chars_at, words_at = PROSE_FLAG_COLUMNS[:2]
    if words_at == chars_at + 1:
        logs = base[:, chars_at : words_at + 1].T.copy()
    else:
        logs = np.vstack((base[:, chars_at], base[:, words_at]))
    return np.expm1(logs, out=logs)


def _context_features_kernel(
    base: np.ndarray,
    weak: np.ndarray,
    copies: np.ndarray,
    in_title: Sequence[bool] | np.ndarray,
    measured: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """``context_features_plain`` with its per-block loops in ``cleaner._kernels.context_rows``:
    numpy keeps the logarithms and the sums (their rounding is numpy's), C the rest."""
    n = len(base)
    base = np.ascontiguousarray(base, dtype=np.float64)
    prose, chars = measured if measured is not None else block_measures(base)
    prose_chars = chars * prose
    total_prose = prose_chars.sum()
    denominator = max(chars.sum(), 1.0)
    out = np.empty((n, len(ALL_NAMES)))
    logargs = np.empty((3, n))
    _context_rows_kernel(
        base,
        prose,
        chars,
        prose_chars,
        np.ascontiguousarray(weak, dtype=np.float64),
        np.ascontiguousarray(in_title, dtype=bool),
        float(total_prose),
        float(total_prose / denominator),
        float(denominator),
        WIDE,
        out,
        logargs,
    )
    out[:, _LOG1P_COLUMNS] = np.log1p(logargs).T
    out[:, _CTX + CONTEXT_NAMES.index("log_duplicates")] = np.log(copies)
    if prose.any():
        page = out[:, _PAGE:]
        page[:, 3] = base[:, 0] - base[prose, 0].mean()
        weights = chars[prose]
        page[:, 4] = base[:, 5] - float(np.dot(base[prose, 5], weights) / weights.sum())
    return out


def context_features_plain(
    base: np.ndarray, weak: np.ndarray, copies: np.ndarray, in_title: Sequence[bool] | np.ndarray
) -> np.ndarray:
    """``context_features`` by numpy alone (the kernel's twin)."""
    n = len(base)
    words = np.expm1(base[:, 1])
    log_chars = base[:, 0]
    has_punct = (base[:, 3] + base[:, 4]) > 0
    prose = ((words >= PROSE_MIN_WORDS) & has_punct) | (
        (words >= SENTENCE_MIN_WORDS) & (base[:, 2] > 0)
    )
    chars = np.expm1(log_chars)
    prose_chars = chars * prose
    total_prose = prose_chars.sum()
    idx = np.arange(n)
    if total_prose > 0:
        rel_pos = (np.cumsum(prose_chars) - prose_chars / 2) / total_prose
        prose_idx = np.flatnonzero(prose)
        first, last = prose_idx[0], prose_idx[-1]
    else:
        rel_pos = idx / max(n - 1, 1)
        first, last = n, -1
    out = np.empty((n, len(ALL_NAMES)))
    out[:, : len(NAMES)] = base
    ctx = out[:, len(NAMES) :]
    ctx[:, 0] = prose
    ctx[:, 1] = rel_pos
    ctx[:, 2] = idx < first
    ctx[:, 3] = idx > last
    ctx[0, 4] = 0.0
    ctx[1:, 4] = log_chars[:-1]
    ctx[:-1, 5] = log_chars[1:]
    ctx[-1, 5] = 0.0
    ctx[0, 6] = 0.0
    ctx[1:, 6] = prose[:-1]
    ctx[:-1, 7] = prose[1:]
    ctx[-1, 7] = 0.0
    ctx[:, 8:11] = _window_mean(np.column_stack((log_chars, prose, base[:, 5])), WIDE)
    ctx[:, 11] = np.log1p(_run_lengths(prose.astype(np.int8)) * ~prose)
    ctx[:, 12] = np.log1p(_distance_to(prose))
    ctx[:, 13] = np.log(copies)
    ctx[:, 14] = in_title
    ctx[:, 15] = idx == 0
    ctx[:, 16] = total_prose / max(chars.sum(), 1.0)
    ctx[:, 17] = weak
    out[:, len(NAMES) + len(CONTEXT_NAMES) :] = page_relative_features(base, prose, chars)
    return out


REGION_PENALTY = 1.0  # a non-prose character costs as much as a prose one earns


def _main_region(gain: np.ndarray) -> tuple[int, int]:
    """First and last index of the densest stretch: the maximum-sum run of ``gain``.

    The article is where prose characters outweigh the rest (a linear scan,
    Kadane's algorithm on prose minus non-prose characters).

    >>> _main_region(np.array([-3.0, 5.0, -1.0, 4.0, -9.0, 2.0]))
    (1, 3)
    """
    total = np.cumsum(np.concatenate(([0.0], gain)))
    low_at = np.maximum.accumulate(np.where(total == np.minimum.accumulate(total),
                                            np.arange(len(total)), 0))  # fmt: skip
    best_end = int(np.argmax(total[1:] - np.minimum.accumulate(total)[:-1]))
    return int(low_at[best_end]), best_end


def page_relative_features(base: np.ndarray, prose: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """One row of ``PAGE_NAMES`` per block: where it stands against the page's own text.

    Measures relative to the page generalise across sites and languages better
    than absolute ones: a stop-word ratio is read against the page's prose, a
    length against its paragraphs.
    """
    n = len(base)
    out = np.zeros((n, len(PAGE_NAMES)))
    gain = np.where(prose, chars, -REGION_PENALTY * chars)
    first, last = _main_region(gain)
    idx = np.arange(n)
    out[:, 0] = (idx >= first) & (idx <= last)
    out[:, 1] = np.log1p(np.maximum(first - idx, 0) + np.maximum(idx - last, 0))
    out[:, 2] = chars / max(chars.sum(), 1.0)
    if prose.any():
        out[:, 3] = base[:, 0] - base[prose, 0].mean()
        weights = chars[prose]
        out[:, 4] = base[:, 5] - float(np.dot(base[prose, 5], weights) / weights.sum())
    out[:, 5] = _window_mean(base[:, 8:9], WIDE)[:, 0]
    return out


# What the second stage of the scorer reads besides ``ALL_NAMES``: the first
# stage's scores of the block and of its neighbours (see ``stacked_features``).
STACK_NAMES = (
    "first_score",
    "prev_score",
    "next_score",
    "near_score",
    "wide_score",
    "near_max_score",
    "run_score",
    "prose_before_score",
    "prose_after_score",
    "score_mass_before",
    "score_mass_after",
)
NEAR = 2  # blocks on each side for the near mean of the neighbours' scores...
FAR = 6  # ...and for the wide one
MAX_REACH = 3  # blocks on each side for the best neighbour's score
_PROSE = ALL_NAMES.index("prose")


def _shifted(values: np.ndarray, by: int, fill: float = 0.0) -> np.ndarray:
    """``values`` moved ``by`` places (positive: each element gets the one ``by`` before it).

    >>> _shifted(np.array([1.0, 2.0, 3.0]), 1).tolist(), _shifted(np.array([1.0, 2.0, 3.0]), -2)
    ([0.0, 1.0, 2.0], array([3., 0., 0.]))
    """
    out = np.full_like(values, fill)
    n = len(values)
    if abs(by) >= n:
        return out
    if by >= 0:
        out[by:] = values[: n - by]
    else:
        out[: n + by] = values[-by:]
    return out


def _nearest_before(flags: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per element, ``values`` at the last flagged element before it (0.0 if none).

    >>> _nearest_before(np.array([1, 0, 1, 0]), np.array([0.5, 9, 0.7, 9])).tolist()
    [0.0, 0.5, 0.5, 0.7]
    """
    n = len(flags)
    marked = np.where(flags, np.arange(n), -1)
    last = np.maximum.accumulate(_shifted(marked.astype(np.int64), 1, -1))
    return np.where(last >= 0, values[np.maximum(last, 0)], 0.0)


def stacked_features(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One row of ``STACK_NAMES`` per block: the first-stage scores ``p`` around it.

    ``x`` holds the blocks' ``ALL_NAMES`` rows, in page order. Article text comes
    in stretches: a short line among well-scored paragraphs is more likely the
    article's (a recipe step, a table cell) than the same line among menus, and
    a sentence between link lists more likely a teaser. The second stage learns
    how far to trust a block's own score against its neighbours'.

    >>> x = np.zeros((3, len(ALL_NAMES)))
    >>> stacked_features(x, np.array([0.2, 0.9, 0.4])).shape
    (3, 11)
    """
    n = len(p)
    out = np.empty((n, len(STACK_NAMES)))
    if n == 0:
        return out
    prose = x[:, _PROSE] > 0
    idx = np.arange(n)
    # The scores with FAR zeros on each side: every window is a slice or a difference
    # of two cumulative sums, whatever its place (few array operations per page).
    padded = np.zeros(n + 2 * FAR)
    padded[FAR : FAR + n] = p
    out[:, 0] = p
    out[:, 1] = padded[FAR - 1 : FAR - 1 + n]
    out[:, 2] = padded[FAR + 1 : FAR + 1 + n]
    sums = np.zeros(len(padded) + 1)
    np.cumsum(padded, out=sums[1:])
    for column, radius in ((3, NEAR), (4, FAR)):
        inside = np.minimum(idx, radius) + np.minimum(idx[::-1], radius)  # neighbours in reach
        upto, since = FAR + radius + 1, FAR - radius
        total = sums[upto : upto + n] - sums[since : since + n]
        out[:, column] = (total - p) / np.maximum(inside, 1)
    best = out[:, 5]
    np.maximum(padded[FAR - 1 : FAR - 1 + n], padded[FAR + 1 : FAR + 1 + n], out=best)
    for k in range(2, MAX_REACH + 1):
        np.maximum(best, padded[FAR - k : FAR - k + n], out=best)
        np.maximum(best, padded[FAR + k : FAR + k + n], out=best)
    # The mean score of the run of prose or non-prose blocks the block is in.
    run = np.zeros(n, dtype=np.intp)
    np.cumsum(prose[1:] != prose[:-1], out=run[1:])
    out[:, 6] = (np.bincount(run, weights=p) / np.bincount(run))[run]
    # The scores of the nearest prose blocks before and after (0 where there is none).
    last = np.maximum.accumulate(np.where(prose, idx, -1))
    out[0, 7] = 0.0
    out[1:, 7] = np.where(last[:-1] >= 0, p[last[:-1]], 0.0)
    following = np.minimum.accumulate(np.where(prose, idx, n)[::-1])[::-1]
    out[-1, 8] = 0.0
    out[:-1, 8] = np.where(following[1:] < n, p[np.minimum(following[1:], n - 1)], 0.0)
    mass = p * np.expm1(x[:, 0])
    whole = max(float(mass.sum()), 1.0)
    before = np.cumsum(mass) - mass
    out[:, 9] = before / whole
    out[:, 10] = np.maximum(whole - before - mass, 0.0) / whole
    return out


# The blocks' words, for the scorer's lexicon (``cleaner.scorer.Lexicon``): boilerplate has a
# vocabulary that crosses sites and languages ("comments", "Impressum", "newsletter",
# "teilen", "cookies"), and so has an article's prose. Each token is hashed to 64 bits by
# array arithmetic over the document's code points (no Python loop over words or blocks).
LEXICAL_BITS = 16  # the lexicon's weights are 2**LEXICAL_BITS buckets of token hashes
_HASH_BASE = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_HASH_BASE_INVERSE = pow(_HASH_BASE, -1, 1 << 64)
_MIX = 0x9E3779B97F4A7C15  # a 64-bit odd constant spreading the hashes' high bits
_BIGRAM_SALT = 0x2545F4914F6CDD1D  # word pairs, first words and last words hash apart
_FIRST_SALT = 0x5851F42D4C957F2D
_LAST_SALT = 0x14057B7EF767814F
# Scripts written without spaces: each of their characters is a token of its own (and
# pairs of them the "word pairs"), so a Chinese sentence is not one long word.
_UNSPACED_RANGES = ((0x0E00, 0x0E7F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF))


@cache
def _lexical_tables() -> tuple[np.ndarray, np.ndarray]:
    """BMP tables: each code point as a token character (lower-cased where that is one
    character; digits all read as "0", so numbers share their shape, not their value), and
    whether it is of a script without spaces."""
    lowered = (chr(cp).lower() for cp in range(0x10000))
    chars = np.fromiter(
        (ord(low) if len(low) == 1 else cp for cp, low in enumerate(lowered)),
        dtype=np.uint64,
        count=0x10000,
    )
    chars[_class_table() == DIGIT] = ord("0")
    unspaced = np.zeros(0x10000, dtype=bool)
    for lo, hi in _UNSPACED_RANGES:
        unspaced[lo : hi + 1] = True
    return chars, unspaced


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """A hash with its bits spread (so the top bits, the bucket, depend on every character).

    >>> _mixed(np.array([1, 2], dtype=np.uint64)).dtype
    dtype('uint64')
    """
    h = hashes ^ (hashes >> np.uint64(31))
    h = h * np.uint64(_MIX)
    return h ^ (h >> np.uint64(29))


def lexical_tokens(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``lexical_tokens_plain`` by the compiled kernel (cleaner/_lexical.c) when built: one
    pass over the characters, the same bits."""
    if _lexical_tokens_kernel is not None:
        chars, unspaced = _lexical_tables()
        made = _lexical_tokens_kernel(
            texts if type(texts) is list else list(texts),
            chars,
            unspaced,
            _word_table(),
            _HASH_BASE,
            _BIGRAM_SALT,
            _FIRST_SALT,
            _LAST_SALT,
        )
        if made is not None:
            owner, hashes, count = made
            return (
                np.frombuffer(owner, dtype=np.int64).astype(np.intp, copy=False),
                np.frombuffer(hashes, dtype=np.uint64),
                np.frombuffer(count, dtype=np.int64).astype(np.intp, copy=False),
            )
    return lexical_tokens_plain(texts)


def lexical_tokens_plain(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The blocks' lexical tokens: per token its block and its 64-bit hash, and per block
    how many tokens it has.

    Tokens are the lower-cased words (``\\w`` runs, each character lower-cased alone; each
    character of a script without spaces alone), each pair of consecutive words of a block,
    and the block's first and last word marked as such (a header's first word, a teaser's
    trailing "more").

    >>> owner, hashes, count = lexical_tokens_plain(["Read more", "Read more", "Mehr lesen"])
    >>> count.tolist(), bool(hashes[0] == hashes[2]), bool(hashes[0] == hashes[4])
    ([5, 5, 5], True, False)
    """
    n = len(texts)
    empty = np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.uint64)
    if n == 0:
        return (*empty, np.zeros(0, dtype=np.intp))
    laid = layout(texts)
    points, bmp, owner = laid.points, laid.bmp, laid.owner
    chars_table, unspaced_table = _lexical_tables()
    is_word = _is_word(points, bmp)
    unspaced = unspaced_table.take(bmp) & is_word
    # A token starts at a word character after a non-word one, and at every character of a
    # script without spaces; it ends before the next start or the end of its word.
    starts_here = is_word.copy()
    starts_here[1:] &= ~is_word[:-1] | unspaced[1:] | unspaced[:-1]
    begin = np.flatnonzero(starts_here)
    if not len(begin):
        return (*empty, np.zeros(n, dtype=np.intp))
    ends_here = is_word.copy()
    ends_here[:-1] = is_word[:-1] & ~(is_word[1:] & ~starts_here[1:])
    end = np.flatnonzero(ends_here) + 1
    # Polynomial hashes of every token at once: running sums of c_i * BASE**i (modulo 2**64,
    # numpy's unsigned arithmetic), differenced at the token's ends and brought back to
    # BASE**0 by the inverse's powers.
    m = len(points)
    powers = np.full(m, _HASH_BASE, dtype=np.uint64)
    powers[0] = 1
    np.cumprod(powers, out=powers)
    inverse = np.full(m, _HASH_BASE_INVERSE, dtype=np.uint64)
    inverse[0] = 1
    np.cumprod(inverse, out=inverse)
    running = np.zeros(m + 1, dtype=np.uint64)
    np.cumsum((chars_table.take(bmp) + np.uint64(1)) * powers, out=running[1:])
    words = _mixed((running[end] - running[begin]) * inverse[begin])
    word_owner = owner[begin]
    same = word_owner[1:] == word_owner[:-1]
    pairs = _mixed(words[:-1] * np.uint64(_HASH_BASE) + (words[1:] ^ np.uint64(_BIGRAM_SALT)))
    first = np.ones(len(words), dtype=bool)
    first[1:] = ~same
    last = np.ones(len(words), dtype=bool)
    last[:-1] = ~same
    owner_out = np.concatenate(
        (word_owner, word_owner[:-1][same], word_owner[first], word_owner[last])
    )
    hashes = np.concatenate(
        (
            words,
            pairs[same],
            _mixed(words[first] ^ np.uint64(_FIRST_SALT)),
            _mixed(words[last] ^ np.uint64(_LAST_SALT)),
        )
    )
    return owner_out, hashes, np.bincount(owner_out, minlength=n)


def lexical_buckets(hashes: np.ndarray, bits: int = LEXICAL_BITS) -> np.ndarray:
    """The lexicon bucket of each token hash: its top ``bits`` bits."""
    return (hashes >> np.uint64(64 - bits)).astype(np.intp)


# What the scorer's first stage reads besides ``ALL_NAMES`` when it has a lexicon: the
# block's lexicon logit, its neighbours' (a "Comments" header opens a run of boilerplate,
# a step of a how-to sits among steps), and its tokens (characters in scripts without
# spaces, where a sentence is one ``\w`` run: a length that counts them).
LEX_NAMES = ("lexical", "prev_lexical", "next_lexical", "near_lexical", "log_tokens")
LEX_NEAR = 2  # blocks on each side for ``near_lexical``


def lexical_features(measured: np.ndarray) -> np.ndarray:
    """One row of ``LEX_NAMES`` per block, from each block's (logit, tokens) in page order.

    >>> lexical_features(np.array([[1.0, 3.0], [-1.0, 0.0], [2.0, 1.0]]))[:, :4].tolist()
    [[1.0, 0.0, -1.0, 0.5], [-1.0, 1.0, 2.0, 1.5], [2.0, -1.0, 0.0, 0.0]]
    """
    n = len(measured)
    out = np.zeros((n, len(LEX_NAMES)))
    if n == 0:
        return out
    logit = measured[:, 0]
    out[:, 0] = logit
    out[1:, 1] = logit[:-1]
    out[:-1, 2] = logit[1:]
    out[:, 3] = _window_mean(logit[:, None], LEX_NEAR)[:, 0]
    out[:, 4] = np.log1p(measured[:, 1])
    return out
