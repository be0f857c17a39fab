"""A parsed page -> its visible text as lines, each with the DOM's hint.

The text is rendered as a browser would lay it out, simplified: block-level
elements and ``<br>`` start new lines, inline elements flow into the current
line, whitespace collapses to one space (kept line by line inside ``<pre>``),
and what a browser does not show (scripts, styles, ``<head>``, templates,
form controls) is skipped. CSS-hidden elements are rendered: slideshows and
tabs hide article text that way, and extractors keep it. Each line is one block of the
``source`` the report refers to.

Each line also gets the category its ancestors suggest -- the hints an
extractor throws away: ``<nav>``, ``<footer>``, ``<aside>``, ``<figcaption>``,
``blockquote.twitter-tweet``, comment sections, related-links boxes, found by
tag, ARIA role and class/id tokens. A hinted element that holds most of the
page's text is a page wrapper with an unlucky class name, not boilerplate, so
its hint is ignored.

The walk is iterative (``lxml.etree.iterwalk``), so 10,000 nested elements cost
nothing special, and linear in the size of the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .result import Category
from .segment import Block

# A hinted element holding more than this share of the page's text is a
# wrapper (body classes like "has-sidebar"), so its hint says nothing.
WRAPPER_TEXT_SHARE = 0.5
# Only this much of a class/id attribute is read: a 5 MB attribute costs nothing.
ATTRIBUTE_SCAN_CHARS = 256

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "select",
        "textarea",
        "input",
        "datalist",
        "map",
        "area",
        "audio",
        "video",
        "source",
        "track",
        "param",
        "rt",
        "rp",
    }
)
# Table cells share their row's line, a space apart: a row of a data table
# reads as one record ("Voltage 380 V"), not as a run of short lines.
_CELL_TAGS = frozenset({"td", "th"})
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "caption",
        "ul",
        "option",
        "label",
    }
)
# Hints given by the tag itself: authors write <footer> and <figcaption> on
# purpose, while class words ("share-enabled") are often incidental.
_STRONG_HINT_TAGS = frozenset({"footer", "figcaption"})
_TAG_HINTS = {
    "nav": Category.NAVIGATION,
    "menu": Category.NAVIGATION,
    "footer": Category.FOOTER,
    "aside": Category.RELATED,
    "figcaption": Category.CAPTION,
    "figure": Category.CAPTION,
}
_ROLE_HINTS = {
    "navigation": Category.NAVIGATION,
    "menubar": Category.NAVIGATION,
    "banner": Category.NAVIGATION,
    "contentinfo": Category.FOOTER,
    "complementary": Category.RELATED,
}
# Class words that name a box an editor puts into the article (see _NOTICE_RE).
_AUTHOR_BOX_WORDS = (
    r"author-?bio|author-?box|about-author|author-info|author-description|autor-?box|autorenbox"
)
_DISCLOSURE_WORDS = (
    r"affiliate|disclosure|\bcta\b|newsletter-?(?:signup|box|form|teaser|widget)|newsletterbox"
)
# class/id words, in priority order (an element "comment-share" is comments).
# Distinctive stems match inside words ("relatedposts"); short ones only whole.
_TOKEN_HINTS = (
    (Category.SOCIAL_EMBED, r"twitter-tweet|tweet|instagram|tiktok|fb-post|\bembed\b"),
    (Category.COMMENTS, r"comment|disqus|\brespond\b|discussion"),
    (Category.METADATA, _AUTHOR_BOX_WORDS),
    (Category.CAPTION, r"caption|\bcredits?\b"),
    (Category.SHARE, r"share|sharing|shariff|addthis|\bsocial\b"),
    (
        Category.ADVERTISEMENT,
        r"\bads?\b|advert|\bsponsor(?:ed)?\b|adsbygoogle|\bpromo\b|banner-ad|" + _DISCLOSURE_WORDS,
    ),
    (
        Category.RELATED,
        r"related|recommend|\btrending\b|\bpopular\b|teaser|outbrain|taboola|sidebar|"
        r"\bwidget\b|more-stories|read-more|readmore|also-read",
    ),
    (Category.FOOTER, r"footer|copyright|colophon|disclaimer"),
    (Category.NAVIGATION, r"\bnav\b|navbar|navigation|\bmenu\b|breadcrumb|pagination|\bpager\b"),
)
_TOKEN_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(_TOKEN_HINTS)))
# Class words that name a box an editor puts into the article: a disclaimer,
# an affiliate or sponsorship disclosure, a call to action ("cta": write to
# us, subscribe), a newsletter sign-up, the author's bio, the breadcrumb
# trail. Such boxes sit inside the article's wrapper, so extractors keep
# them; these words are as deliberate as a <footer> tag, so the hint is
# strong (it overrides the extractor). Measured on webeval: the first four
# words 7 boilerplate snippets fewer for 1 article snippet; newsletter, bio
# and breadcrumb boxes 9 fewer for none (F1 0.9400 -> 0.9414).
_NOTICE_RE = re.compile(f"{_DISCLOSURE_WORDS}|disclaimer|{_AUTHOR_BOX_WORDS}|breadcrumb")
_NOTICE_HINTS = frozenset(
    {Category.ADVERTISEMENT, Category.FOOTER, Category.METADATA, Category.NAVIGATION}
)
# Invisible in a browser and dropped by extractors: zero-width space, word
# joiner, BOM. Soft hyphens stay (they are in the page's text, and annotated
# snippets keep them); zero-width (non-)joiners stay too: they shape text.
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page's visible text: ``text`` is ``lines`` joined by newlines.

    ``blocks[i]`` is line ``i`` with its offsets in ``text``; ``hints[i]`` is
    the category its DOM ancestors suggest, or None; ``strong[i]`` says the
    hint comes from the element's tag (``<footer>``, ``<figcaption>``) or an
    embed's class, not from a class word; ``link_share[i]`` is the share of
    the line's characters inside links.
    """

    text: str
    blocks: list[Block]
    hints: list[Category | None]
    strong: list[bool]
    link_share: list[float]


def element_hint(element: etree._Element) -> Category | None:
    """The category an element's tag, role, class or id suggests.

    >>> from lxml import html
    >>> element_hint(html.fragment_fromstring('<div class="related-posts">x</div>'))
    <Category.RELATED: 'related'>
    >>> element_hint(html.fragment_fromstring('<blockquote class="twitter-tweet">x</blockquote>'))
    <Category.SOCIAL_EMBED: 'social_embed'>
    >>> element_hint(html.fragment_fromstring('<div class="entry-content">x</div>')) is None
    True
    """
    get = element.get
    return _hint(element.tag, get("role"), get("class"), get("id"))


def _hint(
    tag: str,
    role: str | None,
    names: str | None,
    ident: str | None,
    words_seen: dict[str, Category | None] | None = None,
) -> Category | None:
    if tag in _TAG_HINTS:
        return _TAG_HINTS[tag]
    if role and role.lower() in _ROLE_HINTS:
        return _ROLE_HINTS[role.lower()]
    if not names and not ident:
        return None
    words = f"{(names or '')[:ATTRIBUTE_SCAN_CHARS]} {(ident or '')[:ATTRIBUTE_SCAN_CHARS]}"
    words = words.lower().replace("_", "-")
    if words_seen is None:
        return _word_hint(words)
    # No pattern spans whitespace, so the first match in the string is the
    # first word's match: words ("col-md-6", "post") recur across a page's
    # elements, and each is searched once.
    for word in words.split():
        if word in words_seen:
            hint = words_seen[word]
        else:
            hint = words_seen[word] = _word_hint(word)
        if hint is not None:
            return hint
    return None


def _strong(key: tuple[str, str | None, str | None, str | None], hint: Category) -> bool:
    """Whether an element's hint is deliberate: its tag, an embed's class, a notice word."""
    tag, _, names, ident = key
    if tag in _STRONG_HINT_TAGS or (tag == "blockquote" and hint is Category.SOCIAL_EMBED):
        return True
    if hint not in _NOTICE_HINTS:
        return False
    words = f"{(names or '')[:ATTRIBUTE_SCAN_CHARS]} {(ident or '')[:ATTRIBUTE_SCAN_CHARS]}"
    return _NOTICE_RE.search(words.lower().replace("_", "-")) is not None


def _word_hint(words: str) -> Category | None:
    match = _TOKEN_RE.search(words)
    if match is None or match.lastgroup is None:
        return None
    return _TOKEN_HINTS[int(match.lastgroup[1:])][0]


def render(root: etree._Element) -> Rendered:
    """Render a parsed page's visible text, one line per block, with hints.

    >>> from lxml import html
    >>> page = html.document_fromstring(
    ...     "<html><body><nav><a>Home</a> | <a>News</a></nav>"
    ...     "<article><p>First <b>bold</b> words.<br>Next line.</p>"
    ...     "<figure><img><figcaption>A photo</figcaption></figure></article>"
    ...     "<pre>code\\n  indented</pre>"
    ...     "<script>var x;</script><footer>(c) 2024</footer></body></html>")
    >>> r = render(page)
    >>> r.text.splitlines()
    ['Home | News', 'First bold words.', 'Next line.', 'A photo', 'code', 'indented', '(c) 2024']
    >>> [h and str(h) for h in r.hints]
    ['navigation', None, None, 'caption', None, None, 'footer']
    >>> r.link_share[0]
    0.7272727272727273
    """
    # The walk runs once per element of every page: it is written for speed
    # (locals, no helper calls on the common path), the logic stays simple.
    line_text: list[str] = []  # finished lines
    line_owner: list[int] = []  # per line, the hinted element that gave it most text
    line_links: list[float] = []  # per line, the share of its characters inside links
    chars = 0  # text characters written so far (for the wrapper test)
    pieces: list[str] = []  # the current line's text
    owners: dict[int, int] = {}  # hinted element -> its characters in the current line
    link_chars = 0
    # Hinted elements seen: category, whether the tag gave it, text chars inside.
    hinted: list[Category] = []
    strong: list[bool] = []
    hinted_chars: list[int] = []
    owner = -1  # innermost hinted element around the current text
    owner_stack: list[int] = []  # the owners of the open elements' parents
    # (tag, role, class, id) -> (hint, strong)
    cache: dict[tuple[str, str | None, str | None, str | None], tuple[Category | None, bool]] = {}
    words_seen: dict[str, Category | None] = {}
    pre_depth = link_depth = 0
    invisible_sub = _INVISIBLE_RE.sub

    def end_line() -> None:
        text = "".join(pieces)
        if not text.isascii():
            text = invisible_sub("", text)
        # str.split() and the regex \s agree on what whitespace is (str.isspace).
        line = " ".join(text.split())
        if line:
            line_text.append(line)
            line_owner.append(max(owners, key=owners.__getitem__))
            line_links.append(min(1.0, link_chars / len(line)))

    def new_line() -> None:
        nonlocal pieces, owners, link_chars
        end_line()
        pieces, owners, link_chars = [], {}, 0

    def write(part: str) -> None:
        nonlocal chars, link_chars
        pieces.append(part)
        size = len(part)
        chars += size
        owners[owner] = owners.get(owner, 0) + size
        if link_depth:
            link_chars += size

    def write_pre(text: str) -> None:
        # <pre>: each source line is a line.
        for n, part in enumerate(text.split("\n")):
            if n:
                new_line()
            write(part)

    walker = etree.iterwalk(root, events=("start", "end"))
    skip_subtree = walker.skip_subtree
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if not isinstance(tag, str):  # comment / processing instruction
                owner_stack.append(-2)
                continue
            if tag in _SKIP_TAGS:
                skip_subtree()
                owner_stack.append(-2)  # marks a skipped element for its end event
                continue
            if pieces:
                if tag in _BLOCK_TAGS or tag == "br":
                    new_line()
                elif tag in _CELL_TAGS:
                    write(" ")
            if tag == "pre":
                pre_depth += 1
            elif tag == "a":
                link_depth += 1
            get = element.get
            key = (tag, get("role"), get("class"), get("id"))
            if key in cache:
                hint, is_strong = cache[key]
            else:
                hint = _hint(*key, words_seen)
                is_strong = hint is not None and _strong(key, hint)
                cache[key] = hint, is_strong
            owner_stack.append(owner)
            if hint is not None:
                hinted.append(hint)
                strong.append(is_strong)
                hinted_chars.append(chars)
                owner = len(hinted) - 1
            text = element.text
        else:
            parent_owner = owner_stack.pop()
            if parent_owner != -2:
                if owner != parent_owner:  # this element is hinted: its text ends here
                    hinted_chars[owner] = chars - hinted_chars[owner]
                    owner = parent_owner
                if tag == "pre":
                    pre_depth -= 1
                elif tag == "a":
                    link_depth -= 1
                if pieces and tag in _BLOCK_TAGS:
                    new_line()
            text = element.tail
        if text:
            if pre_depth and "\n" in text:
                write_pre(text)
            else:
                write(text)
    if pieces:
        end_line()
    return _assemble(line_text, line_owner, line_links, chars, hinted, strong, hinted_chars)


def _assemble(
    line_text: list[str],
    line_owner: list[int],
    line_links: list[float],
    chars: int,
    hinted: list[Category],
    strong: list[bool],
    hinted_chars: list[int],
) -> Rendered:
    wrapper_size = WRAPPER_TEXT_SHARE * chars
    hints: list[Category | None] = []
    strong_hints: list[bool] = []
    for owner in line_owner:
        if owner < 0 or hinted_chars[owner] > wrapper_size:
            hints.append(None)
            strong_hints.append(False)
        else:
            hints.append(hinted[owner])
            strong_hints.append(strong[owner])
    blocks: list[Block] = []
    offset = 0
    for line in line_text:
        blocks.append(Block(offset, offset + len(line), line))
        offset += len(line) + 1
    return Rendered("\n".join(line_text), blocks, hints, strong_hints, line_links)
