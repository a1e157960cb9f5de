"""The site's own colours keep text readable: WCAG contrast of every pair that carries text."""

from __future__ import annotations

import colorsys
import re

import pytest

from tests.conftest import ROOT

EXTRA_CSS = ROOT / "docs" / "assets" / "stylesheets" / "extra.css"
WHITE = (1.0, 1.0, 1.0)
#: Material's dark ("slate") background: hsla(var(--md-hue), 15%, 14%) with its default hue of 225°.
SLATE_BACKGROUND = colorsys.hls_to_rgb(225 / 360, 0.14, 0.15)
TEXT = 4.5  # WCAG AA for normal text


def variables(block: str) -> dict[str, tuple[float, float, float]]:
    """The hex colours a CSS block sets, by custom property name."""
    colours = re.findall(r"(--md-[\w-]+):\s*#([0-9a-fA-F]{6})", block)
    return {name: tuple(int(hex_[i : i + 2], 16) / 255 for i in (0, 2, 4)) for name, hex_ in colours}  # type: ignore[misc]


def blocks() -> tuple[dict[str, tuple[float, float, float]], dict[str, tuple[float, float, float]]]:
    css = EXTRA_CSS.read_text("utf-8")
    light = variables(re.search(r":root\s*{(.*?)}", css, re.S).group(1))  # type: ignore[union-attr]
    dark = variables(re.search(r'\[data-md-color-scheme="slate"\]\s*{(.*?)}', css, re.S).group(1))  # type: ignore[union-attr]
    return light, {**light, **dark}


def luminance(rgb: tuple[float, float, float]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert contrast(WHITE, (0.0, 0.0, 0.0)) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)


LIGHT_PAIRS = [
    ("--md-primary-bg-color", "--md-primary-fg-color"),  # header text and primary buttons
    ("--md-typeset-a-color", "white"),  # links on the page
    ("--md-accent-fg-color", "white"),  # hovered and focused links
]
DARK_PAIRS = [
    ("--md-primary-bg-color", "--md-primary-fg-color"),
    ("--md-typeset-a-color", "slate"),
    ("--md-accent-fg-color", "slate"),
]


@pytest.mark.parametrize(("scheme", "pairs"), [("light", LIGHT_PAIRS), ("dark", DARK_PAIRS)])
def test_text_colours_reach_wcag_aa(scheme: str, pairs: list[tuple[str, str]]) -> None:
    light, dark = blocks()
    colours = {**(light if scheme == "light" else dark), "white": WHITE, "slate": SLATE_BACKGROUND}
    for foreground, background in pairs:
        ratio = contrast(colours[foreground], colours[background])
        assert ratio >= TEXT, f"{scheme}: {foreground} on {background} is {ratio:.2f}:1"
