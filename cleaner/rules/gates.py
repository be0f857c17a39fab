"""Literal gates for the line rules, read from their patterns: which lines a rule can match.

Most line rules start with a literal word, so the compiled alternation rejects
them at a line start after one character. A few start with a bounded wildcard
(``[^\\n]{0,120}... inbox``, a breadcrumb's ``[^\\n>»›]{1,40}``): the regex
engine runs them along every line of the document, and they cost most of the
scan. Each of those still needs one of a few literal strings somewhere in its
match ("inbox", one of ">»›"); ``RuleSet.scan`` finds the lines holding one
with ``str.find`` and runs those rules on these lines only.

``cleaner.rules.prefilter`` reads the patterns the same ways and more: their last
characters (``line_suffixes``, a pattern read backwards), how far from its block's
end a span rule's match can start (``tail_width``), and required strings spelled out
whole (``required_strings(joined=True)``), for the compiled prefilter of the scan.

The reading is conservative: a pattern this module cannot read, or whose
required strings are too common to pay (a single letter or digit), is simply
not gated, and a rule that might match a line break disables gating altogether
(gating assumes every match lies within one line). Patterns are read as
written, in lower case, for the case-sensitive scan of the lower-cased text.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Sequence

NEWLINE = ord("\n")
# Character categories that include a line break (as members of a class).
_NEWLINE_CATEGORIES = frozenset(
    {_c.CATEGORY_SPACE, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_WORD, _c.CATEGORY_LINEBREAK}
)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


def _parse(pattern: str) -> _parser.SubPattern | None:
    try:
        parsed = _parser.parse(pattern, re.MULTILINE)
    except Exception:  # a shape the parser refuses: treated as unreadable
        return None
    # Case folding or DOTALL anywhere changes what a literal or "." stands for:
    # such a pattern is not read at all.
    if parsed.state.flags & (re.IGNORECASE | re.DOTALL) or _has_inline_flags(parsed.data):
        return None
    return parsed


def _has_inline_flags(items: Sequence) -> bool:
    for op, arg in items:
        if op is _c.SUBPATTERN and (arg[1] or arg[2] or _has_inline_flags(arg[3].data)):
            return True
        if op is _c.BRANCH and any(_has_inline_flags(b.data) for b in arg[1]):
            return True
        if op in _REPEATS and _has_inline_flags(arg[2].data):
            return True
        if op in (_c.ASSERT, _c.ASSERT_NOT) and _has_inline_flags(arg[1].data):
            return True
    return False


# ---------------------------------------------------------------------------
# Can a match start with any character? (then the engine tries it all along a line)


def starts_anywhere(pattern: str) -> bool:
    """Whether a match may begin with almost any character (a leading wildcard).

    >>> starts_anywhere(r"[^\\n]{0,60}inbox"), starts_anywhere(r"(?:menu|home)")
    (True, False)
    """
    items = _parse(pattern)
    if items is None:
        return True
    restricted, nullable = _first(items)
    return not restricted or nullable


def _first(items: Sequence) -> tuple[bool, bool]:
    """(whether the first character is restricted, whether the sequence can be empty)."""
    for op, arg in items:
        restricted, nullable = _first_item(op, arg)
        if not restricted:
            return False, False
        if not nullable:
            return True, False
    return True, True


def _first_item(op, arg) -> tuple[bool, bool]:
    if op is _c.LITERAL:
        return True, False
    if op is _c.IN:
        return _narrow_class(arg), False
    if op is _c.SUBPATTERN:
        return _first(arg[3].data)
    if op is _c.BRANCH:
        results = [_first(branch.data) for branch in arg[1]]
        return all(r for r, _ in results), any(n for _, n in results)
    if op in _REPEATS:
        restricted, nullable = _first(arg[2].data)
        return restricted, arg[0] == 0 or nullable
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return True, True  # zero width: the next item decides
    return False, False


def _narrow_class(members: Sequence) -> bool:
    """Whether a character class holds no letters in bulk: listed characters,
    digits, or blanks only (``[^\\S\\n]``)."""
    if members and members[0][0] is _c.NEGATE:
        return any(m == (_c.CATEGORY, _c.CATEGORY_NOT_SPACE) for m in members[1:])
    return all(
        op in (_c.LITERAL, _c.RANGE)
        or (op is _c.CATEGORY and arg in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE))
        for op, arg in members
    )


# ---------------------------------------------------------------------------
# Strings every match holds one of


def required_strings(pattern: str, joined: bool = False) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` holds one (None: none found).

    ``joined`` spells out runs of items that match few strings (a word list's
    branches after their shared letters) as whole strings: "p(?:hoto|ic)" gives
    "photo" and "pic" instead of "hoto" and "ic".

    >>> sorted(required_strings(r"[^\\n]{1,60}(?:says|wrote)[^\\S\\n]{0,2}:"))
    ['says', 'wrote']
    >>> sorted(required_strings(r"[^\\n]{0,120}\\b(?:to|in)[^\\S\\n]your[^\\S\\n]inbox"))
    ['inbox']
    >>> sorted(required_strings(r"[(\\[]?(?:p(?:hoto|ic)|credit)s?:", joined=True))
    ['credit:', 'credits:', 'photo:', 'photos:', 'pic:', 'pics:']
    """
    items = _parse(pattern)
    found = _required(items, joined) if items is not None else None
    if found and joined:  # a string holding another of the set is found with that one
        found = {s for s in found if not any(t != s and t in s for t in found)}
    return frozenset(found) if found else None


MAX_JOINED = 64  # the most strings a run of exact items is spelled out as


def _required(items: Sequence, joined: bool = False) -> set[str] | None:
    candidates: list[set[str]] = []
    run = {""}  # the exact strings the items since the last inexact one match
    for op, arg in items:
        exact = _exact_item(op, arg) if joined else {chr(arg)} if op is _c.LITERAL else None
        if exact is not None and len(run) * len(exact) <= MAX_JOINED:
            run = {a + b for a in run for b in exact}
            continue
        if joined and exact is None:
            run = _times(run, _leading_item(op, arg))  # what the run is followed by
        if "" not in run:
            candidates.append(run)
        run = {""}
        if exact is not None:
            run = exact
            continue
        found = _required_item(op, arg, joined)
        if found:
            candidates.append(found)
    if "" not in run:
        candidates.append(run)
    if not candidates:
        return None
    # The rarest-looking set: its shortest string longest, then the fewest strings.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _required_item(op, arg, joined: bool) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _required(arg[3].data, joined)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _required(branch.data, joined)
            if not found:
                return None
            union |= found
        return union
    if op in _REPEATS and arg[0] >= 1:
        return _required(arg[2].data, joined)
    if op is _c.IN and arg and all(sub_op is _c.LITERAL for sub_op, _ in arg):
        return {chr(sub_arg) for _, sub_arg in arg}
    return None


def _times(run: set[str], then: set[str] | None) -> set[str]:
    """``run`` followed by one of ``then`` (just ``run`` when that is unknown or too many)."""
    if not then or len(run) * len(then) > MAX_JOINED:
        return run
    return {a + b for a in run for b in then}


def _leading(items: Sequence) -> set[str]:
    """Strings of which every match of ``items`` starts with one (at least {""})."""
    run = {""}
    for op, arg in items:
        exact = _exact_item(op, arg)
        if exact is None:
            return _times(run, _leading_item(op, arg))
        if len(run) * len(exact) > MAX_JOINED:
            return run
        run = {a + b for a in run for b in exact}
    return run


def _leading_item(op, arg) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _leading(arg[3].data)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            union |= _leading(branch.data)
        return union if len(union) <= MAX_JOINED else None
    if op in _REPEATS and arg[0] >= 1:
        return _leading(arg[2].data)
    return None


def _exact(items: Sequence) -> set[str] | None:
    """The strings ``items`` match, when they are few (None: many, or unbounded)."""
    run = {""}
    for op, arg in items:
        exact = _exact_item(op, arg)
        if exact is None or len(run) * len(exact) > MAX_JOINED:
            return None
        run = {a + b for a in run for b in exact}
    return run


def _exact_item(op, arg) -> set[str] | None:
    if op is _c.LITERAL:
        return {chr(arg)}
    if op is _c.IN and arg and all(sub_op is _c.LITERAL for sub_op, _ in arg):
        return {chr(sub_arg) for _, sub_arg in arg}
    if op is _c.SUBPATTERN:
        return _exact(arg[3].data)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _exact(branch.data)
            if found is None:
                return None
            union |= found
        return union if len(union) <= MAX_JOINED else None
    if op in _REPEATS and arg[1] <= 1:  # x? : nothing or x
        found = _exact(arg[2].data)
        return None if found is None else found | {""} if arg[0] == 0 else found
    return None


# ---------------------------------------------------------------------------
# Can a match run over a line break?


def may_cross_lines(pattern: str) -> bool:
    """Whether some match of ``pattern`` might hold a line break (True when unsure).

    >>> may_cross_lines(r"[^\\n>]{1,40}[^\\S\\n]{0,3}>"), may_cross_lines(r"a\\s+b")
    (False, True)
    """
    items = _parse(pattern)
    return items is None or _crosses(items)


def _crosses(items: Sequence) -> bool:
    return any(_crosses_item(op, arg) for op, arg in items)


def _crosses_item(op, arg) -> bool:
    if op is _c.LITERAL:
        return arg == NEWLINE
    if op is _c.NOT_LITERAL:  # [^x]: a line break unless x is one
        return arg != NEWLINE
    if op is _c.ANY:  # "." stops at a line break unless DOTALL, which no rule may use
        return False
    if op is _c.IN:
        return _class_has_newline(arg)
    if op is _c.SUBPATTERN:
        return _crosses(arg[3].data)
    if op is _c.BRANCH:
        return any(_crosses(branch.data) for branch in arg[1])
    if op in _REPEATS:
        return _crosses(arg[2].data)
    # Anchors and look-arounds are zero width: they consume nothing, whatever
    # they look at. Back references or anything unread: assume the worst.
    return op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _class_has_newline(members: Sequence) -> bool:
    negated = bool(members) and members[0][0] is _c.NEGATE
    listed = False
    for op, arg in members[1:] if negated else members:
        holds = (
            (op is _c.LITERAL and arg == NEWLINE)
            or (op is _c.RANGE and arg[0] <= NEWLINE <= arg[1])
            or (op is _c.CATEGORY and arg in _NEWLINE_CATEGORIES)
        )
        if holds:
            listed = True
        elif op not in (_c.LITERAL, _c.RANGE, _c.CATEGORY):
            return True  # unknown member: assume the worst
    return not listed if negated else listed


# ---------------------------------------------------------------------------
# What a match can start with: a line's first characters, as a lookahead


# A prefix is a tuple of atoms: one literal character (a str of length 1), or one of
# these classes. Any class this reading does not list is widened to "not a line break"
# (every rule matches within a line), so a prefix set is always a necessary condition.
BLANK, DIGIT, ANY = "<blank>", "<digit>", "<any>"
# A run of blanks or digits is one atom (a rule's ``[^\S\n]{1,3}`` would otherwise
# spell out every length); after a run of any characters nothing more is known: STOP.
BLANKS, DIGITS, STOP = "<blanks>", "<digits>", "<stop>"
_ATOM_REGEX = {
    BLANK: r"[^\S\n]",
    DIGIT: r"\d",
    ANY: r"[^\n]",
    BLANKS: r"[^\S\n]+",
    DIGITS: r"\d+",
    STOP: "",
    "\n": r"(?:\n|\Z)",  # no rule holds a line break: this one is the line's end
}
_RUNS = {BLANK: BLANKS, DIGIT: DIGITS, ANY: STOP}
_BLANK_CLASS = (
    [(_c.NEGATE, None), (_c.CATEGORY, _c.CATEGORY_NOT_SPACE), (_c.LITERAL, NEWLINE)],
    [(_c.NEGATE, None), (_c.LITERAL, NEWLINE), (_c.CATEGORY, _c.CATEGORY_NOT_SPACE)],
)
MAX_PREFIXES = 3000  # a rule with more prefixes than this is read with shorter ones
MAX_PREFIXES_GROWTH = 4  # ...and one step may try at most this many times as many
MAX_CLASS_RANGE = 32  # a wider range in a class is read as "any character"


def line_prefixes(pattern: str, length: int) -> frozenset[tuple[str, ...]] | None:
    """Every sequence of up to ``length`` atoms a match of ``pattern`` can start with
    (a shorter one when the whole match is shorter); None when unreadable or too many.

    >>> sorted(line_prefixes(r"(?:home|help)\\d?", 3))
    [('h', 'e', 'l'), ('h', 'o', 'm')]
    >>> sorted(line_prefixes(r"ok[^\\S\\n]{0,2}!", 4))
    [('o', 'k', '!'), ('o', 'k', '<blanks>', '!')]
    >>> sorted(line_prefixes(r"a[^\\n]{0,9}b", 4))
    [('a', '<stop>'), ('a', 'b')]
    """
    items = _parse(pattern)
    return None if items is None else _seq_prefixes(items, length)


def line_suffixes(pattern: str, length: int, then: str = "") -> frozenset[tuple[str, ...]] | None:
    """``line_prefixes`` of ``pattern`` read backwards: the last atoms of every match,
    last first, then those of ``then`` (read forwards: what stands before the match,
    seen from its start).

    >>> sorted(line_suffixes(r"(?:home|help)\\d?", 3))
    [('<digits>', 'e', 'm'), ('<digits>', 'p', 'l'), ('e', 'm', 'o'), ('p', 'l', 'e')]
    >>> sorted(line_suffixes(r"ok!", 5, then=r"\\n"))
    [('!', 'k', 'o', '\\n')]
    """
    items = _parse(pattern)
    before = _parse(then) if then else []
    if items is None or before is None:
        return None
    return _seq_prefixes([*_reversed(items), *before], length)


class _Seq:
    """A parsed sequence rebuilt in reverse (what the readers above take from ``.data``)."""

    __slots__ = ("data",)

    def __init__(self, data: list) -> None:
        self.data = data


def _reversed(items: Sequence) -> list:
    """``items`` as matched from the end: the sequence and every nested one reversed.
    Look-arounds and anchors are zero width and read as nothing, so they stay as they are."""
    out = []
    for op, arg in reversed(list(items)):
        if op is _c.SUBPATTERN:
            arg = (*arg[:3], _Seq(_reversed(arg[3].data)))
        elif op is _c.ATOMIC_GROUP:
            arg = _Seq(_reversed(arg.data))
        elif op is _c.BRANCH:
            arg = (arg[0], [_Seq(_reversed(branch.data)) for branch in arg[1]])
        elif op in _REPEATS:
            arg = (arg[0], arg[1], _Seq(_reversed(arg[2].data)))
        out.append((op, arg))
    return out


def ends_at_end(pattern: str) -> bool:
    """Whether every match of ``pattern`` ends at its string's end (or a line's, ``$``):
    its last item is that anchor.

    >>> ends_at_end(r"©[^\\n]{1,60}[^\\S\\n]*$"), ends_at_end(r"pic\\.twitter")
    (True, False)
    """
    items = _parse(pattern)
    return bool(items) and items[-1] in ((_c.AT, _c.AT_END), (_c.AT, _c.AT_END_STRING))


def tail_width(pattern: str) -> int | None:
    """The longest non-blank stretch a match of ``pattern`` can end a trimmed block with:
    the width of what stands before its closing ``[^\\S\\n]*$`` (None: unbounded, or the
    pattern does not end that way). On a block that ends with a non-blank, that run
    matches nothing, so every match starts at most this far before the block's end.

    >>> tail_width(r"©[^\\S\\n]{0,3}[^\\n©]{1,60}\\.?[^\\S\\n]*$")
    65
    >>> tail_width(r"pic\\.twitter"), tail_width(r"a+$")
    (None, None)
    """
    items = _parse(pattern)
    if not items or len(items) < 2 or items[-1] != (_c.AT, _c.AT_END):
        return None
    op, arg = items[-2]
    if op not in _REPEATS or list(arg[2].data) not in [[(_c.IN, c)] for c in _BLANK_CLASS]:
        return None
    sub = _parser.SubPattern(items.state, list(items[:-2]))
    _, high = sub.getwidth()
    return high if high < _c.MAXREPEAT else None


Prefixes = set[tuple[str, ...]]


def _seq_prefixes(items: Sequence, length: int) -> Prefixes | None:
    done: Prefixes = set()
    open_: Prefixes = {()}
    for op, arg in items:
        # No open prefix needs more atoms of this item than the shortest one does.
        found = _item_prefixes(op, arg, length - min(map(len, open_)))
        if found is None or len(open_) * len(found) > MAX_PREFIXES * MAX_PREFIXES_GROWTH:
            return None
        grown = {(p + s)[:length] for p in open_ for s in found}
        done |= {p for p in grown if _full(p, length)}
        open_ = {p for p in grown if not _full(p, length)}
        if len(done) + len(open_) > MAX_PREFIXES:
            return None
        if not open_:
            break
    return done | open_


def _item_prefixes(op, arg, length: int) -> Prefixes | None:
    if op is _c.LITERAL:
        return {(chr(arg),)}
    if op in (_c.NOT_LITERAL, _c.ANY):
        return {(ANY,)}
    if op is _c.IN:
        return _class_atoms(arg)
    if op is _c.SUBPATTERN:
        return _seq_prefixes(arg[3].data, length)
    if op is _c.ATOMIC_GROUP:
        return _seq_prefixes(arg.data, length)
    if op is _c.BRANCH:
        union: Prefixes = set()
        for branch in arg[1]:
            found = _seq_prefixes(branch.data, length)
            if found is None:
                return None
            union |= found
        return union
    if op in _REPEATS:
        low, high, sub = arg
        once = _seq_prefixes(sub.data, length)
        if once is None:
            return None
        if len(once) == 1 and next(iter(once)) in ((BLANK,), (DIGIT,), (ANY,)):
            run = {(_RUNS[next(iter(once))[0]],)}  # one atom for the whole run
            return run | {()} if low == 0 else run
        out: Prefixes = set()
        grown: Prefixes = {()}
        # Beyond ``length`` repetitions every prefix is full: no need to go further.
        for count in range(min(high, length) + 1):
            if count >= low:
                out |= grown
            growing = [p for p in grown if not _full(p, length)]
            if not growing and count >= low:
                return out  # more copies only follow full prefixes
            if len(growing) * len(once) > MAX_PREFIXES * MAX_PREFIXES_GROWTH:
                return None
            grown = {p for p in grown if _full(p, length)}
            grown |= {(p + s)[:length] for p in growing for s in once}
            if len(grown) > MAX_PREFIXES:
                return None
        if low > min(high, length):
            out |= grown
        return out
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {()}  # zero width: the next item decides (a lookaround only narrows)
    return None


def _full(prefix: tuple[str, ...], length: int) -> bool:
    """Whether nothing more is added to ``prefix``: it is long enough, or ends with STOP."""
    return len(prefix) >= length or (bool(prefix) and prefix[-1] == STOP)


def _class_atoms(members: Sequence) -> Prefixes:
    if list(members) in _BLANK_CLASS:
        return {(BLANK,)}
    out: Prefixes = set()
    for op, arg in members:
        if op is _c.LITERAL:
            out.add((chr(arg),))
        elif op is _c.RANGE and arg[1] - arg[0] < MAX_CLASS_RANGE:
            out.update((chr(c),) for c in range(arg[0], arg[1] + 1))
        elif op is _c.CATEGORY and arg is _c.CATEGORY_DIGIT:
            out.add((DIGIT,))
        else:  # a negation, a wide range, a category: any character but a line break
            return {(ANY,)}
    return out


def after_blanks(prefixes: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """The prefixes as seen from a line's first non-blank character.

    A match may start inside the line's leading blanks (a rule opening with
    ``[^\\S\\n]{0,2}``); its blank atoms then lie there, and what follows them
    starts at the first non-blank character. When what follows might itself be
    blank (any character), nothing is known there: the empty prefix.

    >>> sorted(after_blanks(frozenset({("<blanks>", "a"), ("a", "b"), ("<blank>", "<any>")})))
    [(), ('a',), ('a', 'b')]
    """
    out = set()
    for prefix in prefixes:
        k = 0
        while k < len(prefix) and _is_blank_atom(prefix[k]):
            k += 1
        rest = prefix[k:]
        out.add(() if rest and rest[0] in (ANY, STOP) else rest)
    return frozenset(out)


def prefix_regex(prefixes: frozenset[tuple[str, ...]]) -> str:
    """A regex matching at a position where one of ``prefixes`` begins, as a prefix tree
    (a prefix that holds a shorter one is dropped: the shorter already admits it).

    >>> prefix_regex(frozenset({("a", "b"), ("a", "<digit>"), ("c",), ("c", "d")}))
    '(?:a(?:\\\\d|b)|c)'
    >>> prefix_regex(frozenset({("a", "<stop>"), ("a", "b")}))
    'a'
    """
    trie: dict = {}
    for prefix in sorted(map(merge_runs, prefixes), key=len):
        node = trie
        for atom in prefix:
            if "" in node:
                break
            node = node.setdefault(atom, {})
        else:
            node.clear()
            node[""] = {}
    return _prefix_tree_regex(trie)


def merge_runs(prefix: tuple[str, ...]) -> tuple[str, ...]:
    """``prefix`` without its closing STOP, each stretch of blank (or digit) atoms that
    holds a run made one run: ``[^\\S\\n]+ [^\\S\\n]+`` would backtrack quadratically
    on a long blank stretch, ``[^\\S\\n]+`` admits all it admits in one pass.

    >>> merge_runs(("a", "<blanks>", " ", "<blank>", "<blanks>", "1", "<digits>", "<stop>"))
    ('a', '<blanks>', '<digits>')
    """
    if prefix and prefix[-1] == STOP:
        prefix = prefix[:-1]
    out: list[str] = []
    k = 0
    while k < len(prefix):
        for kind, run in ((_is_blank_atom, BLANKS), (_is_digit_atom, DIGITS)):
            end = k
            while end < len(prefix) and kind(prefix[end]):
                end += 1
            if run in prefix[k:end]:
                out.append(run)
                k = end
                break
        else:
            out.append(prefix[k])
            k += 1
    return tuple(out)


def _is_blank_atom(atom: str) -> bool:
    return atom in (BLANK, BLANKS) or (len(atom) == 1 and atom.isspace() and atom != "\n")


def _is_digit_atom(atom: str) -> bool:
    return atom in (DIGIT, DIGITS) or (len(atom) == 1 and atom in "0123456789")


def _prefix_tree_regex(node: dict) -> str:
    if "" in node:
        return ""
    branches = [
        (_ATOM_REGEX.get(atom) or re.escape(atom)) + _prefix_tree_regex(child)
        for atom, child in sorted(node.items())
    ]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
