"""Edge trimming on extracted text (an extractor's output, the kept text of a page)."""

from __future__ import annotations

import pytest

from cleaner import clean

SETTINGS = {"language_backend": "py3langid"}

BODY = {
    "en": "The winery harvested its grapes early this year, after a dry summer that left "
    "the vines stressed, and the first tastings suggest a concentrated vintage.",
    "de": "Das Weingut hat seine Trauben in diesem Jahr früh gelesen, nach einem trockenen "
    "Sommer, und die ersten Verkostungen lassen einen konzentrierten Jahrgang erwarten.",
    "fr": "Le domaine a vendangé tôt cette année, après un été sec qui a éprouvé les vignes, "
    "et les premières dégustations annoncent un millésime concentré.",
}
LEAD = {
    "en": "Red berries, citrus, slightly sweet",
    "de": "Rote Beeren, Zitrusnoten, süßlich",
    "fr": "Fruits rouges, agrumes, légèrement sucré",
}
MENU = {"en": "Wine shop", "de": "Weinshop", "fr": "Boutique"}


@pytest.mark.parametrize("language", sorted(BODY))
def test_leading_phrase_list_is_kept_menu_label_is_not(language: str) -> None:
    text = "\n".join([MENU[language], LEAD[language], "Vintage report 2022", BODY[language]])
    result = clean(text, **SETTINGS)
    assert LEAD[language] in result.text
    assert BODY[language] in result.text
    assert MENU[language] not in result.text.splitlines()
    assert clean(result.text, **SETTINGS).removed == []


INTRO = {
    "en": "Some of my favourite singers who did not make it onto the list are these:",
    "de": "Einige meiner Lieblingssänger, die es nicht auf die Liste geschafft haben, sind:",
    "fr": "Voici quelques-uns de mes chanteurs préférés qui ne figurent pas sur la liste :",
}
NAMES = ["97. Tim Owens", "98. Ray Gillen", "99. Jeff Keith"]
FOOTER_MENU = ["Home", "About", "Contact", "Imprint", "Privacy", "Terms", "Jobs", "Ads", "Help"]


@pytest.mark.parametrize("language", sorted(BODY))
def test_short_list_after_a_colon_is_kept_a_long_menu_is_not(language: str) -> None:
    text = "\n".join([BODY[language], INTRO[language], *NAMES])
    result = clean(text, **SETTINGS)
    assert all(name in result.text for name in NAMES)
    assert clean(result.text, **SETTINGS).removed == []
    # Followed by a whole footer menu instead, the colon introduces nothing.
    text = "\n".join([BODY[language], INTRO[language], *FOOTER_MENU])
    result = clean(text, **SETTINGS)
    assert not any(item in result.text.splitlines() for item in FOOTER_MENU)
