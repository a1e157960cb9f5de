"""The engine's entry point: a change of currency converts defaults, keeps typed amounts, re-quotes help texts."""

from __future__ import annotations

import json

import pytest

from calculators import LANGUAGES, Currency
from calculators.formatting import format_money
from calculators.live import live_update
from calculators.money import example_amount
from calculators.render import render_form

NBSP = "\u00a0"


def update(lang: str, values: dict[str, str], changed: str = "") -> dict[str, object]:
    data: dict[str, object] = json.loads(live_update("cost-comparison", lang, json.dumps(values), changed))
    return data


def test_currency_change_converts_defaults_and_keeps_typed_amounts() -> None:
    """Amounts still at a default take the new currency's default; a typed one stays, with a note."""
    data = update(
        "en", {"currency": "DKK", "agency_monthly": "8,000", "hourly_cost": "60", "tools_monthly": "123"}, "currency"
    )
    assert data["inputs"] == {"agency_monthly": "60,000", "hourly_cost": "450"}
    assert data["hints"] == {"tools_monthly": "Kept as you typed it: not converted to DKK."}
    assert json.loads(json.dumps(data["values"]))["agency_monthly"] == "60000"
    assert data["ok"] is True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_a_change_of_currency_nothing_is_converted(lang: str) -> None:
    """Typing in another field never rewrites amounts, even ones at another currency's default."""
    data = update(lang, {"currency": "USD", "agency_monthly": "8000"}, "agency_monthly")
    assert data["inputs"] == {}
    assert data["hints"] == {}


@pytest.mark.parametrize(
    ("lang", "currency"), [("en", "EUR"), ("da", "DKK"), ("sv", "SEK"), ("is", "ISK"), ("sv", "EUR")]
)
def test_help_quotes_agency_prices_in_the_selected_currency(lang: str, currency: str) -> None:
    """The agency range (30,000–200,000 DKK) is shown in the calculator's currency, at the defaults' dated rate."""
    chosen = Currency(currency)
    low = format_money(example_amount(30_000, chosen), chosen, lang, digits=0)
    high = format_money(example_amount(200_000, chosen), chosen, lang, digits=0)
    help_text = update(lang, {"currency": currency})["help"]["agency_monthly"]  # type: ignore[index]
    assert f"{low}–{high}" in help_text
    form = render_form("cost-comparison", lang, {"currency": currency}, "f")
    assert f"{low}–{high}" in form.replace("&#x27;", "'")


def test_swedish_help_no_longer_quotes_kroner_of_another_country() -> None:
    """With SEK selected the Swedish page quotes kronor, not DKK."""
    help_text = update("sv", {"currency": "SEK"})["help"]["agency_monthly"]  # type: ignore[index]
    assert "DKK" not in help_text
    assert f"44{NBSP}000{NBSP}kr–290{NBSP}000{NBSP}kr" in help_text
