"""Charts: golden SVG per calculator, properties over any valid input, contrast, and the generic renderer."""

from __future__ import annotations

import math
import os
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, LANGUAGES, Calculator, InputKind, InputSpec, OutputKind, OutputSpec, run
from calculators.charts import FONT, nice_ticks, render_chart, text_width
from calculators.formatting import format_money, format_number
from calculators.model import Amount, Chart, DivergingBars, LineChart, Quantity, Sentence, StackedBars
from calculators.palette import MIN_CONTRAST, PALETTES, contrast
from calculators.render import render_results
from calculators.runner import Outcome
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
SVG = "{http://www.w3.org/2000/svg}"
#: One language per calculator for the golden files.
GOLDEN_CASES = [("decision-score", "en"), ("cost-per-conversion", "da"), ("cost-comparison", "sv"), ("nps", "is")]
NUMERIC = ("x", "y", "x1", "x2", "y1", "y2", "width", "height")


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.DOTALL)


def pretty(svg: str) -> str:
    return svg.replace("><", ">\n<") + "\n"


@pytest.mark.parametrize(("calculator", "lang"), GOLDEN_CASES)
def test_chart_matches_its_golden_file(calculator: str, lang: str) -> None:
    """The chart at the defaults, byte for byte (UPDATE_GOLDEN=1 rewrites the files after an intended change)."""
    outcome = run(calculator, {}, lang)
    (chart,) = outcome.calculator.charts
    path = GOLDEN / f"chart-{calculator}-{lang}.svg"
    svg = pretty(svgs(render_chart(chart, outcome, lang))[0])
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(svg, "utf-8")
    assert svg == path.read_text("utf-8")


def boxes(root: ET.Element) -> list[tuple[float, float, float, float, str]]:
    """Each label's box (left, right, top, bottom) as estimated by its anchor and length."""
    found = []
    for text in root.iter(f"{SVG}text"):
        x, y, label = float(text.get("x", "0")), float(text.get("y", "0")), text.text or ""
        width = text_width(label)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        found.append((left, left + width, y - FONT, y, label))
    return found


def check_svg(svg: str) -> ET.Element:
    """Well-formed, an image with a title and a message, finite coordinates inside the drawing, labels apart."""
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title"
    assert (root[0].text or "").strip()
    assert root[1].tag == f"{SVG}desc"
    assert len((root[1].text or "").strip()) > 20
    _, _, width, height = (float(v) for v in (root.get("viewBox") or "").split())
    assert math.isfinite(width)
    assert math.isfinite(height)
    assert width > 0
    assert height > 0
    for element in root.iter():
        for name in NUMERIC:
            if element.get(name) is not None:
                value = float(element.get(name, ""))
                assert math.isfinite(value), (element.tag, name, value)
        if element.get("width") is not None:
            assert float(element.get("width", "")) >= 0
        for pair in (element.get("points") or "").split():
            assert all(math.isfinite(float(v)) for v in pair.split(","))
    labels = boxes(root)
    for index, (l1, r1, t1, b1, a) in enumerate(labels):
        assert l1 >= -1, f"{a!r} leaves the drawing"
        assert r1 <= width + 1, f"{a!r} leaves the drawing"
        for l2, r2, t2, b2, b in labels[index + 1 :]:
            overlap = min(r1, r2) - max(l1, l2) > 0.5 and min(b1, b2) - max(t1, t2) > 0.5
            assert not overlap, f"labels {a!r} and {b!r} overlap"
    return root


def typed(spec: InputSpec, data: st.DataObject, lang: str) -> str:
    """A valid value for an input, as typed in ``lang``."""
    if spec.kind is InputKind.CURRENCY:
        return data.draw(st.sampled_from(["DKK", "SEK", "ISK", "EUR", "USD"]))
    high = min(spec.maximum, data.draw(st.sampled_from([5.0, 1e3, 1e6, 1e12])))
    value = data.draw(st.floats(min_value=spec.minimum, max_value=high, allow_nan=False))
    return format_number(round(value) if spec.whole else value, lang, max_digits=0 if spec.whole else 2)


@pytest.mark.parametrize("calculator", list(CALCULATORS))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_valid_input_gives_a_sound_chart(calculator: str, data: st.DataObject) -> None:
    """Well-formed SVG, no NaN or infinite coordinate, labels that do not overlap, for any valid input."""
    lang = data.draw(st.sampled_from(LANGUAGES))
    calc = CALCULATORS[calculator]
    raw = {spec.name: typed(spec, data, lang) for spec in calc.inputs}
    outcome = run(calc, raw, lang)
    if not outcome.ok:  # e.g. every weight or every count 0: a form-level message, no chart
        assert set(outcome.errors) == {"_form"}
        return
    charts = svgs(render_results(outcome, lang))
    assert len(charts) == len(calc.charts)
    for svg in charts:
        check_svg(svg)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_money_ticks_come_from_the_formatting_module(data: st.DataObject) -> None:
    """Every amount on the cost chart's axis is format_money of a round tick, in the page's language and currency."""
    lang = data.draw(st.sampled_from(LANGUAGES))
    currency = data.draw(st.sampled_from(["DKK", "SEK", "ISK", "EUR", "USD"]))
    agency = data.draw(st.integers(min_value=0, max_value=10**9))
    outcome = run("cost-comparison", {"currency": currency, "agency_monthly": str(agency)}, lang)
    (chart,) = outcome.calculator.charts
    root = ET.fromstring(svgs(render_chart(chart, outcome, lang))[0])
    values = outcome.outputs["cumulative_inhouse"] + outcome.outputs["cumulative_outsourced"]
    expected = [format_money(t, outcome.currency, lang, digits=0) for t in nice_ticks(min(0.0, *values), max(values))]
    anchored_end = [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert anchored_end[: len(expected)] == expected


@pytest.mark.parametrize("scheme", list(PALETTES))
def test_every_chart_colour_has_3_to_1_contrast(scheme: str) -> None:
    """Against the scheme's background, light and dark: each colour ≥ 3:1, the labels' text ≥ 4.5:1."""
    palette = PALETTES[scheme]
    low = {role: round(contrast(colour, palette.background), 2) for role, colour in palette.colours.items()}
    assert {role: value for role, value in low.items() if value < MIN_CONTRAST} == {}
    assert contrast(palette.text, palette.background) >= 4.5
    assert contrast(palette.colours["series-0"], palette.background) >= 4.5  # also used for a label's text
    assert contrast(palette.colours["series-1"], palette.background) >= 4.5


def test_the_two_series_differ_without_colour() -> None:
    """The second line is dashed, and both lines carry a direct label with their name and end value."""
    outcome = run("cost-comparison", {}, "en")
    root = ET.fromstring(svgs(render_chart(outcome.calculator.charts[0], outcome, "en"))[0])
    lines = list(root.iter(f"{SVG}polyline"))
    assert [line.get("stroke-dasharray") for line in lines] == [None, "8 5"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "In-house team" in texts
    assert "Agency" in texts
    assert "€185,560.00" in texts
    assert "€209,100.00" in texts
    assert "Break-even: month 3" in texts


def test_palette_stylesheet_carries_every_role_for_both_schemes() -> None:
    """The CSS the build appends names each role once per scheme, with the palette's colour."""
    from calculators.palette import stylesheet

    css = stylesheet()
    for palette in PALETTES.values():
        for role, colour in palette.colours.items():
            assert f".chart--{role} {{ stroke: {colour}; fill: {colour}; }}" in css


# A calculator made up for this test: outputs no real calculator has, three kinds of chart.
def _compute(values: Any) -> dict[str, Any]:
    a, b = float(values["a"]), float(values["b"])
    return {
        "growth": [a * m for m in range(1, 7)],
        "decline": [b * (7 - m) for m in range(1, 7)],
        "left": -a / (a + b + 1),
        "right": b / (a + b + 1),
        "share_a": a / (a + b) * 100 if a + b else 0.0,
        "share_b": b / (a + b) * 100 if a + b else 0.0,
        "crossing": next((m for m in range(1, 7) if a * m >= b * (7 - m)), None),
    }


def _message(values: Any, outputs: Any) -> Sentence:
    return Sentence(
        "decision-score.chart.message",
        {"score": Amount(outputs["left"], OutputKind.SCORE), "threshold": Amount(0.5, OutputKind.SCORE)},
    )


TEST_CALCULATOR = Calculator(
    id="test-charts",
    inputs=(
        InputSpec("currency", InputKind.CURRENCY, key="currency"),
        InputSpec("a", InputKind.MONEY, default=100, key="nps.promoters"),
        InputSpec("b", InputKind.MONEY, default=300, key="nps.detractors"),
    ),
    outputs=(
        OutputSpec("growth", OutputKind.MONEY_SERIES, key="cost-comparison.cumulative_inhouse"),
        OutputSpec("decline", OutputKind.MONEY_SERIES, key="cost-comparison.cumulative_outsourced"),
        OutputSpec("left", OutputKind.SCORE, key="decision-score.score"),
        OutputSpec("right", OutputKind.SCORE, key="decision-score.score"),
        OutputSpec("share_a", OutputKind.PERCENT, key="nps.promoters_percent"),
        OutputSpec("share_b", OutputKind.PERCENT, key="nps.detractors_percent"),
        OutputSpec("crossing", OutputKind.INTEGER, key="cost-comparison.break_even_month"),
    ),
    compute=_compute,
    charts=(
        Chart(
            "lines",
            LineChart(
                (Quantity("growth", "nps.promoters.label"), Quantity("decline", "nps.detractors.label")),
                x_key="ui.month",
                marker="crossing",
                marker_key="cost-comparison.chart.marker",
            ),
            "cost-comparison.chart.title",
            _message,
        ),
        Chart(
            "sides",
            DivergingBars(
                (Quantity("left", "nps.promoters.label"), Quantity("right", "nps.detractors.label")),
                thresholds=(-0.5, 0.5),
                negative_key="decision-score.chart.outsourced",
                positive_key="decision-score.chart.in-house",
            ),
            "decision-score.chart.title",
            _message,
        ),
        Chart(
            "parts",
            StackedBars(
                (
                    (
                        "nps.chart.row",
                        (
                            Quantity("share_a", "nps.promoters.label"),
                            Quantity("a", "nps.passives.label", source="input"),
                        ),
                    ),
                ),
                kind=OutputKind.PERCENT,
            ),
            "nps.chart.title",
            _message,
        ),
    ),
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_new_calculator_gets_its_charts_from_its_declaration(lang: str) -> None:
    """The renderer draws a calculator it has never heard of, from the chart spec alone."""
    outcome: Outcome = run(TEST_CALCULATOR, {"a": "200"}, lang)
    assert outcome.ok
    html = render_results(outcome, lang)
    assert re.findall(r'data-chart="([^"]+)"', html) == ["lines", "sides", "parts"]
    for svg in svgs(html):
        check_svg(svg)
    assert re.search(r'<th scope="col" data-output="growth" data-value="\[200\.0, 400\.0', html)
    assert html.count("<polyline") == 2
