"""Advertising labels: "Advertisement", "Anzeige", "Publicité", "Sponsored".

Catches only the label standing alone on its line (an ad's own text is found, if
at all, by the classifier as a short line inside boilerplate).
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, Strength, words

LABELS = words(
    "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
    "paid content", "paid post", "promoted", "partner content", "story continues below",
    "story continues below advertisement", "article continues below",
    "article continues below advertisement", "continue reading below", "scroll to continue",
    "anzeige", "werbung", "gesponsert", "publicité", "publicite", "contenu sponsorisé",
    "publicidad", "contenido patrocinado", "pubblicità", "contenuto sponsorizzato",
    "publicidade", "reklama", "advertentie", "annons", "annonse", "mainos", "реклама", "广告",
)  # fmt: skip

RULES = (
    LineRule(
        "ad_label",
        Category.ADVERTISEMENT,
        Strength.STRONG,
        rf"[-–—\[(]?[^\S\n]{{0,2}}{LABELS}[^\S\n]{{0,2}}[-–—\])]?[:.]?",
        "advertising label",
    ),
)

SPAN_RULES = ()
