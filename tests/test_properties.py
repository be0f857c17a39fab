"""Invariants of clean(), checked on arbitrary strings and on realistic documents."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Settings, clean

from .invariants import check_accounting, check_kept_is_in_order

FAST = Cleaner(Settings(language_backend="none"))

# Lines that fire every kind of rule, mixed with article-like sentences, so the
# context logic (runs, edges, neighbours) is exercised, not only the fallbacks.
BOILERPLATE_LINES = [
    "Skip to main content",
    "Photo: Shutterstock.",
    "[Photo by Jane Doe/Getty Images]",
    "— Some Person (@someone) November 16, 2015",
    "Something happened today pic.twitter.com/abc123",
    "SEE ALSO: Another story about the same thing",
    "Popular posts from this blog",
    "Comments",
    "3 Kommentare",
    "Follow Example News on Facebook, Twitter, and Instagram.",
    "© 2024 Example Media. All rights reserved.",
    "Home",
    "Menu",
    "Reply",
    "Share on Facebook",
    "Advertisement",
    "Tags: politics, europe",
    "By John Smith",
    "Lesen Sie auch: Ein anderer Artikel",
    "Laisser un commentaire",
]
ARTICLE_LINES = [
    "The council approved the new budget on Monday after a long and heated debate.",
    "Photo opportunities were rare during the visit, officials said on Tuesday.",
    "Der Stadtrat hat am Montag nach langer Debatte den neuen Haushalt beschlossen.",
    "Le conseil a adopté lundi le nouveau budget après un long débat animé.",
    "Short heading",
    "“It shows we are not dealing with amateurs,” she said.",
]
line = st.one_of(st.sampled_from(BOILERPLATE_LINES), st.sampled_from(ARTICLE_LINES), st.text())
documents = st.lists(line, max_size=25).map("\n".join)
separators = st.lists(line, max_size=25).map("\n\n".join)

PROFILE = settings(
    max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROFILE
@given(st.text())
def test_never_raises_and_accounts_for_every_char_on_arbitrary_text(text):
    result = FAST.clean(text)
    check_accounting(result)
    check_kept_is_in_order(result)


@PROFILE
@given(st.one_of(documents, separators))
def test_accounting_on_documents_with_boilerplate(text):
    result = FAST.clean(text)
    check_accounting(result)
    check_kept_is_in_order(result)


@PROFILE
@given(st.one_of(documents, separators, st.text()))
def test_cleaning_cleaned_text_removes_nothing(text):
    result = FAST.clean(text)
    again = FAST.clean(result.text)
    assert again.removed == []
    assert again.text == result.text


@PROFILE
@given(st.one_of(documents, st.text()))
def test_deterministic(text):
    assert FAST.clean(text) == FAST.clean(text)


def test_default_clean_is_total_on_odd_strings():
    for text in ["", "\x00", "\ud800", "\u202e\u200f", "\n\n\n", "&amp;" * 3, "Ã©tÃ©"]:
        result = clean(text)
        check_accounting(result)
        assert clean(result.text).removed == []
