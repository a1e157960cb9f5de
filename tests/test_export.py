"""What a person takes away from a calculator: the link, the summary text, the CSV; and links read back."""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import CALCULATORS, LANGUAGES, get_calculator, run
from calculators.export import (
    ACTIONS,
    ExportContext,
    canonical,
    csv_name,
    csv_text,
    format_date,
    plain_decimal,
    render_actions,
    render_export,
    share_link,
    summary_text,
    verdict_text,
)
from calculators.i18n import translate
from calculators.layout import arrange, companions
from calculators.live import live_update, restore_inputs
from calculators.render import render_form

DAY = datetime.date(2026, 11, 23)
PAGE = "https://playbook.example/da/calculators/"


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_plain_decimal_never_writes_an_exponent_and_reads_back_exactly(value: float) -> None:
    """Any value a field accepts is written in plain decimals, and parses back to the same float."""
    text = plain_decimal(value)
    assert "e" not in text.lower()
    assert float(text) == value
    assert Decimal(text) == Decimal(repr(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.00005, "0.00005"), (2.5e-06, "0.0000025"), (45000.0, "45000"), (1.5, "1.5"), (0, "0"), (1e-7, "0.0000001")],
)
def test_link_values_are_plain_decimals(value: float, expected: str) -> None:
    assert canonical(value) == expected


def test_live_update_writes_small_values_plainly_for_the_link() -> None:
    """0.00005 went into the link as 5e-05, which the link then rejected."""
    data = json.loads(live_update("cost-comparison", "en", json.dumps({"fte": "0.00005"})))
    assert data["values"]["fte"] == "0.00005"
    assert restore_inputs("cost-comparison", {"fte": data["values"]["fte"]}, "canonical", "en") == {"fte": "0.00005"}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "23 November 2026"), ("da", "23. november 2026"), ("sv", "23 november 2026"), ("is", "23. nóvember 2026")],
)
def test_dates_are_written_out_per_language(lang: str, expected: str) -> None:
    assert format_date(DAY, lang) == expected


def test_summary_text_has_title_inputs_verdict_outputs_link_and_date() -> None:
    calc = get_calculator("cost-comparison")
    outcome = run(calc, {"monthly_salary": "42.000", "agency_monthly": "45.000"}, "da")
    text = summary_text(calc, outcome, "da", ExportContext(PAGE, DAY))
    lines = text.splitlines()
    assert lines[0] == translate("da", "cost-comparison.title")
    assert "- Månedsløn pr. årsværk: 42.000 DKK" in lines or any(
        line.startswith("- ") and "42.000" in line for line in lines
    )
    assert verdict_text(outcome, "da") in lines
    assert verdict_text(outcome, "da")
    assert any(line.startswith("- ") and "kr." in line for line in lines)  # money outputs in Danish format
    link = next(line for line in lines if line.startswith("Link: "))
    assert link.startswith(f"Link: {PAGE}?cost-comparison.")
    assert "cost-comparison.monthly_salary=42000" in link
    assert "cost-comparison.agency_monthly=45000" in link
    assert lines[-1] == "Dato: 23. november 2026"


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_holds_every_input_output_and_month_as_raw_numbers(calc_id: str, lang: str) -> None:
    """One row per value: raw numbers with '.' decimals, the label in the page's language."""
    calc = get_calculator(calc_id)
    outcome = run(calc, {}, lang)
    table = rows(csv_text(calc, outcome, lang))
    header, body = table[0], table[1:]
    assert header == [translate(lang, f"ui.csv.{c}") for c in ("section", "name", "month", "label", "value", "unit")]
    inputs = {r[1]: r for r in body if r[0] == translate(lang, "ui.csv.section.input")}
    outputs = {r[1]: r for r in body if r[0] == translate(lang, "ui.csv.section.output")}
    series = [r for r in body if r[0] == translate(lang, "ui.csv.section.series")]
    assert list(inputs) == [spec.name for spec in calc.inputs]
    for spec in calc.inputs:
        assert inputs[spec.name][4] == canonical(outcome.values[spec.name])
    for name, value in outcome.outputs.items():
        if isinstance(value, list):
            mine = [r for r in series if r[1] == name]
            assert [int(r[2]) for r in mine] == list(range(1, len(value) + 1))
            assert [float(r[4]) for r in mine] == value
        elif value is None:
            assert outputs[name][4] == ""
        elif isinstance(value, str):
            assert outputs[name][4] == value
        else:
            assert float(outputs[name][4]) == value
            assert "e" not in outputs[name][4].lower()
    for row in body:
        assert row[3]  # every value has its label
        assert "," not in row[4]  # '.' is the only decimal sign, no grouping


def test_csv_null_and_choice_values() -> None:
    """An undefined output is an empty value, not 'None' or the reason; a choice is its raw value."""
    calc = get_calculator("cost-per-conversion")
    outcome = run(calc, {"visitors": "0"}, "en")
    body = {r[1]: r for r in rows(csv_text(calc, outcome, "en"))[1:]}
    assert body["cost_per_conversion"][4] == ""
    assert body["total_cost"][5] == "EUR"
    calc = get_calculator("decision-score")
    body = {r[1]: r for r in rows(csv_text(calc, run(calc, {}, "en"), "en"))[1:]}
    assert body["recommendation"][4] == "hybrid"


def test_csv_file_is_named_after_the_calculator_and_date() -> None:
    assert csv_name(get_calculator("cost-comparison"), DAY) == "cost-comparison-2026-11-23.csv"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_action_row_is_labelled_from_the_catalogue(lang: str) -> None:
    html = render_actions(get_calculator("nps"), lang)
    for action in ACTIONS:
        assert f'data-action="{action}">{translate(lang, f"ui.action.{action}")}</button>' in html
    assert 'type="button"' in html
    assert " hidden>" in html  # shown by the controller: without JavaScript the buttons would do nothing


def test_export_escapes_what_people_typed() -> None:
    """The summary and CSV sit in attributes; nothing typed can close them."""
    calc = get_calculator("nps")
    outcome = run(calc, {}, "en")
    html = render_export(calc, outcome, "en", ExportContext('https://x.org/"><script>', DAY))
    assert "<script>" not in html
    assert 'data-today="2026-11-23"' in html


def test_share_link_holds_one_calculator_under_its_own_names() -> None:
    assert share_link(get_calculator("nps"), {"promoters": 1250, "passives": 0.00005}, PAGE) == (
        f"{PAGE}?nps.promoters=1250&nps.passives=0.00005"
    )


@pytest.mark.parametrize(
    ("source", "raw", "lang", "expected"),
    [
        ("canonical", {"monthly_salary": "45000"}, "da", {"monthly_salary": "45.000"}),
        ("canonical", {"monthly_salary": "45000"}, "en", {"monthly_salary": "45,000"}),
        ("canonical", {"monthly_salary": "45000"}, "sv", {"monthly_salary": "45\u00a0000"}),
        ("canonical", {"monthly_salary": "45000"}, "is", {"monthly_salary": "45.000"}),
        ("canonical", {"fte": "1.5"}, "da", {"fte": "1,5"}),
        ("da", {"fte": "1,5", "monthly_salary": "45.000"}, "en", {"fte": "1.5", "monthly_salary": "45,000"}),
        ("en", {"fte": "1.5", "monthly_salary": "45,000"}, "sv", {"fte": "1,5", "monthly_salary": "45\u00a0000"}),
        ("sv", {"monthly_salary": "45 000"}, "is", {"monthly_salary": "45.000"}),
        ("is", {"currency": "ISK", "horizon_months": "36"}, "da", {"currency": "ISK", "horizon_months": "36"}),
        ("da", {"fte": "abc"}, "en", {"fte": "abc"}),
    ],
)
def test_values_from_links_and_other_languages_are_written_in_the_page_format(
    source: str, raw: dict[str, str], lang: str, expected: dict[str, str]
) -> None:
    assert restore_inputs("cost-comparison", raw, source, lang) == expected


def test_live_update_returns_restored_inputs_and_their_results() -> None:
    data = json.loads(
        live_update(
            "cost-comparison", "en", json.dumps({"fte": "1,5"}), "", json.dumps({"from": "da", "today": "2026-01-02"})
        )
    )
    assert data["ok"]
    assert data["inputs"] == {"fte": "1.5"}
    assert data["values"]["fte"] == "1.5"
    assert 'data-today="2026-01-02"' in data["export"]
    expected = run(get_calculator("cost-comparison"), {"fte": "1.5"}, "en").outputs["inhouse_total"]
    assert math.isclose(
        float(data["html"].split('data-output="inhouse_total" data-value="')[1].split('"')[0]), expected
    )


def test_weights_sit_beside_their_factor_behind_a_disclosure() -> None:
    """One row per factor with its rating and weight; the disclosure opens when a preset sets a weight."""
    calc = get_calculator("decision-score")
    pairs = companions(calc)
    assert len(pairs) == 7
    closed = render_form("decision-score", "en", {}, "f")
    assert closed.count('<div class="calculator__pair">') == 7
    assert '<details class="calculator__adjust" data-adjust>' in closed
    assert "<summary>Adjust the weights</summary>" in closed
    rating = closed.index('name="expertise"')
    weight = closed.index('name="weight_expertise"')
    pair = closed.rindex('<div class="calculator__pair">', 0, rating)
    assert pair < rating < weight < closed.index('<div class="calculator__pair">', rating)
    opened = render_form("decision-score", "en", {"weight_budget": "5"}, "f")
    assert '<details class="calculator__adjust" data-adjust open>' in opened
    assert arrange(get_calculator("nps"), {"promoters": "a", "passives": "b", "detractors": "c"}, "en") == "abc"


def test_a_restored_value_keeps_every_digit_the_link_had() -> None:
    """A field shows six decimals; a link's value with more is shown whole, never rounded to another result."""
    raw = {"conversion_rate": "0.00000000000000000000000000000000000000001", "visitors": "1"}
    restored = restore_inputs("cost-per-conversion", raw, "canonical", "da")
    assert restored["conversion_rate"] == "0," + "0" * 40 + "1"
    calc = get_calculator("cost-per-conversion")
    assert (
        run(calc, restored, "da").values["conversion_rate"] == run(calc, raw, "en").values["conversion_rate"] == 1e-41
    )
