"""Every value a calculator accepts formats, in every language: extreme inputs never crash.

A value beyond what digits can honestly show reads "too large to show" in the page's language;
one calculator's failure is its own message, never an exception for the CLI, the fence or the
worker (which would take every calculator on the page down with it).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from typing import Any

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, LANGUAGES, Currency, InputKind, InputSpec, run
from calculators import live as live_module
from calculators.i18n import translate
from calculators.languages import get_locale
from calculators.live import live_update
from calculators.present import format_output
from calculators.render import render_form, render_results
from site_ext.calculator_fence import fence_format
from tests.conftest import ROOT

#: The issue's case: a cost per conversion of 10^53.
EXTREME_CPC = {
    "visitors": "1",
    "conversion_rate": "0.00000000000000000000000000000000000000001",
    "staff_cost": "1000000000000",
}
TINY = Decimal("1e-41")
#: From here on a value is "too large to show": a double no longer holds every whole unit.
SHOWN_LIMIT = 10**15


def typed(spec: InputSpec, value: Decimal, lang: str) -> str:
    """``value`` as a person of ``lang`` types it: every digit, the language's decimal sign."""
    return f"{value:f}".replace(".", get_locale(lang).decimal)


@st.composite
def extreme_inputs(draw: st.DrawFn, calc_id: str, lang: str) -> dict[str, str]:
    """Valid text for every input, favouring the bounds and the tiniest non-zero fractions."""
    raw: dict[str, str] = {}
    for spec in CALCULATORS[calc_id].inputs:
        if spec.kind is InputKind.CURRENCY:
            raw[spec.name] = draw(st.sampled_from([c.value for c in Currency]))
            continue
        low, high = Decimal(spec.minimum), Decimal(spec.maximum)
        if spec.whole:
            value = draw(st.one_of(st.sampled_from([low, high]), st.integers(int(low), int(high)).map(Decimal)))
        else:
            value = draw(
                st.one_of(
                    st.sampled_from([low, high, low + TINY, high - TINY, TINY * 10**20]),
                    st.decimals(min_value=low, max_value=high, allow_nan=False, allow_infinity=False),
                )
            )
        raw[spec.name] = typed(spec, value, lang)
    return raw


def assert_shown(calc_id: str, outcome: Any, lang: str) -> None:
    """Every output formats; a number too large for digits reads "too large to show"."""
    calc = CALCULATORS[calc_id]
    too_large = translate(lang, "ui.too_large")
    for spec in calc.outputs:
        value = outcome.outputs[spec.name]
        shown = format_output(calc, spec, value, lang, outcome.currency)
        items = shown if isinstance(shown, list) else [shown]
        values = value if isinstance(value, list) else [value]
        for item, raw in zip(items, values, strict=True):
            assert isinstance(item, str)
            assert item
            if isinstance(raw, (int, float)) and not isinstance(raw, bool) and abs(raw) >= SHOWN_LIMIT:
                assert item == too_large
            else:
                assert item != too_large


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_extreme_valid_values_format_everywhere(calc_id: str, lang: str, data: st.DataObject) -> None:
    """Run, results markup, form (the fence) and live update all succeed on extreme valid values."""
    raw = data.draw(extreme_inputs(calc_id, lang))
    outcome = run(calc_id, raw, lang)
    if not outcome.ok:  # e.g. NPS with no responses: a form message, never an exception
        assert outcome.errors
        return
    assert_shown(calc_id, outcome, lang)
    html = render_results(outcome, lang)
    assert html in render_form(calc_id, lang, raw, "f1")
    live = json.loads(live_update(calc_id, lang, json.dumps(raw)))
    assert live["ok"] is True
    assert live["html"] == html


@pytest.mark.parametrize("lang", LANGUAGES)
@settings(deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False))
@example(value=1e53)
@example(value=-1.7976931348623157e308)
def test_every_finite_output_value_formats(lang: str, value: float) -> None:
    """Any finite float, in every output of every calculator, formats in every language."""
    for calc in CALCULATORS.values():
        for spec in calc.outputs:
            shown_value: Any = [value, value] if spec.kind.value == "money-series" else value
            if spec.kind.value == "choice":
                continue
            shown = format_output(calc, spec, shown_value, lang, Currency.EUR)
            assert shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_issues_cost_per_conversion_is_too_large_to_show(lang: str) -> None:
    """About 10^55 per conversion: the page says it is too large to show, in its language."""
    decimal = get_locale(lang).decimal
    raw = {name: text.replace(".", decimal) for name, text in EXTREME_CPC.items()}
    data = json.loads(live_update("cost-per-conversion", lang, json.dumps(raw)))
    assert data["ok"] is True
    too_large = re.escape(translate(lang, "ui.too_large"))
    assert re.search(rf'data-output="cost_per_conversion" data-value="[0-9.]+e\+5[0-9]">{too_large}<', data["html"])


def test_cli_prints_too_large_instead_of_a_traceback() -> None:
    """The issue's command exits 0 and shows the value as too large."""
    args = [f"{name}={value}" for name, value in EXTREME_CPC.items()]
    result = subprocess.run(
        [sys.executable, "-m", "calculators", "run", "cost-per-conversion", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Cost per conversion                   Too large to show" in result.stdout


def test_a_failing_render_is_this_calculators_message_not_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should rendering ever fail, the worker gets a localized form message, and the engine lives on."""

    def broken(*args: Any) -> str:
        raise ArithmeticError("boom")

    monkeypatch.setattr(live_module, "render_results", broken)
    data = json.loads(live_update("nps", "da", json.dumps({"promoters": "3"})))
    assert data == {
        "ok": False,
        "html": None,
        "errors": {"_form": translate("da", "error.cannot_compute")},
        "hints": {},
        "inputs": {},
        "help": {},
        "values": {"promoters": "3"},
        "currency": "DKK",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_block_with_the_issues_values_renders_in_a_page(lang: str, caplog: pytest.LogCaptureFixture) -> None:
    """The same values as presets of a calculator block: the form renders, no "cannot render"."""
    decimal = get_locale(lang).decimal
    presets = "\n".join(f"{name}: {text.replace('.', decimal)}" for name, text in EXTREME_CPC.items())
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "site_ext.calculator_fence"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [{"name": "calculator", "class": "calculator", "format": fence_format}]
            },
            "site_ext.calculator_fence": {"lang": lang, "source": f"docs/{lang}/page.md"},
        },
    )
    html = md.convert(f"# Page\n\n```calculator\ncost-per-conversion\n{presets}\n```\n")
    assert caplog.records == []
    assert f">{translate(lang, 'ui.too_large')}</dd>" in html
