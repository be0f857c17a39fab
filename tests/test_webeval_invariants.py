"""On every real page of the development set, the invariants hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Settings

from .invariants import check_accounting, check_kept_is_in_order

TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "webeval" / "text"
FAST = Cleaner(Settings(language_backend="none"))


@pytest.mark.skipif(not TEXTS.is_dir(), reason="../shared/data/webeval is not beside the repo")
def test_invariants_on_every_webeval_page():
    paths = sorted(TEXTS.glob("*.txt"))
    assert len(paths) > 900
    for path in paths:
        result = FAST.clean(path.read_text(encoding="utf-8"))
        check_accounting(result)
        check_kept_is_in_order(result)
        assert FAST.clean(result.text).removed == [], path.name
