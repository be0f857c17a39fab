"""The learned block scorer: how much a block reads like article text.

A small ensemble of one-hidden-layer perceptrons (their probabilities are
averaged, which steadies the judgement) over ``cleaner.features.ALL_NAMES``, trained by
``make train`` (scripts/train.py) on webeval and shipped as
``cleaner/data/scorer.json`` (~110 KB of JSON; nothing is downloaded at run time).
A second ensemble of the same shape (``Scorer.second``) reads those features
again beside the first one's scores of the block's neighbours
(``cleaner.features.STACK_NAMES``): a stacked judgement, a cheap stand-in for
a sequence model. Scoring a document is four small matrix products.
The first stage also reads the blocks' words (``Scorer.lexicon``, a ``Lexicon``):
a logistic model over hashed words and word pairs, whose logits for the block
and its neighbours are more inputs (``cleaner.features.LEX_NAMES``); it is
computed once per document, since it depends on each block's text alone.

``Scorer.probabilities`` runs in the compiled kernel cleaner/_scorer.c when it is built:
one call per document for both stages, deterministic, within ~1e-14 of its numpy twin
``Scorer.probabilities_plain`` (OpenBLAS sums the products in its own, machine-dependent
order; the kernel in a fixed one). Training reads the stages through numpy
(``ensemble_probabilities``) as before, and the stacked features through
``stacked_columns``: the kernel's own code for them, so the second stage trains on the
bits it meets at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from .features import (
    _BIGRAM_SALT,
    _FIRST_SALT,
    _HASH_BASE,
    _LAST_SALT,
    ALL_NAMES,
    FAR,
    LEX_NAMES,
    LEX_NEAR,
    LEXICAL_BITS,
    MAX_REACH,
    NEAR,
    STACK_NAMES,
    _lexical_tables,
    _word_table,
    lexical_buckets,
    lexical_features,
    lexical_tokens,
    lexical_tokens_plain,
    stacked_features,
)

try:  # ``stacked_inputs`` by the code ``Scorer.probabilities``' kernel runs (cleaner/_scorer.c)
    from ._scorer import stacked as _stacked_rows_kernel
except ImportError:
    _stacked_rows_kernel = None
try:  # ``Lexicon.measure`` in one pass (cleaner/_lexical.c), when built
    from ._lexical import lexical_measure as _lexical_measure_kernel
except ImportError:
    _lexical_measure_kernel = None
try:  # the compiled twin of ``Scorer.probabilities_plain`` (cleaner/_scorer.c), when built
    from . import _scorer
except ImportError:
    _scorer = None

_PROSE = ALL_NAMES.index("prose")

HIDDEN = 12  # hidden units: enough for the interactions, small enough to ship as text
# Multiply-adds per matrix product (rows x features x hidden units). A larger product
# makes OpenBLAS wake its threads, which costs more CPU than the product itself (twice
# the whole pipeline's, measured with 36 features in slices of 256 rows).
MAX_PRODUCT_SIZE = 2**18
# Rows scored together (``Scorer.ensemble_probabilities``): the hidden layers of 1,024 rows
# take 480 KB, within the core's cache, and the numpy calls per block cost ~2% of its work.
SCORE_BLOCK_ROWS = 1024
# The shipped lexicon weights are integers times a scale: held as int16 levels when they fit,
# the compiled kernel's random reads of them span 128 KB of cache instead of 512 KB.
LEVEL_DTYPE = np.int16
# lexical_measure's table (cleaner/_lexical.c): per BMP code point its token character in
# the low 16 bits, then whether it is a word character and whether it is of a script
# without spaces, so the per-character loop reads one entry.
_PACKED_CHAR_MAX = 0xFFFF
_PACKED_WORD_SHIFT = 16
_PACKED_UNSPACED_SHIFT = 17


@cache
def _packed_lexical_table() -> np.ndarray | None:
    """``cleaner.features``' lexical tables in one uint32 per BMP code point (see above), or
    None when a token character does not fit 16 bits (then the tokens are laid out)."""
    chars, unspaced = _lexical_tables()
    if chars.max() > _PACKED_CHAR_MAX:
        return None
    word = _word_table().astype(np.uint32) << np.uint32(_PACKED_WORD_SHIFT)
    return chars.astype(np.uint32) | word | (unspaced.astype(np.uint32) << _PACKED_UNSPACED_SHIFT)


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """A logistic model of P(main) from a block's words alone: one weight per bucket of
    token hashes (``cleaner.features.lexical_tokens``), summed over the block's tokens and
    divided by the square root of their number. Its logits, the neighbours' and the blocks'
    token counts are more first-stage inputs (``cleaner.features.LEX_NAMES``).

    >>> lexicon = Lexicon(np.zeros(1 << LEXICAL_BITS), -1.0)
    >>> lexicon.measure(["Leave a comment", ""]).tolist()
    [[-1.0, 7.0], [-1.0, 0.0]]
    """

    weights: np.ndarray
    bias: float
    # The weights as ``levels * scale`` (float64 products, the weights' very bits), with
    # levels a LEVEL_DTYPE array: what the compiled kernel reads. None: it reads weights.
    levels: np.ndarray | None = None
    scale: float = 1.0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Lexicon:
        if raw.get("bits") != LEXICAL_BITS:
            raise ValueError("lexicon weights were trained on other buckets: run `make train`")
        weights = np.asarray(raw["weights"], dtype=np.float64) * raw["scale"]
        levels = np.asarray(raw["weights"])
        bounds = np.iinfo(LEVEL_DTYPE)
        fits = levels.dtype.kind == "i" and bounds.min <= levels.min(initial=0) <= bounds.max
        if fits and levels.max(initial=0) <= bounds.max:
            return cls(weights, float(raw["bias"]), levels.astype(LEVEL_DTYPE), raw["scale"])
        return cls(weights, float(raw["bias"]))

    def logits(self, texts: list[str]) -> np.ndarray:
        """The lexical logit of each block text."""
        return self.measure(texts)[:, 0]

    def measure(self, texts: list[str], same: np.ndarray | None = None) -> np.ndarray:
        """Per block text: its logit and its number of tokens.

        By the compiled kernel (cleaner/_lexical.c's lexical_measure) when built: the words
        hashed and their weights summed block by block, in the order ``measure_tokens``
        sums them, so the same bits (``measure_plain``) without laying out the tokens.
        ``same`` (optional, intp): per block, the index of a block of equal text that is its
        own (``same[same[i]] == same[i]``): the kernel reads each text once and copies its
        row to the others (a row depends on its text alone).
        """
        packed = None if _lexical_measure_kernel is None else _packed_lexical_table()
        if packed is not None and len(self.weights) == 1 << LEXICAL_BITS:
            out = np.empty((len(texts), 2))
            table = self.levels
            if table is None or table.dtype != LEVEL_DTYPE:
                table = np.ascontiguousarray(self.weights, dtype=np.float64)
            done = _lexical_measure_kernel(
                texts if type(texts) is list else list(texts),
                packed,
                _HASH_BASE,
                _BIGRAM_SALT,
                _FIRST_SALT,
                _LAST_SALT,
                np.ascontiguousarray(table),
                float(self.scale),
                LEXICAL_BITS,
                float(self.bias),
                out,
                *(() if same is None else (np.ascontiguousarray(same, dtype=np.intp),)),
            )
            if done is not None:
                return out
        return self.measure_tokens(*lexical_tokens(texts))

    def measure_plain(self, texts: list[str]) -> np.ndarray:
        """``measure`` by numpy alone (the kernels' twin): the tokens laid out, then summed."""
        return self.measure_tokens_plain(*lexical_tokens_plain(texts))

    def measure_tokens(
        self, owner: np.ndarray, hashes: np.ndarray, count: np.ndarray
    ) -> np.ndarray:
        """``measure`` from the blocks' ``lexical_tokens``: by the compiled kernel when built
        (the same bits), else by numpy (``measure_tokens_plain``)."""
        if _scorer is None or len(self.weights) != 1 << LEXICAL_BITS:
            return self.measure_tokens_plain(owner, hashes, count)
        out = np.empty((len(count), 2))
        _scorer.measure_tokens(
            np.ascontiguousarray(owner, dtype=np.int64),
            np.ascontiguousarray(hashes, dtype=np.uint64),
            np.ascontiguousarray(count, dtype=np.int64),
            self.weights,
            LEXICAL_BITS,
            self.bias,
            out,
        )
        return out

    def measure_tokens_plain(
        self, owner: np.ndarray, hashes: np.ndarray, count: np.ndarray
    ) -> np.ndarray:
        """``measure_tokens`` by numpy alone (the kernel's twin)."""
        out = np.empty((len(count), 2))
        total = np.bincount(
            owner, weights=self.weights.take(lexical_buckets(hashes)), minlength=len(count)
        )
        np.divide(total, np.sqrt(np.maximum(count, 1)), out=out[:, 0])
        out[:, 0] += self.bias
        out[:, 1] = count
        return out


@dataclass(frozen=True, slots=True, eq=False)
class Scorer:
    """Weights of the perceptrons, stacked on a leading member axis.

    ``probabilities`` maps feature rows to P(main): the members' average
    (``ensemble_probabilities``), or, with a ``second`` stage, that stage's
    average over the rows and the first stage's scores around each block.
    """

    mean: np.ndarray
    std: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray
    second: Scorer | None = None
    # The blocks' words as one more first-stage input (``LEX_NAMES``), when trained with them.
    lexicon: Lexicon | None = None
    # The members' first layers side by side (dims, members * hidden) and their biases
    # in one row: laid out once here, not at every document.
    side_by_side: np.ndarray = field(init=False, repr=False)
    bias_row: np.ndarray = field(init=False, repr=False)
    # This stage's weights laid out for the compiled kernel (cleaner/_scorer.c), with the
    # inputs' scaling folded into the first layer; None: numpy scores.
    kernel: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        members, dims, hidden_units = self.w1.shape
        side = np.ascontiguousarray(
            self.w1.transpose(1, 0, 2).reshape(dims, members * hidden_units)
        )
        object.__setattr__(self, "side_by_side", side)
        object.__setattr__(self, "bias_row", self.b1.reshape(-1))
        kernel = None
        if _scorer is not None and (self.second is None or self.second.kernel is not None):
            kernel = _scorer.stage(
                *(np.ascontiguousarray(a, dtype=np.float64).reshape(-1) for a in self._weights()),
                members,
            )
        object.__setattr__(self, "kernel", kernel)

    def _weights(self) -> tuple[np.ndarray, ...]:
        return (self.mean, self.std, self.side_by_side, self.b1, self.w2, self.b2)

    def __reduce__(self):
        # The kernel's weights cannot be pickled: a copy (a worker's) lays out its own.
        weights = (self.mean, self.std, self.w1, self.b1, self.w2, self.b2)
        return Scorer, (*weights, self.second, self.lexicon)

    @classmethod
    def from_dict(cls, raw: dict[str, Any], names: tuple[str, ...] = ALL_NAMES) -> Scorer:
        lexicon = raw.get("lexicon")
        if lexicon is not None:
            lexicon = Lexicon.from_dict(lexicon)
            names = names + LEX_NAMES
        if tuple(raw.get("features", names)) != names:
            raise ValueError("scorer weights were trained on other features: run `make train`")
        second = raw.get("second")
        if second is not None:
            second = cls.from_dict(second, names + STACK_NAMES)
        w1 = np.asarray(raw["w1"], dtype=np.float64)
        if w1.ndim == 2:  # a single perceptron
            w1 = w1[None]
        members = w1.shape[0]
        return cls(
            mean=np.asarray(raw["mean"]),
            std=np.asarray(raw["std"]),
            w1=w1,
            b1=np.asarray(raw["b1"], dtype=np.float64).reshape(members, -1),
            w2=np.asarray(raw["w2"], dtype=np.float64).reshape(members, -1),
            b2=np.asarray(raw["b2"], dtype=np.float64).reshape(members),
            second=second,
            lexicon=lexicon,
        )

    def lexical(self, texts: list[str], same: np.ndarray | None = None) -> np.ndarray | None:
        """The ``lexical`` input of ``probabilities`` for these block texts (None: not read):
        ``Lexicon.measure``, one row per block, whatever blocks stand around it (``same``:
        see there)."""
        return None if self.lexicon is None else self.lexicon.measure(texts, same)

    def probabilities(self, features: np.ndarray, lexical: np.ndarray | None = None) -> np.ndarray:
        """P(main text) per row of ``features`` (one document's blocks, in order).

        ``lexical`` is ``self.lexical(texts)`` of the same blocks, for a scorer with a lexicon.
        By the compiled kernel (cleaner/_scorer.c) when built: one call per document, both
        stages, deterministic (each row's bits whatever rows stand around it) and within
        ~1e-15 of numpy's (``probabilities_plain``, which scores rows the kernel will not:
        those with a value that is not finite).
        """
        if self.lexicon is not None and lexical is None:
            raise ValueError("this scorer reads the blocks' words: pass scorer.lexical(texts)")
        kernel = self.kernel
        if kernel is not None:
            out = np.empty(len(features))
            second = self.second
            done = _scorer.document(
                kernel,
                None if second is None else second.kernel,
                np.ascontiguousarray(features, dtype=np.float64),
                None if self.lexicon is None else np.ascontiguousarray(lexical, dtype=np.float64),
                _PROSE,
                LEX_NEAR,
                NEAR,
                FAR,
                MAX_REACH,
                out,
            )
            if done:
                return out
        return self.probabilities_plain(features, lexical)

    def probabilities_plain(
        self, features: np.ndarray, lexical: np.ndarray | None = None
    ) -> np.ndarray:
        """``probabilities`` by numpy alone (the kernel's twin).

        The stages' input rows are never laid out whole: each block of rows is joined from
        its parts (``ensemble_probabilities``), so a long document's scoring holds only its
        narrow parts (lexical and stacked features), not rows as wide as all the inputs.
        """
        parts = (features,)
        if self.lexicon is not None:
            if lexical is None:
                raise ValueError("this scorer reads the blocks' words: pass scorer.lexical(texts)")
            parts = (features, lexical_features(lexical))
        p = self.ensemble_probabilities(parts)
        if self.second is None:
            return p
        return self.second.ensemble_probabilities((*parts, stacked_columns(features, p)))

    def ensemble_probabilities(self, features: np.ndarray | tuple[np.ndarray, ...]) -> np.ndarray:
        """This stage's P(main text) per row of ``features``: its members' average.

        ``features`` may also come as a tuple of column blocks (equal row counts) that
        stand side by side, joined here a block of rows at a time.
        Every member's hidden layer comes from one matrix product (the members'
        weights side by side), in slices of rows small enough to stay on this thread.
        The rows go through in blocks of at most ``2 * SCORE_BLOCK_ROWS`` (``score_blocks``),
        every step from the scaling to the members' mean, so the intermediate arrays stay
        a few hundred KB whatever the document's size: held whole, they reach hundreds of
        MB on a long document and make the cost grow faster than the document (page
        faults). Each row's result is computed by the same operations in the same order
        as over the whole array, so the bits are the same (``score_blocks``).
        """
        parts = features if isinstance(features, tuple) else (features,)
        members, dims, hidden_units = self.w1.shape
        n = len(parts[0])
        out = np.empty(n)
        rows = max(1, MAX_PRODUCT_SIZE // (dims * members * hidden_units))
        bounds = score_blocks(n, rows)
        pre = np.empty((max((hi - lo for lo, hi in bounds), default=0), members * hidden_units))
        for lo, hi in bounds:
            block = parts[0][lo:hi] if len(parts) == 1 else np.hstack([a[lo:hi] for a in parts])
            self._score_block(block, rows, pre[: hi - lo], out[lo:hi])
        return out

    def _score_block(
        self, features: np.ndarray, rows: int, pre: np.ndarray, out: np.ndarray
    ) -> None:
        """``ensemble_probabilities`` of a block of rows into ``out``; ``pre`` is scratch."""
        members, _, hidden_units = self.w1.shape
        n = len(features)
        z = (features - self.mean) / self.std
        side_by_side = self.side_by_side
        for lo in range(0, n, rows):
            np.matmul(z[lo : lo + rows], side_by_side, out=pre[lo : lo + rows])
        pre += self.bias_row
        hidden = np.tanh(pre, out=pre).reshape(n, members, hidden_units)
        logits = np.einsum("nmh,mh->mn", hidden, self.w2) + self.b2[:, None]
        np.mean(1.0 / (1.0 + np.exp(-logits)), axis=0, out=out)


def score_blocks(n: int, rows: int) -> list[tuple[int, int]]:
    """The blocks ``Scorer.ensemble_probabilities`` scores ``n`` rows in: (start, stop) pairs.

    Each block is a whole number of matrix-product slices of ``rows`` rows, so the products
    are the very ones over the whole array, and holds ``SCORE_BLOCK_ROWS`` rows or more
    (the last one takes up to twice as many rather than leave a short tail): numpy sums
    the members' probabilities of a block of one row in another order than of many
    rows, so a one-row block appears only when the whole array has one row.

    >>> score_blocks(10, 3)[:1], score_blocks(0, 3), score_blocks(1, 3)
    ([(0, 10)], [], [(0, 1)])
    >>> step = -(-SCORE_BLOCK_ROWS // 7) * 7
    >>> [(lo, hi - lo) for lo, hi in score_blocks(3 * step + 1, 7)] == [
    ...     (0, step), (step, step), (2 * step, step + 1)]
    True
    """
    step = -(-SCORE_BLOCK_ROWS // rows) * rows
    bounds = []
    lo = 0
    while lo < n:
        hi = n if n - lo < 2 * step else lo + step
        bounds.append((lo, hi))
        lo = hi
    return bounds


def stacked_inputs(features: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The second stage's rows: each row of ``features`` then its ``stacked_features``.

    By the compiled kernel when built: the very code ``Scorer.probabilities`` runs, so
    training (scripts/train.py) and inference see the same bits. Else by numpy
    (``stacked_inputs_plain``): the same bits but in ``score_mass_before`` and
    ``score_mass_after``, which divide by the page's mass, summed in page order by the
    kernel and pairwise by numpy (within a relative ``len(p)`` * 2**-53).
    """
    if _stacked_rows_kernel is None or not len(p):
        return stacked_inputs_plain(features, p)
    return _stacked_kernel(features, p, len(STACK_NAMES) + features.shape[1])


def stacked_columns(features: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``stacked_inputs`` without ``features``' own columns: the ``stacked_features`` alone
    (read from the ``ALL_NAMES`` columns, which lead ``features``).

    >>> x, p = np.random.default_rng(0).random((5, len(ALL_NAMES))), np.linspace(0, 1, 5)
    >>> bool((stacked_columns(x, p) == stacked_inputs(x, p)[:, len(ALL_NAMES) :]).all())
    True
    """
    if _stacked_rows_kernel is None or not len(p):
        return stacked_features(features, p)
    return _stacked_kernel(features, p, len(STACK_NAMES))


def _stacked_kernel(features: np.ndarray, p: np.ndarray, width: int) -> np.ndarray:
    x = np.ascontiguousarray(features, dtype=np.float64)
    p = np.ascontiguousarray(p, dtype=np.float64)
    out = np.empty((len(p), width))
    _stacked_rows_kernel(x, p, _PROSE, NEAR, FAR, MAX_REACH, out)
    return out


def stacked_inputs_plain(features: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``stacked_inputs`` by numpy alone (the kernel's twin)."""
    return np.hstack((features, stacked_features(features, p)))


def shipped_weights(name: str) -> dict[str, Any] | None:
    """The JSON file ``cleaner/data/NAME`` written by ``make train``, or None before it has run."""
    try:
        raw = resources.files("cleaner").joinpath(f"data/{name}").read_text("utf-8")
    except FileNotFoundError:
        return None
    return json.loads(raw)


@cache
def default_scorer() -> Scorer | None:
    """The shipped scorer, or None before ``make train`` has written one."""
    weights = shipped_weights("scorer.json")
    return None if weights is None else Scorer.from_dict(weights)
