"""Hostile text: clean() finishes, loses nothing and stays idempotent on adversarial inputs.

Sizes are bounded so the suite stays fast; timing (linear cost, the n/4n table)
belongs to ``make bench``, not here.
"""

from __future__ import annotations

import pytest
from invariants import check_all

from cleaner import Category, Cleaner, DocumentTooLarge, Result, Settings, clean

SIZE = 20_000  # characters per hostile input: big enough to hit every path, fast to clean


def check_invariants(text: str, result: Result, **settings) -> None:
    """The Result invariants, re-cleaning with the same settings."""
    check_all(result, lambda kept: clean(kept, **settings))


HOSTILE = {
    "one long line": "The council approved the budget after a long debate. " * (SIZE // 54),
    "short lines": "Home\n" * (SIZE // 5),
    "one repeated char": "a" * SIZE,
    'run of "@"': "@" * SIZE,
    'run of "#"': "#" * SIZE,
    'run of "http"': "http" * (SIZE // 4),
    'run of ". "': ". " * (SIZE // 2),
    "nested brackets": "(" * (SIZE // 4)
    + "[" * (SIZE // 4)
    + "]" * (SIZE // 4)
    + ")" * (SIZE // 4),
    '"Photo: " lines': "Photo: " * 1000 + "\n" + "Photo: Shutterstock\n" * 500,
    "tweet signatures": "— Jane Doe (@jdoe) March 3, 2020 pic.twitter.com/abc #tag\n" * 300,
    "whitespace runs": "word" + " \t\u00a0\u2003" * (SIZE // 4) + "word\n" + "\n \n\t\n" * 2000,
    "all-caps words": "BREAKING NEWS " * 1000 + "\n" + "READ MORE\n" * 1000,
    "NULs and controls": "\x00\x01\x7f\x1b[31m\x85\u2028\r\n" * 1000,
    "lone surrogates": "text \ud800 more \udfff text\n" * 500,
    "RTL and invisible marks": "\u202eevil\u202c \u200f\u200e\u200b\ufeff word\n" * 500,
    "mojibake": "The caf\u00c3\u00a9 \u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d\n" * 500,
    "entities": "&amp;&lt;&#8212;&#x263a;&nbsp;&bogus;" * 500,
    "mixed scripts": "Привет мир 你好世界 مرحبا Γειά σου שלום こんにちは\n" * 300,
    "combining marks": "e" + "\u0301" * SIZE,
    "emoji and astral": "\U0001f600\U0001f4a9\U00010348 " * 2000,
}


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(Settings())


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_keeps_invariants(cleaner, name):
    text = HOSTILE[name]
    result = cleaner.clean(text)
    check_invariants(text, result)


@pytest.mark.parametrize("backend", ["langdetect_rs", "langdetect", "py3langid"])
@pytest.mark.parametrize(
    "name", ["mojibake", "NULs and controls", "lone surrogates", "RTL and invisible marks"]
)
def test_hostile_input_without_repair(name, backend):
    # Without ftfy, lone surrogates and controls reach every stage, language id included.
    text = HOSTILE[name] + "\nThe council approved the budget after a long debate \ud800.\n"
    result = clean(text, repair_encoding=False, language_backend=backend)
    assert result.source == text
    check_invariants(text, result, repair_encoding=False, language_backend=backend)


def test_document_over_the_limit_is_not_processed():
    cleaner = Cleaner(Settings(max_document_chars=100))
    text = "  Skip to main content\n" + "The council approved the budget. " * 10 + "\n"
    result = cleaner.clean(text)
    assert result.text == "" and result.source == text and result.fixes == []
    (removal,) = result.removed
    assert removal.category is Category.NON_MAIN
    assert removal.reason == "document longer than the limit (100 chars)"
    assert removal.rule == "max_document_chars"
    assert (removal.start, removal.end) == (2, len(text.rstrip()))
    check_invariants(text, result)
    with pytest.raises(DocumentTooLarge, match=r"longer than the limit \(100 chars\)") as caught:
        cleaner.check(text)
    assert isinstance(caught.value, ValueError) and caught.value.length == len(text)


def test_document_at_the_limit_is_processed():
    text = "Skip to main content\nThe council approved the new budget on Monday."
    cleaner = Cleaner(Settings(max_document_chars=len(text)))
    cleaner.check(text)
    assert cleaner.clean(text).text == "The council approved the new budget on Monday."


def test_whitespace_only_document_over_the_limit():
    result = clean(" \n\t " * 50, max_document_chars=10)
    assert result.removed == [] and result.text == ""


def test_size_limit_setting():
    assert Settings().max_document_chars == 50_000_000
    assert clean("x" * 200, max_document_chars=None).source == "x" * 200
    with pytest.raises(ValueError, match="max_document_chars"):
        Settings(max_document_chars=0)
