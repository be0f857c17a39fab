"""Share and reaction buttons: "Share on Facebook", "Tweet", "Teilen", "Like this:".

Catches share prompts and single-word button labels standing alone on a line,
in several languages. A button label inside a sentence is never touched.
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, Strength, words
from .footer import NETWORKS

SHARE_VERBS = words(
    "share", "share this", "share this article", "share this story", "share this post",
    "share on", "share to", "share via", "share article", "tweet this", "post to", "pin it",
    "teilen", "artikel teilen", "beitrag teilen", "teilen auf", "partager",
    "partager sur", "partager cet article", "compartir", "compartir en", "condividi",
    "condividi su", "compartilhar", "compartilhe", "udostępnij", "delen",
    "поделиться",
)  # fmt: skip

BUTTONS = words(
    "tweet", "email", "e-mail", "mail", "print", "drucken", "imprimer", "imprimir", "stampa",
    "drukuj", "facebook", "twitter", "linkedin", "whatsapp", "pinterest", "reddit", "telegram",
    "xing", "flipboard", "copy link", "link kopieren", "copier le lien", "copiar enlace",
    "copia link", "like this", "gefällt mir", "j'aime", "me gusta", "mi piace", "like",
    "like loading", "gefällt mir wird geladen", "loading", "wird geladen", "save", "merken",
    "speichern", "bookmark", "kommentieren", "envoyer par e-mail", "enviar por email",
    "per e-mail versenden", "send", "share", "teilen", "partager", "compartir", "condividi",
)  # fmt: skip

BUTTON_SEP = r"[^\S\n]{0,3}[|·•,/]?[^\S\n]{0,3}"

RULES = (
    LineRule(
        "share_prompt",
        Category.SHARE,
        Strength.STRONG,
        rf"{SHARE_VERBS}[^\S\n]{{0,3}}(?:on[^\S\n]{{1,2}})?{NETWORKS}?[:.…]?",
        "share prompt ('Share on Facebook')",
    ),
    LineRule(
        "share_buttons",
        Category.SHARE,
        Strength.STRONG,
        rf"(?:{BUTTONS}|{NETWORKS}|{SHARE_VERBS})[:.…]?(?:{BUTTON_SEP}(?:{BUTTONS}|{NETWORKS})[:.…]?){{0,12}}",
        "row of share or reaction buttons",
    ),
)

SPAN_RULES = ()
