"""Repeated boilerplate across documents: lines many pages of one site share.

Pass 1 (``LineCounter``) reads the corpus once and counts, per site (url host,
else source file or folder), in how many documents each normalized line
occurs, among the lines pass 2 sees (the ``Result.source``, encoding-repaired):
in text mode the document's, in HTML mode the page's rendered visible lines
(what ``clean_html`` cleans; no main-content extraction is needed). The tables
are bounded: keys are 64-bit hashes, and when lines outgrow
``MAX_TABLE_ENTRIES`` or sites ``MAX_SITES`` the rarest entries are dropped
(lossy counting), so memory does not grow with the corpus. Pass 2
(``RepeatedLines``) takes a ``Result`` of either mode and removes kept whole
blocks whose line is frequent on the site, returning a new ``Result`` whose
removals stay exact, non-overlapping slices of ``source``.

Only whole lines count, and only when frequent in absolute and relative terms
on one site, so article text that merely repeats a common phrase is kept.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..result import Category, Removal, Result
from ..rules import Hit, RuleSet
from ..segment import Block, split_blocks

MIN_LINE_DOCS = 5  # a line must be seen in at least this many documents of its site...
MIN_SITE_SHARE = 0.5  # ...and in at least this share of the site's documents
MIN_SITE_DOCS = 5  # sites with fewer documents give no evidence
MIN_LINE_CHARS = 4  # "OK", "|": too short to say anything
MAX_LINE_CHARS = 400  # longer lines are paragraphs: syndicated text, not a template
MAX_TABLE_ENTRIES = 250_000  # bounded memory: about 80 MB of Python ints and dict slots
MAX_SITES = 100_000  # site names (hosts) counted at once: about 20 MB of names and counts
RULE_NAME = "repeated_line"

# Categories a rule may give a repeated line; anything else falls back to position.
_RULE_CATEGORIES = frozenset(Category) - {Category.CAPTION, Category.SOCIAL_EMBED}

_SPACE_RE = re.compile(r"\s+")
_DIGIT_RE = re.compile(r"\d")


def normalize_line(line: str) -> str:
    """Case-folded, spaces collapsed, digits zeroed (so "© 2023" and "© 2024" match).

    >>> normalize_line("  © 2024   Example  News ")
    '© 0000 example news'
    """
    return _DIGIT_RE.sub("0", _SPACE_RE.sub(" ", line.strip()).casefold())


def line_key(line: str) -> int:
    """A stable 64-bit key for a normalized line (same in every process and run)."""
    return int.from_bytes(
        hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    )


def _countable(line: str) -> bool:
    return MIN_LINE_CHARS <= len(line) <= MAX_LINE_CHARS


def doc_line_keys(text: str) -> set[int]:
    """The distinct countable lines of one document, as keys."""
    keys = set()
    for raw in text.splitlines():
        line = normalize_line(raw)
        if _countable(line):
            keys.add(line_key(line))
    return keys


@dataclass(frozen=True, slots=True)
class SiteLines:
    """The frequent lines of one site: ``lines[key]`` = documents containing it."""

    docs: int
    lines: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ShardCounts:
    """One shard's pass-1 result: documents per site, and per site line key -> documents."""

    site_docs: Mapping[str, int]
    lines: Mapping[str, Mapping[int, int]]


def count_texts(pairs: Iterable[tuple[str, str]]) -> ShardCounts:
    """Count the lines of ``(site, text)`` pairs of one shard.

    >>> pages = [("a.org", "Menu line\\nStory one."), ("a.org", "Menu line\\nStory two.")]
    >>> c = count_texts(pages)
    >>> c.site_docs, sorted(c.lines["a.org"].values())
    ({'a.org': 2}, [1, 1, 2])
    """
    site_docs: dict[str, int] = {}
    lines: dict[str, dict[int, int]] = {}
    for site, text in pairs:
        site_docs[site] = site_docs.get(site, 0) + 1
        table = lines.setdefault(site, {})
        for key in doc_line_keys(text):
            table[key] = table.get(key, 0) + 1
    return ShardCounts(site_docs, lines)


def drop_threshold(values: Iterable[int], keep_at_most: int) -> int:
    """The smallest count ``t`` such that at most ``keep_at_most`` values exceed ``t``.

    Lossy counting: dropping every entry counted ``<= t`` frees the table while
    the entries frequent enough to matter survive. Chosen from the histogram at
    each prune, so the threshold does not ratchet up over a long run.

    >>> drop_threshold([1, 1, 1, 2, 2, 5, 9], 3)
    2
    >>> drop_threshold([4, 4], 5)
    0
    """
    values = list(values)
    histogram = Counter(values)
    kept, threshold = len(values), 0
    while kept > keep_at_most:
        threshold += 1
        kept -= histogram.get(threshold, 0)
    return threshold


@dataclass
class LineCounter:
    """Pass 1: per-site document counts of lines, in bounded tables.

    Both tables are capped: line entries at ``max_entries``, site names at
    ``max_sites`` (a web crawl has millions of hosts). Past a cap the entries
    with the smallest counts are dropped, down to half the cap: for sites,
    those with the fewest documents, with their lines. A dropped site seen
    again starts from zero, so its counts may fall short by a few documents
    (at most the prune threshold, each time), which only a site that small at
    prune time can suffer. Counts are merged in chunk order, so the tables, and
    the output, are the same on every run and for any number of workers.
    """

    max_entries: int = MAX_TABLE_ENTRIES
    max_sites: int = MAX_SITES
    _site_ids: dict[str, int] = field(default_factory=dict)
    _site_docs: dict[int, int] = field(default_factory=dict)
    _next_id: int = 0
    _counts: dict[int, int] = field(default_factory=dict)

    def merge(self, counts: ShardCounts) -> None:
        """Add one chunk's counts (pass 1 runs in parallel; chunks merge in order)."""
        for site, docs in counts.site_docs.items():
            sid = self._site_ids.get(site)
            if sid is None:
                sid = self._site_ids[site] = self._next_id
                self._next_id += 1
            self._site_docs[sid] = self._site_docs.get(sid, 0) + docs
            base = sid << 64
            table = self._counts
            for key, count in counts.lines.get(site, {}).items():
                k = base | key
                table[k] = table.get(k, 0) + count
        if len(self._site_ids) > self.max_sites:
            self._prune_sites()
        if len(self._counts) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        threshold = drop_threshold(self._counts.values(), self.max_entries // 2)
        self._counts = {k: c for k, c in self._counts.items() if c > threshold}

    def _prune_sites(self) -> None:
        threshold = drop_threshold(self._site_docs.values(), self.max_sites // 2)
        gone = {sid for sid, docs in self._site_docs.items() if docs <= threshold}
        self._site_ids = {n: sid for n, sid in self._site_ids.items() if sid not in gone}
        self._site_docs = {sid: d for sid, d in self._site_docs.items() if sid not in gone}
        self._counts = {k: c for k, c in self._counts.items() if k >> 64 not in gone}

    def frequent(self) -> dict[str, SiteLines]:
        """Sites with enough documents -> their lines frequent enough to be boilerplate."""
        sites = {sid: name for name, sid in self._site_ids.items()}
        out: dict[int, dict[int, int]] = {}
        for k, count in self._counts.items():
            sid = k >> 64
            docs = self._site_docs[sid]
            if docs >= MIN_SITE_DOCS and count >= MIN_LINE_DOCS and count >= MIN_SITE_SHARE * docs:
                out.setdefault(sid, {})[k & ((1 << 64) - 1)] = count
        return {
            sites[sid]: SiteLines(self._site_docs[sid], dict(sorted(lines.items())))
            for sid, lines in sorted(out.items(), key=lambda kv: sites[kv[0]])
        }


def table_to_json(table: Mapping[str, SiteLines]) -> dict[str, object]:
    return {
        site: {"docs": s.docs, "lines": {f"{k:016x}": c for k, c in s.lines.items()}}
        for site, s in table.items()
    }


def table_from_json(data: Mapping[str, object]) -> dict[str, SiteLines]:
    out = {}
    for site, entry in data.items():
        assert isinstance(entry, dict)
        out[site] = SiteLines(entry["docs"], {int(k, 16): c for k, c in entry["lines"].items()})
    return out


def count_lines(items: Iterable[tuple[str, str]]) -> dict[str, SiteLines]:
    """Pass 1 over ``(site, text)`` pairs.

    >>> pages = [("ex.org", f"Story {w}.\\nSubscribe to our daily letter") for w in "abcdef"]
    >>> table = count_lines(pages)
    >>> table["ex.org"].docs, list(table["ex.org"].lines.values())
    (6, [6])
    """
    counter = LineCounter()
    counter.merge(count_texts(items))
    return counter.frequent()


def _covered(removals: list[Removal], starts: list[int], block: Block) -> bool:
    i = bisect.bisect_right(starts, block.start) - 1
    return i >= 0 and removals[i].end >= block.end


class RepeatedLines:
    """Pass 2: remove a site's frequent lines from one ``Result``."""

    def __init__(self, categories: frozenset[Category]) -> None:
        self._categories = categories
        # The cleaner's rules (``categories``), whose compiled prefilter program is cached
        # per rule set: the rules of ``_RULE_CATEGORIES`` are read from it (``scan_only``)
        # instead of compiling a second set. A set of just those is compiled only when
        # the prefilter cannot tell (no kernel, rare letters), or ``categories`` lack some.
        self._shared = RuleSet(categories) if categories >= _RULE_CATEGORIES else None
        self._own: RuleSet | None = None

    def _hit(self, line: str) -> Hit | None:
        blocks = [Block(0, len(line), line)]
        if self._shared is not None:
            hits = self._shared.scan_only(line, blocks, _RULE_CATEGORIES)
            if hits is not None:
                return hits[0]
        if self._own is None:
            self._own = RuleSet(_RULE_CATEGORIES)
        return self._own.scan(line, blocks)[0]

    def _category(self, block: Block, after: bool) -> Category:
        hit = self._hit(block.text)
        if hit is not None:
            return hit.category  # a rule knows what it is: "Follow us", "Related", a menu
        if after:
            return Category.FOOTER  # repeated below the article: the site's footer
        return Category.NON_MAIN  # slogans, headers, blurbs: not main text, kind unknown

    def __call__(self, result: Result, site: str, lines: SiteLines | None) -> Result:
        """``result`` with the site's frequent kept lines removed too (never all of them)."""
        if lines is None or not lines.lines:
            return result
        removals = sorted(result.removed, key=lambda r: r.start)
        starts = [r.start for r in removals]
        kept = [b for b in split_blocks(result.source) if not _covered(removals, starts, b)]
        counts = [lines.lines.get(line_key(normalize_line(b.text))) for b in kept]
        article = [i for i, c in enumerate(counts) if c is None]
        if not article:
            return result  # every kept line repeats: removing them all would empty the page
        last = article[-1]
        extra: list[Removal] = []
        for i, (block, count) in enumerate(zip(kept, counts, strict=True)):
            if count is None:
                continue
            category = self._category(block, i > last)
            if category not in self._categories:
                continue
            extra.append(
                Removal(
                    category=category,
                    text=block.text,
                    start=block.start,
                    end=block.end,
                    reason=f"line seen in {count} of {lines.docs} documents of {site}",
                    rule=RULE_NAME,
                )
            )
        if not extra:
            return result
        gone = {(r.start, r.end) for r in extra}
        text = "\n".join(b.text for b in kept if (b.start, b.end) not in gone)
        merged = sorted([*removals, *extra], key=lambda r: r.start)
        return Result(
            text=text,
            source=result.source,
            removed=merged,
            language=result.language,
            fixes=result.fixes,
        )
