"""Advertising labels: "Advertisement", "Anzeige", "Publicité", "Sponsored".

Catches the label standing alone on its line (an ad's own text is found, if at all,
by the classifier as a short line inside boilerplate), and (weak, in a short block) a
post's advertising disclosure: "*Werbung. Dieser Beitrag enthält Werbung für ...".
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, SpanRule, Strength, words

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

# A post's disclosure that it advertises (weak: a report on advertising says the same).
DISCLOSURES = words(
    "enthält werbung", "unbezahlte werbung", "unbeauftragte werbung", "contains advertising",
    "this post is an advertisement",
    "contient de la publicité", "article sponsorisé", "contiene publicidad",
    "publicación patrocinada", "articolo sponsorizzato", "contém publicidade",
    "artykuł sponsorowany", "bevat reclame",
)  # fmt: skip
DISCLOSURE_MARKERS = (
    "werbung", "advertis", "publicité", "sponsoris", "publicidad", "patrocinad",
    "publicidade", "sponsorowany", "reclame", "sponsorizz",
)  # fmt: skip

SPAN_RULES = (
    SpanRule(
        "ad_disclosure",
        Category.ADVERTISEMENT,
        Strength.WEAK,
        DISCLOSURES,
        "advertising disclosure",
        max_block_chars=250,
        markers=DISCLOSURE_MARKERS,
    ),
)
