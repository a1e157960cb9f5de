"""The charts' colours in light and dark mode, and their contrast, computed rather than eyeballed.

Charts name colours by role (``series-0``, ``positive``, ``part-3`` …); :func:`stylesheet`
turns the palette into the CSS the build appends to the calculators' stylesheet, so the
colours exist once. Every colour keeps at least 3:1 contrast against its scheme's
background (WCAG 2.1, 1.4.11 non-text contrast); a test checks it with :func:`contrast`.
The backgrounds are Material's: white, and slate's ``hsl(232, 15%, 14%)``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The minimum contrast of a chart colour against the background.
MIN_CONTRAST = 3.0


@dataclass(frozen=True)
class Palette:
    """The colours of one scheme, as ``#rrggbb``.

    Attributes:
        selector: The CSS selector of the scheme (Material's ``data-md-color-scheme``).
        background: The page's background.
        text: Axis labels and values.
        grid: Grid and axis lines (decorative: no contrast requirement).
        colours: Colours by role.
    """

    selector: str
    background: str
    text: str
    grid: str
    colours: dict[str, str]


#: Roles: two series (solid and dashed lines; in-house and agency), the two sides of a
#: diverging chart, the three NPS groups, and six parts of a stacked bar.
PALETTES: dict[str, Palette] = {
    "light": Palette(
        selector="",
        background="#ffffff",
        text="#3a3a3a",
        grid="#d0d0d8",
        colours={
            "series-0": "#1f4e9c",
            "series-1": "#b3400c",
            "positive": "#1f4e9c",
            "negative": "#b3400c",
            "marker": "#3a3a3a",
            "promoters": "#1b7a3a",
            "passives": "#6b6b6b",
            "detractors": "#c0392b",
            "part-0": "#1f4e9c",
            "part-1": "#b3400c",
            "part-2": "#7b3fa0",
            "part-3": "#8a6d00",
            "part-4": "#00727a",
            "part-5": "#1b7a3a",
        },
    ),
    "dark": Palette(
        selector='[data-md-color-scheme="slate"]',
        background="#1e2029",
        text="#e2e4ec",
        grid="#4a4d5c",
        colours={
            "series-0": "#8ab4ff",
            "series-1": "#ffa270",
            "positive": "#8ab4ff",
            "negative": "#ffa270",
            "marker": "#e2e4ec",
            "promoters": "#6fd08c",
            "passives": "#a8a8b0",
            "detractors": "#ff8a80",
            "part-0": "#8ab4ff",
            "part-1": "#ffa270",
            "part-2": "#d4a5ff",
            "part-3": "#e6c34a",
            "part-4": "#5fd4dc",
            "part-5": "#6fd08c",
        },
    ),
}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``.

    >>> luminance("#ffffff"), luminance("#000000")
    (1.0, 0.0)
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21.

    >>> round(contrast("#ffffff", "#000000"), 1)
    21.0
    """
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def stylesheet() -> str:
    """The charts' colour rules for every scheme, appended to the calculators' stylesheet by the build."""
    rules = ["/* Chart colours: generated from calculators/palette.py. */"]
    for palette in PALETTES.values():
        scope = f"{palette.selector} .md-typeset .calculator__chart".strip()
        rules.append(f"{scope} {{ color: {palette.text}; }}")
        rules.append(f"{scope} .chart__grid {{ stroke: {palette.grid}; }}")
        rules.append(f"{scope} text[class] {{ stroke: none; }}")
        for role, colour in palette.colours.items():
            rules.append(f"{scope} .chart--{role} {{ stroke: {colour}; fill: {colour}; }}")
            rules.append(f"{scope} .chart__line.chart--{role} {{ fill: none; }}")
    return "\n".join(rules) + "\n"
