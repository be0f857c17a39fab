"""The Result invariants, as one checker shared by property and corpus tests."""

from __future__ import annotations

from collections.abc import Callable

from cleaner import Category, Result


def check_accounting(result: Result) -> None:
    """Removals are ordered, disjoint, exact slices; kept + removed cover every visible char."""
    source = result.source
    previous_end = 0
    removed_chars = []
    for removal in result.removed:
        assert 0 <= removal.start < removal.end <= len(source), removal
        assert removal.start >= previous_end, "removals overlap or are out of order"
        assert source[removal.start : removal.end] == removal.text
        previous_end = removal.end
        removed_chars.append(removal.text)
    visible = "".join(source.split())
    kept_and_removed = "".join(result.text.split()) + "".join("".join(removed_chars).split())
    assert sorted(kept_and_removed) == sorted(visible)
    assert len(kept_and_removed) == len(visible)


def check_kept_is_in_order(result: Result) -> None:
    """The kept text is the source with the removals cut out, in order."""
    pieces = []
    cursor = 0
    for removal in result.removed:
        pieces.append(result.source[cursor : removal.start])
        cursor = removal.end
    pieces.append(result.source[cursor:])
    assert "".join("".join(pieces).split()) == "".join(result.text.split())


def check_all(result: Result, reclean: Callable[[str], Result]) -> None:
    """Accounting, order, a category and reason on every removal, and idempotence
    (``reclean`` must clean with the same settings that produced ``result``)."""
    check_accounting(result)
    check_kept_is_in_order(result)
    for removal in result.removed:
        assert isinstance(removal.category, Category) and removal.reason
    assert reclean(result.text).removed == [], "cleaning the kept text removed more"
