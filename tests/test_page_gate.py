"""The page gate: a whole page's text gets the learned scorer, an extractor's output does not.

An extractor's output is one article: its short lines (a joke list, lyrics, a
recipe's steps, a spec sheet) are the article's, and the scorer, which learned
that runs of short lines are menus, must not see them. A whole page's text has
menus, link lists and footers around the article: there the scorer works.
"""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Settings
from cleaner.classify import (
    GATE_NAMES,
    GATE_THRESHOLD,
    PageGate,
    _inputs,
    default_gate,
    describe_all,
    page_gate_features,
    whole_page_probability,
)
from cleaner.pipeline import Cleaner

CLEANER = Cleaner(Settings(language_backend="none"))

MENUS = {
    "en": ["Home", "News", "Sport", "Business", "Culture", "Travel", "Weather", "Video",
           "Podcasts", "Subscribe", "Log in", "Search"],
    "de": ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Reisen", "Wetter",
           "Video", "Podcasts", "Abo", "Anmelden", "Suche"],
    "fi": ["Etusivu", "Uutiset", "Urheilu", "Talous", "Kulttuuri", "Matkailu", "Sää",
           "Video", "Podcastit", "Tilaa", "Kirjaudu", "Haku"],
}  # fmt: skip
FOOTERS = {
    "en": ["About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy"],
    "de": ["Über uns", "Kontakt", "Karriere", "Werbung", "Nutzungsbedingungen", "Datenschutz"],
    "fi": ["Tietoa meistä", "Yhteystiedot", "Ura", "Mainosta", "Käyttöehdot", "Tietosuoja"],
}
ARTICLES = {
    "en": [
        "Council approves new budget after long debate",
        "The city council approved the new budget on Monday after a long and heated debate "
        "that lasted well into the evening.",
        "Officials said the plan would fund three new schools and repair roads in the "
        "northern districts over the next two years.",
        "Opposition members argued that the spending was too high, but the measure passed "
        "with a comfortable majority of the votes.",
    ],
    "de": [
        "Stadtrat beschließt neuen Haushalt",
        "Der Stadtrat hat am Montag nach einer langen und hitzigen Debatte den neuen "
        "Haushalt beschlossen, die bis in den Abend dauerte.",
        "Nach Angaben der Verwaltung sollen damit drei neue Schulen gebaut und Straßen im "
        "Norden der Stadt saniert werden.",
        "Die Opposition hielt die Ausgaben für zu hoch, doch der Antrag wurde mit einer "
        "deutlichen Mehrheit angenommen.",
    ],
    "fi": [
        "Kaupunginvaltuusto hyväksyi uuden talousarvion",
        "Kaupunginvaltuusto hyväksyi maanantaina uuden talousarvion pitkän ja kiivaan "
        "keskustelun jälkeen, joka jatkui iltaan asti.",
        "Virkamiesten mukaan suunnitelmalla rahoitetaan kolme uutta koulua ja korjataan "
        "teitä kaupungin pohjoisosissa seuraavien kahden vuoden aikana.",
        "Oppositio piti menoja liian suurina, mutta esitys hyväksyttiin selvällä "
        "enemmistöllä äänestyksessä.",
    ],
}
# An extracted article whose middle is a long run of short lines of its own.
SHORT_LINES = {
    "en": ["1. What has ears but cannot hear?", "A cornfield.", "2. Why was 6 afraid of 7?",
           "Because 7 8 9!", "3. What kind of tree fits in your hand?", "A palm tree!",
           "4. How does the moon cut his hair?", "Eclipse it.", "5. What falls but never breaks?",
           "Night.", "6. What has keys but no locks?", "A piano!", "7. What has a neck?",
           "A bottle."],
    "de": ["Zutaten", "200 g Mehl", "2 Eier", "1 Prise Salz", "250 ml Milch", "50 g Butter",
           "Zubereitung", "Mehl sieben", "Eier verquirlen", "Milch zugeben", "Teig ruhen lassen",
           "Butter erhitzen", "Ausbacken", "Servieren"],
    "fi": ["Kertosäe", "Yö on pitkä ja kylmä", "Mutta sinä olet tässä", "Laula kanssani",
           "Laula vielä kerran", "Toista kertosäe", "Tähdet syttyy taas", "Kuu nousee hiljaa",
           "Tuuli laulaa puissa", "Meri kuiskaa rannalla", "Toista kertosäe",
           "Aamu tulee pian", "Ja me lähdetään", "Kotiin"],
}  # fmt: skip


def _probability(lines: list[str]) -> float:
    infos = describe_all(lines, [None] * len(lines))
    return whole_page_probability(_inputs(infos), infos)


def _page(language: str) -> list[str]:
    """A whole page's text: menu, sub-menu, article, share buttons, teasers, footer, menu."""
    menu, article, footer = MENUS[language], ARTICLES[language], FOOTERS[language]
    teasers = [f"{section} {link}" for section in menu[:3] for link in footer[:3]]
    share = ["Share", "Facebook", "X", "Email"]
    return [*menu, *menu[:8], *article, *share, *teasers, *footer, *menu, "© 2024"]


def _extracted(language: str) -> list[str]:
    article = ARTICLES[language]
    return [*article[:2], *SHORT_LINES[language], *article[2:]]


def test_shipped_gate_matches_its_features():
    gate = default_gate()
    assert gate is not None
    assert gate.weights.shape == (len(GATE_NAMES),)
    with pytest.raises(ValueError, match="make train"):
        PageGate.from_dict({"features": ["other"], "mean": [0], "std": [1], "weights": [1],
                            "bias": 0})  # fmt: skip


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_a_whole_page_is_told_from_an_extractor_output(language: str) -> None:
    assert _probability(_page(language)) >= GATE_THRESHOLD
    assert _probability(_extracted(language)) < GATE_THRESHOLD
    assert _probability(ARTICLES[language]) < GATE_THRESHOLD


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_extractor_output_keeps_its_runs_of_short_lines(language: str) -> None:
    lines = _extracted(language)
    assert CLEANER.clean("\n".join(lines)).text.split("\n") == lines


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_a_whole_page_loses_its_menus(language: str) -> None:
    result = CLEANER.clean("\n".join(_page(language)))
    kept = result.text.split("\n")
    for paragraph in ARTICLES[language][1:]:
        assert paragraph in kept
    assert not set(FOOTERS[language][1:]) & set(kept)
    assert CLEANER.clean(result.text).removed == []


def test_gate_features_are_named_and_finite():
    lines = _page("en")
    infos = describe_all(lines, [None] * len(lines))
    features = page_gate_features(_inputs(infos), infos)
    assert features.shape == (len(GATE_NAMES),)
    assert np.isfinite(features).all()
    one = describe_all(["Home"], [None])
    assert np.isfinite(page_gate_features(_inputs(one), one)).all()
