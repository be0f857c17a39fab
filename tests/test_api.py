"""The public API: clean(), Cleaner, Result, Removal, Category."""

import dataclasses

import pytest

from cleaner import Category, Cleaner, Removal, Result, Settings, clean


def test_clean_returns_result_with_exact_slices():
    text = "Skip to main content\nThe council approved the budget on Monday after a long debate.\n"
    result = clean(text)
    assert isinstance(result, Result)
    assert result.text == "The council approved the budget on Monday after a long debate."
    assert [r.category for r in result.removed] == [Category.NAVIGATION]
    for removal in result.removed:
        assert isinstance(removal, Removal)
        assert result.source[removal.start : removal.end] == removal.text


def test_settings_are_immutable_and_validated():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.language_backend = "none"  # type: ignore[misc]
    with pytest.raises(ValueError, match="language_backend"):
        Settings(language_backend="nope")
    with pytest.raises(ValueError, match="unknown setting"):
        clean("x", no_such_setting=True)


def test_disabled_category_is_kept():
    text = "Photo: Shutterstock.\nThe council approved the budget on Monday after a long debate."
    assert clean(text).text.startswith("The council")
    kept = clean(text, categories=frozenset(Category) - {Category.CAPTION})
    assert kept.text.startswith("Photo: Shutterstock.")


def test_cleaner_is_reusable():
    cleaner = Cleaner(Settings(language_backend="none"))
    assert cleaner.clean("").text == ""
    assert cleaner.clean("Hello world").language == "unknown"


def test_clean_rejects_non_str():
    with pytest.raises(TypeError):
        clean(b"bytes")  # type: ignore[arg-type]
