"""Article metadata lines: bylines, dates, categories and tags.

Catches "Tags: ...", "Filed under: ...", "Category: ...", "Posted on <date>",
"Published <date>", "Von Name | 12.03.2021". Tags and categories are strong;
bylines and dates are weak (kept inside the article, removed at its edges). Also strong:
a blog theme's post footer ("This entry was posted in ... Bookmark the permalink.",
"Dieser Eintrag wurde veröffentlicht in ...") and a byline that ends with the comment
count ("12.3.2021 Name 71 Kommentare").
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
    "opublikowano", "gepubliceerd", "door", "eingestellt von", "publié par", "publicado por",
    "pubblicato da",
)  # fmt: skip

READING_TIME = (
    r"\d{1,3}[^\S\n]{0,2}(?:min|mins|minutes?|minuten|minutos?|minuti)\.?[^\S\n]{0,2}"
    r"(?:read|reading time|lesezeit|lesedauer|de lecture|de lectura|di lettura)"
    r"|(?:reading time|lesezeit|lesedauer|temps de lecture|tiempo de lectura)[^\S\n]{0,2}:?"
    r"[^\S\n]{0,2}(?:ca\.[^\S\n]?)?\d{1,3}[^\n]{0,20}"
)

# A blog theme's line under a post: where and when it was filed, and its permalink.
POST_FOOTER_OPENERS = words(
    "this entry was posted", "this entry was filed", "this post was posted",
    "dieser eintrag wurde veröffentlicht", "dieser beitrag wurde veröffentlicht",
    "cette entrée a été publiée", "cet article a été publié dans", "esta entrada fue publicada",
    "esta entrada se publicó", "questa voce è stata pubblicata", "esta entrada foi publicada",
    "ten wpis został opublikowany", "dit bericht is geplaatst",
)  # fmt: skip
POST_FOOTER = (
    rf"{POST_FOOTER_OPENERS}[^\n]{{0,300}}"
    r"|(?:der|dieser)[^\S\n]beitrag[^\S\n]wurde[^\S\n]am[^\S\n][^\n]{1,80}?"
    r"[^\S\n]veröffentlicht[^\n]{0,300}"
)
# A byline or date line that ends with the article's comment count.
COMMENT_COUNT = words(
    "comments", "comment", "kommentare", "kommentar", "commentaires", "commentaire",
    "comentarios", "comentario", "commenti", "commento", "comentários", "komentarze",
    "komentarzy", "reacties", "reactions",
)  # fmt: skip

RULES = (
    LineRule(
        "post_footer",
        Category.METADATA,
        Strength.STRONG,
        POST_FOOTER,
        "blog post footer ('This entry was posted in ...')",
    ),
    LineRule(
        "byline_comment_count",
        Category.METADATA,
        Strength.STRONG,
        rf"[^\n]{{1,120}}(?:[^\S\n]{{1,3}}|[^\S\n]{{0,2}}[|·•][^\S\n]{{0,2}})\d{{1,6}}"
        rf"[^\S\n]{{1,2}}{COMMENT_COUNT}",
        "byline ending with the comment count",
    ),
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
        rf"{TAG_LABELS}[^\S\n]{{0,2}}[:：][^\n]{{0,200}}|filed[^\S\n]under[^\S\n][^\n.!?]{{1,80}}",
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
