"""Hostile inputs for the linear-cost table (issue 6), each built at any size.

Each builder takes a size in characters and returns a document of about that
size, so ``make bench`` can time ``clean`` at n and 4n in the same run and
print the ratio: linear cost gives about 4, quadratic 16.
"""

from __future__ import annotations

from collections.abc import Callable


def _fill(unit: str, size: int, sep: str = "") -> str:
    count = max(1, size // (len(unit) + len(sep)))
    return sep.join([unit] * count)


def one_long_line(size: int) -> str:
    # Prose without a newline: every line-anchored pattern sees one huge line.
    return _fill("The council approved the new budget on Monday after a long debate.", size, " ")


def short_lines(size: int) -> str:
    return _fill("Home", size, "\n")


def repeated_char(size: int) -> str:
    return "a" * size


def at_run(size: int) -> str:
    return "@" * size


def hash_run(size: int) -> str:
    return "#" * size


def http_run(size: int) -> str:
    return _fill("http", size)


def dot_space_run(size: int) -> str:
    return _fill(". ", size)


def nested_brackets(size: int) -> str:
    half = size // 4
    return "(" * half + "[" * half + "]" * half + ")" * half


def photo_lines(size: int) -> str:
    return _fill("Photo: ", size // 2) + "\n" + _fill("Photo: Shutterstock", size // 2, "\n")


def tweet_fragments(size: int) -> str:
    unit = "— Jane Doe (@jdoe) pic.twitter.com/abc March 3, 2020 #tag @user https://t.co/x"
    return _fill(unit, size // 2, " ") + "\n" + _fill(unit, size // 2, "\n")


def whitespace_runs(size: int) -> str:
    return "word" + " \t\u00a0\u2003" * (size // 8) + "word\n" + "\n \n\t\n" * (size // 10)


def all_caps_words(size: int) -> str:
    return _fill("BREAKING NEWS", size // 2, " ") + "\n" + _fill("READ MORE", size // 2, "\n")


def mojibake_run(size: int) -> str:
    # Every character is a badness anchor, and the lines are long: the ftfy path at its worst.
    return _fill("The caf\u00c3\u00a9 \u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d", size, " ")


def entity_and_controls(size: int) -> str:
    return _fill("&amp;&#8212;\x00\x1b[31m\r\n", size)


CASES: dict[str, Callable[[int], str]] = {
    "one long line": one_long_line,
    "short lines": short_lines,
    "one repeated char": repeated_char,
    'run of "@"': at_run,
    'run of "#"': hash_run,
    'run of "http"': http_run,
    'run of ". "': dot_space_run,
    "nested brackets": nested_brackets,
    '"Photo: " lines': photo_lines,
    "tweet signatures": tweet_fragments,
    "whitespace runs": whitespace_runs,
    "all-caps words": all_caps_words,
    "mojibake everywhere": mojibake_run,
    "entities + controls": entity_and_controls,
}
