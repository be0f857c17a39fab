"""Category colours and labels for the report and the terminal view.

Colours follow the Okabe-Ito palette (distinguishable with the common colour
vision deficiencies) and are never the only cue: every highlight carries its
category name as a label, and the chart names each bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..result import Category


@dataclass(frozen=True, slots=True)
class Style:
    colour: str  # strong colour: bars, borders, labels
    tint: str  # light background for highlighted text
    ansi: str  # SGR foreground code for the terminal view
    border: str  # CSS border style, a second cue beside the colour


STYLES: dict[str, Style] = {
    Category.CAPTION: Style("#E69F00", "#FBE3B3", "33", "solid"),
    Category.SOCIAL_EMBED: Style("#56B4E9", "#D3ECFA", "36", "dashed"),
    Category.RELATED: Style("#009E73", "#B8E6D8", "32", "dotted"),
    Category.FOOTER: Style("#B8A800", "#F7F1B0", "93", "double"),
    Category.NAVIGATION: Style("#0072B2", "#C2DDF0", "34", "solid"),
    Category.COMMENTS: Style("#D55E00", "#F5CDB3", "31", "dashed"),
    Category.SHARE: Style("#CC79A7", "#F2D7E6", "35", "dotted"),
    Category.ADVERTISEMENT: Style("#882255", "#E8C6D6", "95", "double"),
    Category.METADATA: Style("#6B6B2E", "#E2E2C6", "92", "solid"),
    Category.NON_MAIN: Style("#777777", "#E0E0E0", "90", "dashed"),
}
UNKNOWN = Style("#444444", "#D9D9D9", "37", "dotted")


def style_for(category: str) -> Style:
    """The style of a category; categories this version does not know share one.

    >>> style_for("caption").colour, style_for("from-the-future") is UNKNOWN
    ('#E69F00', True)
    """
    return STYLES.get(category, UNKNOWN)
