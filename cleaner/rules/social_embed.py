"""Social media embeds pasted as text: tweets, Instagram and Facebook posts.

Catches
- a tweet's signature "— Name (@handle) November 16, 2015" (any language's date),
  alone or at the end of the tweet's own line;
- tweet bodies carrying "pic.twitter.com/..." or a t.co link;
- Instagram's "A post shared by Name (@handle) on ..." and "View this post on Instagram";
- Facebook's "Posted by Name on Monday, ..." and "A post shared by ... on Facebook";
- the placeholder a consent layer leaves for an embed: "Externer Inhalt",
  "Empfohlener redaktioneller Inhalt", "Contenu externe".

The lines of one tweet that sit above its signature are joined to it by the
classifier (``cleaner.classify``), which knows the neighbours.
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, SpanRule, Strength, words

DASH = r"(?:[—–―]|&mdash;|--?)"
HANDLE = r"\(@\w{1,30}\)"
# A date after the handle: any words and digits, ending in a four-digit year.
DATE = r"[^\S\n]{0,3}(?:on[^\S\n])?[^\n()]{0,30}?\b(?:19|20)\d\d\b"

RULES = (
    LineRule(
        "tweet_signature",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        rf"{DASH}[^\S\n]{{0,3}}[^\n()]{{1,60}}{HANDLE}(?:{DATE})?[^\n]{{0,40}}",
        "tweet signature '— Name (@handle) date'",
    ),
    LineRule(
        "instagram_furniture",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        words(
            "view this post on instagram",
            "view on instagram",
            "view more on instagram",
            "dieses foto auf instagram ansehen",
            "diesen beitrag auf instagram ansehen",
            "voir cette publication sur instagram",
            "ver esta publicación en instagram",
            "visualizza questo post su instagram",
            "ver essa foto no instagram",
            "view this post on tiktok",
            "watch on tiktok",
            "watch on youtube",
            "auf youtube ansehen",
            "view on twitter",
            "view on facebook",
            # the placeholder a consent layer leaves for an embed
            "externer inhalt",
            "empfohlener redaktioneller inhalt",
            "external content",
            "contenu externe",
            "contenido externo",
            "contenuto esterno",
        ),
        "embed furniture ('View this post on Instagram')",
    ),
    LineRule(
        "post_shared_by",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        r"(?:a[^\S\n]post[^\S\n]shared[^\S\n]by|ein[^\S\n]beitrag[^\S\n]geteilt[^\S\n]von"
        r"|une[^\S\n]publication[^\S\n]partagée[^\S\n]par|una[^\S\n]publicación[^\S\n]compartida"
        r"[^\S\n]de|un[^\S\n]post[^\S\n]condiviso[^\S\n]da)[^\n]{1,120}",
        "embedded post attribution ('A post shared by ...')",
    ),
)

SPAN_RULES = (
    SpanRule(
        "tweet_signature_inline",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        rf"{DASH}[^\S\n]{{0,3}}[^\n()—–]{{1,60}}{HANDLE}{DATE}[^\S\n]*$",
        "tweet signature '— Name (@handle) date' ending the tweet",
        max_block_chars=700,
        markers=("(@",),
    ),
    SpanRule(
        "tweet_picture_link",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        r"pic\.twitter\.com/\w{1,40}",
        "tweet body with a pic.twitter.com link",
        max_block_chars=600,
        markers=("pic.twitter.com",),
    ),
    SpanRule(
        "tweet_short_link",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        r"https?://t\.co/\w{1,40}",
        "tweet body with a t.co link",
        max_block_chars=400,
        markers=("t.co/",),
    ),
    SpanRule(
        "instagram_post_link",
        Category.SOCIAL_EMBED,
        Strength.STRONG,
        r"instagram\.com/p/[\w\-]{1,40}",
        "embedded Instagram post link",
        max_block_chars=400,
        markers=("instagram.com/p/",),
    ),
)
