"""Article metadata lines: bylines, dates, categories and tags.

Catches "Tags: ...", "Filed under: ...", "Category: ...", "Posted on <date>",
"Published <date>", "Von Name | 12.03.2021". Tags and categories are strong;
bylines and dates are weak (kept inside the article, removed at its edges).
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, Strength, words

TAG_LABELS = words(
    "tags", "tagged", "tagged with", "tagged as", "filed under", "category", "categories",
    "posted in", "topics", "keywords", "schlagwörter", "schlagworte", "stichwörter", "themen",
    "kategorie", "kategorien", "veröffentlicht in", "étiquettes", "mots-clés", "catégorie",
    "catégories", "etiquetas", "categoría", "categorías", "archivado en", "categoria",
    "tag", "argomenti", "categorias", "tagi", "kategoria", "kategorie", "trefwoorden",
)  # fmt: skip

DATE_LABELS = words(
    "posted on", "posted", "published", "published on", "updated", "last updated",
    "updated on", "posted by", "written by", "by", "veröffentlicht", "veröffentlicht am",
    "aktualisiert", "aktualisiert am", "erstellt am", "geschrieben von", "von", "publié le",
    "mis à jour le", "publié", "par", "publicado", "publicado el", "actualizado", "por",
    "pubblicato", "pubblicato il", "aggiornato", "di", "publicado em", "atualizado",
    "opublikowano", "gepubliceerd", "door",
)  # fmt: skip

READING_TIME = (
    r"\d{1,3}[^\S\n]{0,2}(?:min|mins|minutes?|minuten|minutos?|minuti)\.?[^\S\n]{0,2}"
    r"(?:read|reading time|lesezeit|lesedauer|de lecture|de lectura|di lettura)"
    r"|(?:reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura)[^\S\n]{0,2}:?"
    r"[^\S\n]{0,2}(?:ca\.[^\S\n]?)?\d{1,3}[^\n]{0,20}"
)

RULES = (
    LineRule(
        "reading_time",
        Category.METADATA,
        Strength.STRONG,
        READING_TIME,
        "reading-time label ('4 Min Read')",
    ),
    LineRule(
        "tag_line",
        Category.METADATA,
        Strength.STRONG,
        rf"{TAG_LABELS}[^\S\n]{{0,2}}[:：][^\n]{{0,200}}",
        "tag or category line",
    ),
    LineRule(
        "dateline",
        Category.METADATA,
        Strength.WEAK,
        rf"{DATE_LABELS}[^\S\n]{{0,2}}:?[^\S\n]{{1,2}}[^\n]{{1,80}}",
        "byline or date line",
    ),
)

SPAN_RULES = ()
