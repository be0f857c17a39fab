"""Share and reaction buttons: "Share on Facebook", "Tweet", "Teilen", "Like this:",
and reader-feedback prompts: "Was this article helpful?", "War der Artikel nützlich?".

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
    "поделиться", "share this page", "share this with", "teile diesen beitrag",
    "teile diesen artikel", "teilen sie diesen artikel", "teilen sie diesen beitrag",
    "diesen artikel teilen", "diesen beitrag teilen", "möchten sie den artikel teilen",
    "möchten sie diesen artikel teilen", "partagez cet article", "partager cette page",
    "comparte este artículo", "comparte esta noticia", "compartir esta noticia",
    "condividi questo articolo", "compartilhe este artigo", "udostępnij artykuł",
    "deel dit artikel",
)  # fmt: skip

# A reader-feedback prompt standing alone ("Was this article helpful?").
FEEDBACK = words(
    "was this article helpful", "was this helpful", "was this page helpful",
    "was this post helpful", "did you find this article helpful", "did you like this article",
    "did you enjoy this article", "how useful was this post", "rate this article",
    "war der artikel nützlich", "war der artikel hilfreich", "war dieser artikel hilfreich",
    "war dieser artikel nützlich", "war dieser beitrag hilfreich", "hat ihnen der artikel gefallen",
    "hat dir der artikel gefallen", "artikel bewerten", "diesen artikel bewerten",
    "cet article vous a-t-il été utile", "cet article vous a plu",
    "vous avez aimé cet article", "¿te ha resultado útil", "¿te resultó útil",
    "¿te gustó este artículo", "¿le ha resultado útil", "questo articolo ti è stato utile",
    "este artigo foi útil", "czy ten artykuł był pomocny", "was dit artikel nuttig",
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

SHARE_ON = ("on", "auf", "sur", "en", "su", "em", "via", "op", "na", "w")

BUTTON_SEP = r"[^\S\n]{0,3}[|·•,/]?[^\S\n]{0,3}"

RULES = (
    LineRule(
        "share_prompt",
        Category.SHARE,
        Strength.STRONG,
        rf"{SHARE_VERBS}(?:[^\S\n]{{1,3}}{words(*SHARE_ON)})?(?:[^\S\n]{{0,3}}{NETWORKS})?[:.…?]?",
        "share prompt ('Share on Facebook')",
    ),
    LineRule(
        "share_buttons",
        Category.SHARE,
        Strength.STRONG,
        rf"(?:{BUTTONS}|{NETWORKS}|{SHARE_VERBS})[:.…]?(?:{BUTTON_SEP}(?:{BUTTONS}|{NETWORKS})[:.…]?){{0,12}}",
        "row of share or reaction buttons",
    ),
    LineRule(
        "feedback_prompt",
        Category.SHARE,
        Strength.STRONG,
        rf"{FEEDBACK}[^\S\n]{{0,2}}[?:]?(?:[^\S\n]{{1,3}}[^\n]{{1,40}})?",
        "reader-feedback prompt ('Was this article helpful?')",
    ),
)

SPAN_RULES = ()
