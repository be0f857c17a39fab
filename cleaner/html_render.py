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
    "script style template head title meta link iframe object embed svg "
    "canvas select textarea input datalist map area audio video source track param".split()
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup "
    "hr html legend li main menu nav ol p pre section summary table tbody thead tfoot "
    "tr td th caption ul option label".split()
)
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
_SPACE_RE = re.compile(r"\s+")
# Invisible in a browser, and dropped by extractors: soft hyphen, zero-width
# space, word joiner, BOM. (Zero-width (non-)joiners are kept: they shape text.)
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page's visible text: ``text`` is ``lines`` joined by newlines.

    ``blocks[i]`` is line ``i`` with its offsets in ``text``; ``hints[i]`` is
    the category its DOM ancestors suggest, or None.
    """

    text: str
    blocks: list[Block]
    hints: list[Category | None]


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
    tag = element.tag
    if tag in _TAG_HINTS:
        return _TAG_HINTS[tag]
    attrib = element.attrib
    role = attrib.get("role")
    if role and role.lower() in _ROLE_HINTS:
        return _ROLE_HINTS[role.lower()]
    names = attrib.get("class", "")[:ATTRIBUTE_SCAN_CHARS]
    ident = attrib.get("id", "")[:ATTRIBUTE_SCAN_CHARS]
    if not names and not ident:
        return None
    match = _TOKEN_RE.search(f"{names} {ident}".lower().replace("_", "-"))
    if match is None or match.lastgroup is None:
        return None
    return _TOKEN_HINTS[int(match.lastgroup[1:])][0]


class _Writer:
    """Accumulates lines; each line remembers which hinted element gave it most text."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line_owner: list[int] = []
        self.chars = 0  # text characters emitted so far (for the wrapper test)
        self._pieces: list[str] = []
        self._owner_chars: dict[int, int] = {}

    def write(self, text: str, owner: int, pre: bool) -> None:
        if pre and "\n" in text:
            first, *rest = text.split("\n")
            self.write(first, owner, pre=False)
            for part in rest:
                self.flush()
                self.write(part, owner, pre=False)
            return
        self._pieces.append(text)
        size = len(text)
        self.chars += size
        self._owner_chars[owner] = self._owner_chars.get(owner, 0) + size

    def flush(self) -> None:
        if not self._pieces:
            return
        line = _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", "".join(self._pieces))).strip()
        if line:
            self.lines.append(line)
            self.line_owner.append(max(self._owner_chars, key=self._owner_chars.__getitem__))
        self._pieces = []
        self._owner_chars = {}


def render(root: etree._Element) -> Rendered:
    """Render a parsed page's visible text, one line per block, with hints.

    >>> from lxml import html
    >>> page = html.document_fromstring(
    ...     "<html><body><nav><a>Home</a> | <a>News</a></nav>"
    ...     "<article><p>First <b>bold</b> words.<br>Next line.</p>"
    ...     "<figure><img><figcaption>A photo</figcaption></figure></article>"
    ...     "<script>var x;</script><footer>(c) 2024</footer></body></html>")
    >>> r = render(page)
    >>> r.text.splitlines()
    ['Home | News', 'First bold words.', 'Next line.', 'A photo', '(c) 2024']
    >>> [h and str(h) for h in r.hints]
    ['navigation', None, None, 'caption', 'footer']
    """
    writer = _Writer()
    # Hinted elements seen: category, text chars at start and at end.
    hinted: list[Category] = []
    hinted_chars: list[int] = []
    owner_stack = [-1]  # innermost hinted element around the current text
    pre_depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if not isinstance(tag, str):  # comment / processing instruction: only its tail shows
            if event == "end" and element.tail:
                writer.write(element.tail, owner_stack[-1], pre_depth > 0)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in _SKIP_TAGS:
                walker.skip_subtree()
                owner_stack.append(-2)  # marks a skipped element for its end event
                continue
            if tag in _BLOCK_TAGS or tag == "br":
                writer.flush()
            if tag == "pre":
                pre_depth += 1
            hint = element_hint(element)
            if hint is not None:
                hinted.append(hint)
                hinted_chars.append(writer.chars)
                owner_stack.append(len(hinted) - 1)
            else:
                owner_stack.append(owner_stack[-1])
            if element.text:
                writer.write(element.text, owner_stack[-1], pre_depth > 0)
            continue
        owner = owner_stack.pop()
        if owner != -2:
            if owner >= 0 and owner != owner_stack[-1]:
                hinted_chars[owner] = writer.chars - hinted_chars[owner]
            if tag == "pre":
                pre_depth -= 1
            if tag in _BLOCK_TAGS:
                writer.flush()
        if element.tail:
            writer.write(element.tail, owner_stack[-1], pre_depth > 0)
    writer.flush()
    return _assemble(writer, hinted, hinted_chars)


def _assemble(writer: _Writer, hinted: list[Category], hinted_chars: list[int]) -> Rendered:
    wrapper_size = WRAPPER_TEXT_SHARE * writer.chars
    hints: list[Category | None] = []
    for owner in writer.line_owner:
        if owner < 0 or hinted_chars[owner] > wrapper_size:
            hints.append(None)
        else:
            hints.append(hinted[owner])
    blocks: list[Block] = []
    offset = 0
    for line in writer.lines:
        blocks.append(Block(offset, offset + len(line), line))
        offset += len(line) + 1
    return Rendered("\n".join(writer.lines), blocks, hints)
