"""The compiled scorer (cleaner/_scorer.c) against its numpy twin: within 1e-9 of it (not
the same bits: OpenBLAS sums the products in an order of its own), the same bits from one
run to the next and whatever rows stand around a row; Lexicon.measure_tokens exactly."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from webeval import webeval_pages

from cleaner import Cleaner, Settings
from cleaner import scorer as scorer_module
from cleaner.features import (
    ALL_NAMES,
    STACK_NAMES,
    lexical_features,
    lexical_tokens,
    stacked_features,
)
from cleaner.scorer import Scorer, default_scorer, shipped_weights

from .compiled import compiled

kernel = compiled("cleaner._scorer")  # in CI a missing kernel fails, never skips

TOLERANCE = 1e-9  # |kernel - numpy| per score, promised by cleaner.scorer
SAMPLE_STEP = 10  # every 10th webeval page: ~100 documents, every kind of page


def _close(fast: np.ndarray, plain: np.ndarray) -> bool:
    """Within TOLERANCE, and NaN where numpy's is (past any double: exp(log_chars) > 1e308)."""
    nan = np.isnan(plain)
    worst = np.abs(fast - plain)[~nan].max(initial=0.0)
    return bool((np.isnan(fast) == nan).all() and worst <= TOLERANCE)


def _scorer() -> Scorer:
    scorer = default_scorer()
    if scorer is None:
        pytest.skip("no shipped scorer (run `make train`)")
    assert scorer.kernel is not None
    return scorer


@pytest.fixture(scope="module")
def webeval_calls() -> list[tuple[np.ndarray, np.ndarray | None]]:
    """The inputs of every ``Scorer.probabilities`` call of ``clean`` on a sample of the
    webeval pages (each scorer round of each pass, as the pipeline makes them)."""
    calls = []
    original = Scorer.probabilities

    def recording(self, features, lexical=None):
        calls.append((features.copy(), None if lexical is None else lexical.copy()))
        return original(self, features, lexical)

    cleaner = Cleaner(Settings())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Scorer, "probabilities", recording)
        for path in webeval_pages()[::SAMPLE_STEP]:
            cleaner.clean(path.read_text("utf-8"))
    assert calls
    return calls


def test_webeval_scores_are_numpys_within_tolerance(webeval_calls) -> None:
    scorer = _scorer()
    worst = 0.0
    for x, lexical in webeval_calls:
        fast = scorer.probabilities(x, lexical)
        plain = scorer.probabilities_plain(x, lexical)
        assert fast.shape == plain.shape
        if len(x):
            worst = max(worst, float(np.abs(fast - plain).max()))
        # Deterministic: the same bits again.
        assert scorer.probabilities(x, lexical).tobytes() == fast.tobytes()
    assert worst <= TOLERANCE


def test_webeval_lexicon_sums_are_numpys_bits() -> None:
    lexicon = _scorer().lexicon
    for path in webeval_pages()[::SAMPLE_STEP]:
        blocks = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        tokens = lexical_tokens(blocks)
        fast = lexicon.measure_tokens(*tokens)
        assert fast.tobytes() == lexicon.measure_tokens_plain(*tokens).tobytes()


# Feature values as the pipeline makes them: many zeros and flags, small measures, a few
# large ones (an average word length of hundreds of characters).
VALUES = st.one_of(
    st.just(0.0),
    st.just(1.0),
    st.floats(-8.0, 8.0),
    st.floats(-1000.0, 1000.0),
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 40))
    x = draw(hnp.arrays(np.float64, (n, len(ALL_NAMES)), elements=VALUES))
    logits = draw(hnp.arrays(np.float64, n, elements=st.floats(-30.0, 30.0)))
    counts = draw(hnp.arrays(np.float64, n, elements=st.integers(0, 2000).map(float)))
    return x, np.column_stack((logits, counts))


# A log_chars past 709 makes numpy's masses infinite and its scores NaN: the kernel's too.
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=150, deadline=None)
@given(documents())
def test_random_documents_score_as_numpy(document: tuple[np.ndarray, np.ndarray]) -> None:
    x, lexical = document
    scorer = _scorer()
    fast = scorer.probabilities(x, lexical)
    assert _close(fast, scorer.probabilities_plain(x, lexical))
    assert scorer.probabilities(x.copy(), lexical.copy()).tobytes() == fast.tobytes()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(documents(), st.lists(st.integers(1, 39), max_size=4))
def test_a_rows_bits_do_not_depend_on_the_rows_around_it(
    document: tuple[np.ndarray, np.ndarray], cuts: list[int]
) -> None:
    """Each stage scores a row alone: the rows scored at once (whole, or cut anywhere,
    1, 16 or 40 at a time) change no bit of it."""
    x, lexical = document
    scorer = _scorer()
    for stage, inputs in (
        (scorer, np.hstack((x, lexical_features(lexical)))),
        (scorer.second, np.hstack((x, lexical_features(lexical), x[:, :11]))),
    ):
        n = len(inputs)
        whole = np.empty(n)
        kernel.rows(stage.kernel, np.ascontiguousarray(inputs), whole)
        bounds = sorted({0, n, *(c for c in cuts if c < n)})
        parts = []
        for lo, hi in itertools.pairwise(bounds):
            part = np.empty(hi - lo)
            kernel.rows(stage.kernel, np.ascontiguousarray(inputs[lo:hi]), part)
            parts.append(part)
        assert np.concatenate(parts).tobytes() == whole.tobytes()
        one_by_one = np.empty(n)
        for i in range(n):
            row = np.ascontiguousarray(inputs[i : i + 1])
            kernel.rows(stage.kernel, row, one_by_one[i : i + 1])
        assert one_by_one.tobytes() == whole.tobytes()
        assert _close(whole, stage.ensemble_probabilities(inputs))


# The stacked columns that divide by the page's mass (summed in page order by the kernel,
# pairwise by numpy): per row, within len(p) * 2**-51 of numpy's (the masses are not
# negative, so each sum is within a relative len(p) * 2**-53 of the exact one).
MASS_COLUMNS = [STACK_NAMES.index("score_mass_before"), STACK_NAMES.index("score_mass_after")]


@st.composite
def scored_documents(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (log_chars a page's, prose flags mixed) and first-stage scores."""
    n = draw(st.integers(1, 300))  # past numpy's pairwise-sum blocks of 128
    x = draw(hnp.arrays(np.float64, (n, len(ALL_NAMES)), elements=VALUES))
    x[:, 0] = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 12.0)))
    p = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
    return x, p


@settings(max_examples=150, deadline=None)
@given(scored_documents())
def test_stacked_features_are_numpys_within_tolerance(document) -> None:
    """The one compiled definition of the stacked features (training's and the kernel's)
    against its numpy twin: the same bits but in the mass columns, and those close."""
    x, p = document
    compiled, plain = scorer_module.stacked_columns(x, p), stacked_features(x, p)
    same = [k for k in range(len(STACK_NAMES)) if k not in MASS_COLUMNS]
    assert compiled[:, same].tobytes() == plain[:, same].tobytes()
    worst = np.abs(compiled[:, MASS_COLUMNS] - plain[:, MASS_COLUMNS]).max()
    assert worst <= len(p) * 2.0**-51
    wide = scorer_module.stacked_inputs(x, p)
    assert wide.tobytes() == np.hstack((x, compiled)).tobytes()
    assert np.abs(wide - scorer_module.stacked_inputs_plain(x, p)).max() <= len(p) * 2.0**-51


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=60, deadline=None)
@given(documents())
def test_training_stacks_the_kernels_bits(document: tuple[np.ndarray, np.ndarray]) -> None:
    """The second stage, given the stacked features as training makes them
    (``stacked_columns`` of the first stage's scores), scores each row to the bit as
    ``Scorer.probabilities`` does: one definition serves both."""
    x, lexical = document
    x[:, 0] = np.clip(x[:, 0], 0.0, 12.0)
    # Token counts of 0: the kernel's log1p of a count (the C library's) may differ from
    # numpy's in the last bit, and this test is about the stacked features alone.
    lexical[:, 1] = 0.0
    scorer = _scorer()
    first_inputs = np.hstack((x, lexical_features(lexical)))
    p = np.empty(len(x))
    kernel.rows(scorer.kernel, np.ascontiguousarray(first_inputs), p)
    second_inputs = np.hstack((first_inputs, scorer_module.stacked_columns(x, p)))
    out = np.empty(len(x))
    kernel.rows(scorer.second.kernel, np.ascontiguousarray(second_inputs), out)
    assert out.tobytes() == scorer.probabilities(x, lexical).tobytes()


def test_stacked_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        kernel.stacked(np.zeros((3, 4)), np.zeros(3), 9, 2, 6, 3, np.empty((3, 15)))
    with pytest.raises(ValueError):
        kernel.stacked(np.zeros((3, 4)), np.zeros(3), 1, 2, 6, 3, np.empty((3, 5)))


def test_saturated_units_and_extreme_logits() -> None:
    """Hidden units far past tanh's flat part, and members sure either way."""
    scorer = _scorer()
    rng = np.random.default_rng(4)
    x = rng.normal(0, 1, (50, len(ALL_NAMES))) * np.repeat([1e-3, 1, 1e3, 1e6, 1e9], 10)[:, None]
    x[:, 0] = rng.uniform(0, 20, 50)  # log_chars: exp of it is a number of characters
    lexical = np.column_stack((rng.normal(0, 1e4, 50), rng.integers(0, 10**6, 50)))
    fast = scorer.probabilities(x, lexical)
    assert np.isfinite(fast).all()
    assert np.abs(fast - scorer.probabilities_plain(x, lexical)).max() <= TOLERANCE


def test_values_that_are_not_finite_are_scored_by_numpy() -> None:
    scorer = _scorer()
    x = np.zeros((4, len(ALL_NAMES)))
    lexical = np.zeros((4, 2))
    for bad in (np.nan, np.inf, -np.inf):
        x[2, 5] = bad
        got, want = scorer.probabilities(x, lexical), scorer.probabilities_plain(x, lexical)
        assert got.tobytes() == want.tobytes()
    x[2, 5] = 0.0
    lexical[1, 0] = np.nan
    got, want = scorer.probabilities(x, lexical), scorer.probabilities_plain(x, lexical)
    assert got.tobytes() == want.tobytes()


def test_no_kernel_means_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    weights = shipped_weights("scorer.json")
    if weights is None:
        pytest.skip("no shipped scorer (run `make train`)")
    monkeypatch.setattr(scorer_module, "_scorer", None)
    scorer = Scorer.from_dict(weights)
    assert scorer.kernel is None and scorer.second.kernel is None
    x = np.random.default_rng(5).random((30, len(ALL_NAMES)))
    lexical = np.column_stack((np.linspace(-2, 2, 30), np.arange(30.0)))
    got = scorer.probabilities(x, lexical)
    assert got.tobytes() == scorer.probabilities_plain(x, lexical).tobytes()
    tokens = lexical_tokens(["Leave a comment", "Share this", ""])
    assert (
        scorer.lexicon.measure_tokens(*tokens).tobytes()
        == scorer.lexicon.measure_tokens_plain(*tokens).tobytes()
    )


def test_a_pickled_scorer_lays_out_its_own_kernel() -> None:
    scorer = _scorer()
    copy = pickle.loads(pickle.dumps(scorer))
    assert copy.kernel is not None and copy.kernel is not scorer.kernel
    x = np.random.default_rng(6).random((20, len(ALL_NAMES)))
    lexical = np.column_stack((np.linspace(-3, 3, 20), np.arange(20.0)))
    assert copy.probabilities(x, lexical).tobytes() == scorer.probabilities(x, lexical).tobytes()


def test_empty_document() -> None:
    scorer = _scorer()
    got = scorer.probabilities(np.zeros((0, len(ALL_NAMES))), np.zeros((0, 2)))
    assert got.shape == (0,)


def test_wrong_shapes_are_refused() -> None:
    scorer = _scorer()
    with pytest.raises(ValueError):
        scorer.probabilities(np.zeros((3, len(ALL_NAMES) + 1)), np.zeros((3, 2)))
    with pytest.raises(ValueError):
        kernel.rows(scorer.kernel, np.zeros(7), np.empty(1))
