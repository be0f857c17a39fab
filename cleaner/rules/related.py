"""Links to other articles: "SEE ALSO:", "Read more:", "Popular posts" and their teasers.

Catches
- a labelled link line: "SEE ALSO: Why ...", "NOW WATCH: ...", "Read more: ...",
  "Lesen Sie auch: ...", "Lire aussi : ...", "Lea también: ...", "VEA TAMBIÉN: ...",
  "Leggi anche: ...";
- a header that announces a list of teasers: "Popular posts from this blog",
  "Related articles", "You may also like", "Mehr zum Thema", "Articles similaires".
  The classifier removes the run of teaser headlines and snippets it opens.
"""

from __future__ import annotations

from ..result import Category
from .base import LineRule, Strength, words

LINK_LABELS = words(
    "see also", "now watch", "watch", "read more", "read also", "read next", "also read",
    "related", "related article", "related story", "related coverage", "recommended",
    "more", "more on this", "more on this story", "must read", "don't miss", "trending",
    "editor's picks", "top stories", "also on", "click here", "listen",
    "lesen sie auch", "lesen sie mehr", "lesen sie hier", "mehr zum thema", "auch interessant",
    "das könnte sie auch interessieren", "siehe auch", "weiterlesen", "mehr dazu", "lesetipp",
    "empfehlung", "passend dazu", "zum thema", "auch lesenswert", "hören sie auch",
    "lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "voir aussi", "à voir aussi",
    "sur le même sujet", "à lire", "lea también", "lee también", "leer más", "lea más", "lea",
    "te puede interesar", "le puede interesar", "ver también", "relacionado", "relacionada",
    "más información",
    "leggi anche", "leggi", "vedi anche", "potrebbe interessarti", "leia também", "leia mais",
    "veja também", "saiba mais", "zobacz też", "zobacz także", "czytaj też", "czytaj także",
    "czytaj więcej", "przeczytaj też", "lees ook", "bekijk ook", "läs också", "läs mer",
    "les også", "læs også", "lue myös", "читайте также", "смотрите также", "по теме",
)  # fmt: skip

# More labels, in a rule of their own: short ones ("READ:", "Mire:") would make the
# prefilter read the first rule's lines by shorter prefixes.
MORE_LINK_LABELS = words(
    "read", "puedes ver", "dowiedz się więcej", "vea también", "vea", "mire", "mira también",
    "auch lesen", "lesen sie dazu",
    "ebenfalls interessant", "dazu passend", "lisez aussi", "à lire également",
    "voir également", "per approfondire", "confira", "confira também",
)  # fmt: skip

HEADERS = words(
    "popular posts from this blog", "popular posts", "popular articles", "popular stories",
    "most popular", "most read", "most viewed", "related posts", "related articles",
    "related stories", "related content", "related links", "related news", "related",
    "related coverage", "related videos", "temas relacionados", "te recomendamos",
    "más noticias", "otras noticias", "weitere nachrichten", "weitere meldungen",
    "you may also like", "you might also like", "you may be interested in", "recommended",
    "recommended for you", "recommended stories", "more stories", "more from", "more news",
    "more articles", "latest news", "latest posts", "recent posts", "further reading",
    "read next", "read more", "up next", "what to read next", "trending now", "trending",
    "around the web", "from the web", "sponsored stories", "promoted stories",
    "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "ähnliche beiträge", "ähnliche artikel", "verwandte artikel", "weitere artikel",
    "weitere beiträge", "mehr zum thema", "meistgelesen", "meistgelesene artikel",
    "beliebte beiträge", "neueste beiträge", "letzte beiträge", "aktuelle beiträge",
    "empfohlene artikel", "das könnte ihnen auch gefallen", "auch interessant",
    "articles similaires", "articles liés", "sur le même sujet", "à lire aussi",
    "les plus lus", "articles récents", "vous aimerez aussi", "dans la même rubrique",
    "noticias relacionadas", "notas relacionadas", "artículos relacionados", "te puede interesar",
    "lo más leído",
    "entradas relacionadas", "entradas recientes", "articoli correlati", "potrebbe interessarti",
    "i più letti", "articoli recenti", "artigos relacionados", "veja também", "mais lidas",
    "posts relacionados", "podobne artykuły", "polecane", "najczęściej czytane",
    "gerelateerde artikelen", "meest gelezen", "relaterade artiklar", "mest lästa",
    "relaterte artikler", "lue myös", "похожие статьи", "читайте также",
    "zum weiterlesen", "schon gelesen", "das thema könnte dich auch interessieren",
    "das thema könnte sie auch interessieren", "weiterführende links", "zobacz również",
    "przeczytaj również", "czytaj również",
)  # fmt: skip

LABEL_SEP = r"[^\S\n]{0,3}[:：»›>][^\S\n]{0,3}"  # "SEE ALSO: ", "Read more » "
COUNT = r"(?:[^\S\n]{0,3}\(?\d{1,4}\)?)?"  # "Related posts (3)"

MORE_LINKS = words(
    "read more", "read the full story", "continue reading", "keep reading", "read full article",
    "weiterlesen", "mehr lesen", "mehr erfahren", "artikel lesen", "lire la suite", "lire plus",
    "en savoir plus", "leer más", "seguir leyendo", "leggi tutto", "continua a leggere",
    "leia mais", "czytaj dalej", "lees meer", "läs mer",
)  # fmt: skip

MORE_FROM = words(
    "more from", "more stories from", "more articles from", "mehr von", "mehr aus", "plus de",
    "más sobre",
)  # fmt: skip

RULES = (
    LineRule(
        "more_link",
        Category.RELATED,
        Strength.STRONG,
        rf"[\[(]?{MORE_LINKS}[^\S\n]{{0,2}}(?:[»›>→…\])]|\.{{3}})?",
        "'Read more' link standing alone",
    ),
    LineRule(
        "related_link_label",
        Category.RELATED,
        Strength.STRONG,
        rf"[\[(]?{LINK_LABELS}[\])]?{LABEL_SEP}[^\n]{{1,200}}",
        "related link line ('SEE ALSO: ...')",
    ),
    LineRule(
        "related_label",
        Category.RELATED,
        Strength.STRONG,
        rf"{MORE_LINK_LABELS}{LABEL_SEP}[^\n]{{1,200}}",
        "related link line ('VEA TAMBIÉN: ...')",
    ),
    LineRule(
        "related_header",
        Category.RELATED,
        Strength.HEADER,
        rf"{HEADERS}{COUNT}[:.…?]?",
        "related-articles header opening a teaser run",
    ),
    LineRule(
        "more_from_header",
        Category.RELATED,
        Strength.HEADER,
        rf"{MORE_FROM}"
        r"[^\S\n]{1,3}[^\n.!?]{1,40}[:]?",
        "'More from ...' header opening a teaser run",
    ),
)

SPAN_RULES = ()
