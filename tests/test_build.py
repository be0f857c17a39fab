"""The compiled builders (cleaner/_build.c) give exactly their plain twins' outputs."""

from __future__ import annotations

import gc
import os
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner import Cleaner, Settings
from cleaner.classify import Decision
from cleaner.pipeline import outputs, outputs_plain
from cleaner.result import Category, Removal
from cleaner.segment import split_blocks

# CI builds on a machine with a C compiler: there a missing kernel is a broken build, not
# a machine without gcc, so it fails instead of skipping every test below.
if os.environ.get("CI"):
    import cleaner._build as build
else:
    build = pytest.importorskip("cleaner._build")

DECISIONS = [
    None,
    Decision(Category.FOOTER, "footer line", "footer"),
    Decision(Category.FOOTER, "footer line", "footer"),  # equal, another object
    Decision(Category.FOOTER, "other reason", "footer"),
    Decision(Category.SHARE, "footer line", "share"),  # same reason, unequal
]
LINES = st.lists(st.sampled_from(["a", " b c ", "", "日本", "😀 x", "\t"]), min_size=0, max_size=20)


def _same(a: tuple[str, list[Removal]], b: tuple[str, list[Removal]]) -> None:
    assert a[0] == b[0]
    assert a[1] == b[1]
    for x, y in zip(a[1], b[1], strict=True):
        assert type(x) is type(y) is Removal
        assert [type(getattr(x, f)) for f in Removal.__slots__] == [
            type(getattr(y, f)) for f in Removal.__slots__
        ]


@settings(max_examples=300, deadline=None)
@given(LINES, st.data())
def test_outputs_equal_the_plain_definition(lines: list[str], data: st.DataObject) -> None:
    source = "\n".join(lines)
    blocks = split_blocks(source)
    picks = st.lists(st.sampled_from(DECISIONS), min_size=len(blocks), max_size=len(blocks))
    decisions = data.draw(picks)
    _same(outputs(source, blocks, decisions), outputs_plain(source, blocks, decisions))


def test_removals_are_plain_removals() -> None:
    result = Cleaner(Settings()).clean("Home\nAbout\nThe council met on Monday, as planned.\n")
    text, removed = outputs_plain(result.source, split_blocks(result.source), [None] * 3)
    assert removed == [] and text == result.source.strip()
    for removal in result.removed:
        copy = pickle.loads(pickle.dumps(removal))
        assert copy == removal and hash(copy) == hash(removal)
        assert removal.to_dict() == copy.to_dict()
        # Built by the kernel: nothing in it can lead back to it, so the collector skips it.
        assert not gc.is_tracked(removal)
        with pytest.raises(AttributeError):
            removal.start = 0  # still frozen


def test_outputs_on_webeval_pages() -> None:
    """On real pages (the first 60), with the decisions the pipeline makes."""
    cleaner = Cleaner(Settings())
    for path in webeval_pages()[:60]:
        source = path.read_text(encoding="utf-8")
        blocks = split_blocks(source)
        decisions = cleaner.decide(source, blocks)
        _same(outputs(source, blocks, decisions), outputs_plain(source, blocks, decisions))


def test_kernel_arguments_are_checked() -> None:
    setters = tuple(Removal.__dict__[name] for name in Removal.__slots__)
    getters = tuple(getattr(Decision, name) for name in ("category", "reason", "rule"))
    with pytest.raises(ValueError):
        build.outputs("ab", [(0, 1, "a")], [], Removal, setters, getters, Category)
    with pytest.raises(ValueError):
        build.outputs("ab", [(0, 9, "a")], [DECISIONS[1]], Removal, setters, getters, Category)
    with pytest.raises(TypeError):
        build.outputs("ab", [(0, 1)], [DECISIONS[1]], Removal, setters, getters, Category)
