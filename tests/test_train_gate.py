"""scripts/train.py's page gate fit: deterministic, and it separates what it is shown."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from cleaner.classify import GATE_NAMES, PageGate

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def train():
    sys.path.insert(0, str(SCRIPTS))
    try:
        yield importlib.import_module("train")
    finally:
        sys.path.remove(str(SCRIPTS))


def test_fit_gate_is_deterministic_and_separates(train) -> None:
    rng = np.random.default_rng(0)
    pages = rng.normal(1.0, 0.5, (60, len(GATE_NAMES)))
    extracted = rng.normal(-1.0, 0.5, (180, len(GATE_NAMES)))
    x = np.vstack([pages, extracted])
    y = np.concatenate([np.ones(len(pages)), np.zeros(len(extracted))])
    first, again = train.fit_gate(x, y), train.fit_gate(x, y)
    assert first == again
    gate = PageGate.from_dict(first)
    assert all(gate.probability(row) > 0.5 for row in pages)
    assert all(gate.probability(row) < 0.5 for row in extracted)


def test_extractor_pages_train_the_scorer_as_configured(train) -> None:
    page = train.Page("k", [], np.zeros(0), False, extracted=True)
    full = train.Page("k", [], np.zeros(0), False, extracted=False)
    assert train.scored_where(page, "all") and not train.scored_where(page, "none")
    assert train.scored_where(full, "none") and train.scored_where(full, "gated")
