"""On a sample of the development set's real pages, HTML mode keeps its invariants."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cleaner import Cleaner, Settings

from .invariants import check_accounting, check_kept_is_in_order

# shared/ sits beside the repo (or beside the worktrees' folder).
PAGES = next(
    (
        base / "shared" / "data" / "webeval" / "html"
        for base in Path(__file__).resolve().parents[2:4]
        if (base / "shared" / "data" / "webeval" / "html").is_dir()
    ),
    Path("missing"),
)
FAST = Cleaner(Settings(language_backend="none"))
DEFAULT = Cleaner()
SAMPLE_EVERY = 20  # about 50 pages: a few seconds (scripts/eval.py checks all of them)


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/data/webeval is not beside the repo")
def test_html_invariants_and_idempotence_on_webeval_pages():
    paths = sorted(PAGES.glob("*.html.gz"))[::SAMPLE_EVERY]
    assert len(paths) > 40
    for path in paths:
        try:
            result = FAST.clean_html(gzip.decompress(path.read_bytes()))
        except ValueError:
            continue
        check_accounting(result)
        check_kept_is_in_order(result)
        # The kept text is already clean for the text pipeline with default settings.
        assert DEFAULT.clean(result.text).removed == [], path.name
