"""The compiled steps of the context decisions (cleaner/_decide.c) decide exactly as their
numpy twins in cleaner/classify.py (``_Settling._scores_numpy``, ``_Document.in_title``),
and both as the definition ``settle_plain``."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from test_classify_settle import CLEANER, PAGES
from webeval import webeval_pages

from cleaner import classify
from cleaner.classify import describe_all, settle, settle_plain
from cleaner.pipeline import MAX_CONTEXT_PASSES
from cleaner.segment import split_blocks

# CI builds on a machine with a C compiler: there a missing kernel is a broken build, not
# a machine without gcc, so it fails instead of skipping every test below.
if os.environ.get("CI"):
    import cleaner._decide as decide
else:
    decide = pytest.importorskip("cleaner._decide")


def _infos(text: str) -> list:
    blocks = split_blocks(text)
    return describe_all([b.text for b in blocks], CLEANER._rules.scan(text, blocks))


def _uncompiled(monkeypatch) -> None:
    monkeypatch.setattr(classify, "_score_round", None)
    monkeypatch.setattr(classify, "_quote_scan", None)


@settings(max_examples=100, deadline=None)
@given(PAGES)
def test_compiled_steps_are_their_twins(text: str) -> None:
    infos = _infos(text)
    compiled = settle(infos, MAX_CONTEXT_PASSES)
    with pytest.MonkeyPatch.context() as patch:
        _uncompiled(patch)
        twin = settle(infos, MAX_CONTEXT_PASSES)
    assert compiled == twin == settle_plain(infos, MAX_CONTEXT_PASSES)


def test_compiled_steps_are_their_twins_on_webeval_pages(monkeypatch) -> None:
    """A spread of real pages (every 20th of webeval), when the shared data is present."""
    pages = [CLEANER._repair(p.read_text(encoding="utf-8")).text for p in webeval_pages()[::20]]
    compiled = [settle(_infos(t), MAX_CONTEXT_PASSES) for t in pages]
    _uncompiled(monkeypatch)
    for text, fast in zip(pages, compiled, strict=True):
        assert settle(_infos(text), MAX_CONTEXT_PASSES) == fast
