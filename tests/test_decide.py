"""The compiled steps of the context decisions (cleaner/_decide.c) decide exactly as their
numpy twins in cleaner/classify.py (``_Settling._scores_numpy``, ``_Document.in_title``),
and both as the definition ``settle_plain``."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    monkeypatch.setattr(classify, "_doc_arrays_kernel", None)


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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Home", "News", "", "Home ", "日本", "😀", "a" * 40]), max_size=40)
)
def test_doc_arrays_is_the_plain_definition(texts: list[str]) -> None:
    text = "\n".join(texts)
    blocks = split_blocks(text)
    texts = [b.text for b in blocks] + texts  # a block's text and equal strings of others
    hits = CLEANER._rules.scan(text, blocks) + [None] * (len(texts) - len(blocks))
    compiled = classify._doc_arrays(texts, hits)
    plain = classify._doc_arrays_plain(texts, hits)
    assert len(compiled) == len(plain) == 7
    for a, b in zip(compiled, plain, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_doc_arrays_reads_hits() -> None:
    text = "Home\nComments\nShare on Facebook\n— Jane Doe (@janedoe) May 3, 2021\nHome"
    blocks = split_blocks(text)
    texts, hits = [b.text for b in blocks], CLEANER._rules.scan(text, blocks)
    assert any(h is not None for h in hits)
    for a, b in zip(classify._doc_arrays(texts, hits), classify._doc_arrays_plain(texts, hits)):
        assert np.array_equal(a, b)


def test_doc_arrays_leaves_other_texts_to_python() -> None:
    class Text(str):
        pass

    texts = [Text("Home"), "Home"]
    arrays = [np.empty(2, dtype=np.intp), np.empty(2, dtype=np.intp)]
    arrays += [np.empty(2, dtype=bool) for _ in range(4)] + [np.empty(2)]
    args = (classify.WEAK, classify.HEADER, classify.TWEET_RULE)
    assert decide.doc_arrays(texts, [None, None], *args, *arrays) is False
    assert classify._doc_arrays(texts, [None, None])[0].tolist() == [1, 1]
    with pytest.raises(ValueError):
        decide.doc_arrays(["Home"], [None, None], *args, *arrays)
