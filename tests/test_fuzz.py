"""hypothesis fuzzing of clean() on hostile strings: never raises, loses nothing, idempotent.

``make test`` runs a bounded profile (``FUZZ_EXAMPLES`` examples per test);
``make fuzz`` sets ``CLEANER_FUZZ_EXAMPLES`` (20,000 by default) for a long run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from invariants import check_all

from cleaner import Cleaner, Result, Settings

FUZZ_EXAMPLES = int(os.environ.get("CLEANER_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CLEANER = Cleaner(Settings())
NO_REPAIR = Cleaner(Settings(repair_encoding=False, language_backend="none"))

# Every code point, surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=())
HOSTILE_CHARS = st.sampled_from(
    [
        "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9d", "\r", "\x0b", "\x0c", "\x1c", "\u2028",
        "\u2029", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\ufffd", "\ud800",
        "\udfff", "\u00a0", "\u3000", "\u0301", "\U0001f600", "\u00c3", "\u00a9", "\u20ac", "\n",
    ]
)  # fmt: skip
# Pieces that look like the boilerplate the rules look for, and like prose.
TOKENS = st.sampled_from(
    [
        "Photo: ", "Foto: dpa", "© Reuters", "Skip to main content", "Share", "Tweet", "Home",
        "Read more", "Related articles", "Comments", "Advertisement", "— Jane (@jane) May 1, 2020",
        "pic.twitter.com/x", "https://t.co/x", "@user", "#tag", "[", "]", "(", ")", ". ", "...",
        "READ MORE", "The council approved the new budget on Monday after a long debate. ",
        "Der Stadtrat hat den Haushalt beschlossen. ", "市議会は新しい予算を承認しました。",
        "Copyright 2024", "Posted by", "&amp;", "&#8212;", "\n", "\n\n", " ", "\t", "  ",
    ]
)  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.lists(st.one_of(TOKENS, HOSTILE_CHARS, st.text(ANY_CHAR, max_size=5)), max_size=60).map(
        "".join
    ),
)


def check_invariants(cleaner: Cleaner, result: Result) -> None:
    check_all(result, cleaner.clean)


def test_trailing_blanks_do_not_change_decisions():
    """A span rule that reaches into a line's trailing blanks still fires (blocks are trimmed)."""
    result = NO_REPAIR.clean("0FOT:0 ")
    assert NO_REPAIR.clean(result.text).removed == []


@FUZZ
@given(HOSTILE_TEXT)
@example("\ud800\x00\u202e" * 3)
@example("Photo: \n" * 3 + "\r\n\x85\u2028")
def test_clean_never_raises_and_keeps_invariants(text):
    check_invariants(CLEANER, CLEANER.clean(text))


@FUZZ
@given(HOSTILE_TEXT)
def test_invariants_hold_without_encoding_repair(text):
    result = NO_REPAIR.clean(text)
    assert result.source == text
    check_invariants(NO_REPAIR, result)


@FUZZ
@given(HOSTILE_TEXT, st.integers(1, 400))
def test_size_limit_never_raises_in_clean(text, limit):
    cleaner = Cleaner(Settings(max_document_chars=limit, language_backend="none"))
    result = cleaner.clean(text)
    if len(text) > limit:
        assert result.text == "" and result.source == text
    check_invariants(cleaner, result)
