"""The calculators' markup: contract attributes, escaping, and one renderer for build and browser."""

from __future__ import annotations

import json
import re
from html import escape

import pytest

from calculators import CALCULATORS, LANGUAGES, run
from calculators.i18n import translate
from calculators.live import live_update
from calculators.render import InvalidPresetError, render_form, render_results


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_follows_the_markup_contract(calc_id: str, lang: str) -> None:
    """One labelled control per input, one [data-output] per output, an error slot per input and _form."""
    calc = CALCULATORS[calc_id]
    html = render_form(calc_id, lang, {}, "f1")
    assert re.search(
        rf'<form class="calculator" id="f1" data-calculator="{calc_id}" data-lang="{lang}"[^>]* data-engine="idle"',
        html,
    )
    for spec in calc.inputs:
        assert len(re.findall(rf'name="{spec.name}"', html)) == 1
        assert f'<label for="f1-{spec.name}">' in html
        assert f'data-error-for="{spec.name}"' in html
    assert 'data-error-for="_form"' in html
    assert set(re.findall(r'data-output="([^"]+)"', html)) == {spec.name for spec in calc.outputs}
    assert 'aria-live="polite"' in html


def test_prerendered_and_live_results_are_identical() -> None:
    """The build and the worker call the same renderer: same inputs, same markup."""
    presets = {"visitors": "12.000", "agency_fee": "60.000"}
    form = render_form("cost-per-conversion", "da", presets, "f1")
    live = json.loads(live_update("cost-per-conversion", "da", json.dumps(presets)))
    assert live["ok"] is True
    assert live["html"] in form


def test_live_update_returns_localized_errors_and_canonical_values() -> None:
    """Invalid fields come back as messages; valid ones as language-neutral text for the shared link."""
    data = json.loads(
        live_update("cost-comparison", "sv", json.dumps({"fte": "1,5", "horizon_months": "0", "currency": "usd"}))
    )
    assert data["ok"] is False
    assert data["html"] is None
    assert data["values"] == {"fte": "1.5", "currency": "USD"}
    assert set(data["errors"]) == {"horizon_months"}
    assert data["currency"] == "USD"


def test_data_value_is_raw_and_text_is_formatted() -> None:
    """data-value keeps the unrounded number with '.', the text is formatted for the language."""
    outcome = run("cost-per-conversion", {"conversion_rate": "0"}, "da")
    html = render_results(outcome, "da")
    assert '<dd data-output="cost_per_conversion" data-value="" class="calculator__null">' in html
    assert re.search(r'data-output="total_cost" data-value="40000.0">40\.000,00\xa0kr\.</dd>', html)


def test_typed_text_never_becomes_markup() -> None:
    """A preset with markup is escaped in the value attribute."""
    with pytest.raises(InvalidPresetError, match="Promoters"):
        render_form("nps", "en", {"promoters": '"><script>alert(1)</script>'}, "f1")
    data = live_update("nps", "en", json.dumps({"promoters": "<b>1</b>"}))
    assert "<b>" not in json.loads(data)["errors"]["promoters"]


def test_cost_comparison_has_a_chart_and_a_month_by_month_table() -> None:
    """Cumulative costs are drawn as two lines and tabled month by month, the raw series on the column heads."""
    html = render_form("cost-comparison", "en", {"horizon_months": "3"}, "f1")
    assert html.count('<polyline class="chart__line') == 2
    assert re.search(
        r'<th scope="col" data-output="cumulative_inhouse" data-value="\[[^"]+\]">In-house team</th>', html
    )
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>', html)
    assert rows == ["1", "2", "3"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_status_says_the_results_are_an_example(lang: str) -> None:
    """The status as built (what stays without JavaScript) says the results are an example and need JavaScript."""
    html = render_form("nps", lang, {}, "f1")
    status = re.search(r'<p class="calculator__status-text" data-status role="status">([^<]*)</p>', html)
    assert status
    assert status.group(1) == translate(lang, "ui.engine.static")
    assert "JavaScript" in status.group(1)
    # Once the controller runs it shows the idle message, carried for it by the form.
    assert f'data-msg-idle="{translate(lang, "ui.engine.idle")}"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_selects_carry_their_link_fallback_message(lang: str) -> None:
    """A shared link's value outside the choices falls back to the default with this message."""
    html = render_form("decision-score", lang, {}, "f1")
    label = translate(lang, "decision-score.expertise.label")
    message = escape(translate(lang, "error.link_choice", field=label))
    assert re.search(rf'<select id="f1-expertise" name="expertise" [^>]*data-msg-fallback="{re.escape(message)}"', html)
    html = render_form("nps", lang, {}, "f1")
    assert "data-msg-fallback" not in html


@pytest.mark.parametrize("lang", ["de", "", "EN"])
def test_live_update_refuses_an_unknown_language(lang: str) -> None:
    """A ValueError naming the languages, not a bare KeyError."""
    with pytest.raises(ValueError, match="lang must be one of en, da, sv, is"):
        live_update("nps", lang, "{}")
