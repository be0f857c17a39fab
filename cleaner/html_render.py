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
# class/id words, in priority order (an element "comment-share" is comments).
# Distinctive stems match inside words ("relatedposts"); short ones only whole.
_TOKEN_HINTS = (
    (Category.SOCIAL_EMBED, r"twitter-tweet|tweet|instagram|tiktok|fb-post|\bembed\b"),
    (Category.COMMENTS, r"comment|disqus|\brespond\b|discussion"),
    (Category.CAPTION, r"caption|\bcredits?\b"),
    (Category.SHARE, r"share|sharing|shariff|addthis|\bsocial\b"),
    (
        Category.ADVERTISEMENT,
        r"\bads?\b|advert|\bsponsor(?:ed)?\b|adsbygoogle|\bpromo\b|banner-ad",
    ),
    (
        Category.RELATED,
        r"related|recommend|\btrending\b|\bpopular\b|teaser|outbrain|taboola|sidebar|"
        r"\bwidget\b|more-stories|read-more|readmore|also-read",
    ),
    (Category.FOOTER, r"footer|copyright|colophon"),
    (Category.NAVIGATION, r"\bnav\b|navbar|navigation|\bmenu\b|breadcrumb|pagination|\bpager\b"),
)
_TOKEN_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(_TOKEN_HINTS)))
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


def _hint(tag: str, role: str | None, names: str | None, ident: str | None) -> Category | None:
    if tag in _TAG_HINTS:
        return _TAG_HINTS[tag]
    if role and role.lower() in _ROLE_HINTS:
        return _ROLE_HINTS[role.lower()]
    if not names and not ident:
        return None
    words = f"{(names or '')[:ATTRIBUTE_SCAN_CHARS]} {(ident or '')[:ATTRIBUTE_SCAN_CHARS]}"
    match = _TOKEN_RE.search(words.lower().replace("_", "-"))
    if match is None or match.lastgroup is None:
        return None
    return _TOKEN_HINTS[int(match.lastgroup[1:])][0]


class _Lines:
    """The lines being written; each remembers which hinted element gave it most text."""

    __slots__ = ("chars", "link_share", "owner", "text")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.owner: list[int] = []
        self.link_share: list[float] = []
        self.chars = 0  # text characters written so far (for the wrapper test)

    def end_line(self, pieces: list[str], owners: dict[int, int], link_chars: int) -> None:
        text = "".join(pieces)
        if not text.isascii():
            text = _INVISIBLE_RE.sub("", text)
        # str.split() and the regex \s agree on what whitespace is (str.isspace).
        line = " ".join(text.split())
        if line:
            self.text.append(line)
            self.owner.append(max(owners, key=owners.__getitem__))
            self.link_share.append(min(1.0, link_chars / len(line)))


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
    lines = _Lines()
    pieces: list[str] = []  # the current line's text
    owners: dict[int, int] = {}  # hinted element -> its characters in the current line
    link_chars = 0
    # Hinted elements seen: category, whether the tag gave it, text chars inside.
    hinted: list[Category] = []
    strong: list[bool] = []
    hinted_chars: list[int] = []
    owner_stack = [-1]  # innermost hinted element around the current text
    cache: dict[tuple[str, str | None, str | None, str | None], Category | None] = {}
    pre_depth = link_depth = 0

    def write(text: str) -> None:
        nonlocal link_chars, pieces, owners
        if pre_depth and "\n" in text:  # <pre>: each source line is a line
            first, *rest = text.split("\n")
            write_one(first)
            for part in rest:
                lines.end_line(pieces, owners, link_chars)
                pieces, owners, link_chars = [], {}, 0
                write_one(part)
            return
        write_one(text)

    def write_one(text: str) -> None:
        nonlocal link_chars
        pieces.append(text)
        size = len(text)
        lines.chars += size
        owner = owner_stack[-1]
        owners[owner] = owners.get(owner, 0) + size
        if link_depth:
            link_chars += size

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):  # comment / processing instruction: only its tail shows
            if event == "end" and element.tail:
                write(element.tail)
            continue
        if event == "start":
            if tag in _SKIP_TAGS:
                walker.skip_subtree()
                owner_stack.append(-2)  # marks a skipped element for its end event
                continue
            if (tag in _BLOCK_TAGS or tag == "br") and pieces:
                lines.end_line(pieces, owners, link_chars)
                pieces, owners, link_chars = [], {}, 0
            elif tag in _CELL_TAGS and pieces:
                write(" ")
            if tag == "pre":
                pre_depth += 1
            elif tag == "a":
                link_depth += 1
            get = element.get
            key = (tag, get("role"), get("class"), get("id"))
            if key in cache:
                hint = cache[key]
            else:
                hint = cache[key] = _hint(*key)
            if hint is not None:
                hinted.append(hint)
                strong.append(
                    tag in _STRONG_HINT_TAGS
                    or (tag == "blockquote" and hint is Category.SOCIAL_EMBED)
                )
                hinted_chars.append(lines.chars)
                owner_stack.append(len(hinted) - 1)
            else:
                owner_stack.append(owner_stack[-1])
            if element.text:
                write(element.text)
            continue
        owner = owner_stack.pop()
        if owner != -2:
            if owner >= 0 and owner != owner_stack[-1]:
                hinted_chars[owner] = lines.chars - hinted_chars[owner]
            if tag == "pre":
                pre_depth -= 1
            elif tag == "a":
                link_depth -= 1
            if tag in _BLOCK_TAGS and pieces:
                lines.end_line(pieces, owners, link_chars)
                pieces, owners, link_chars = [], {}, 0
        if element.tail:
            write(element.tail)
    if pieces:
        lines.end_line(pieces, owners, link_chars)
    return _assemble(lines, hinted, strong, hinted_chars)


def _assemble(
    lines: _Lines, hinted: list[Category], strong: list[bool], hinted_chars: list[int]
) -> Rendered:
    wrapper_size = WRAPPER_TEXT_SHARE * lines.chars
    hints: list[Category | None] = []
    strong_hints: list[bool] = []
    for owner in lines.owner:
        if owner < 0 or hinted_chars[owner] > wrapper_size:
            hints.append(None)
            strong_hints.append(False)
        else:
            hints.append(hinted[owner])
            strong_hints.append(strong[owner])
    blocks: list[Block] = []
    offset = 0
    for line in lines.text:
        blocks.append(Block(offset, offset + len(line), line))
        offset += len(line) + 1
    return Rendered("\n".join(lines.text), blocks, hints, strong_hints, lines.link_share)
