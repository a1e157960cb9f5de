"""In-house vs agency over time: totals, the cheaper side and the break-even month."""

from typing import Any

import pytest

from calculators import run
from calculators.model import Currency
from calculators.money import DKK_PER_UNIT

BASE = {
    "currency": "DKK",
    "fte": "1",
    "monthly_salary": "40000",
    "overhead_percent": "30",
    "tools_monthly": "2000",
    "training_yearly": "12000",
    "recruitment_one_off": "50000",
    "agency_monthly": "60000",
    "hourly_cost": "500",
    "onboarding_one_off": "10000",
    "coordination_hours_monthly": "10",
    "horizon_months": "24",
}


def outputs(**changes: str) -> dict[str, Any]:
    outcome = run("cost-comparison", BASE | changes)
    assert outcome.ok, outcome.errors
    return outcome.outputs


def test_worked_example() -> None:
    """55,000 a month in-house against 65,000 outsourced; the 40,000 head start is gone in month 4."""
    out = outputs()
    assert out["inhouse_monthly"] == 55000
    assert out["outsourced_monthly"] == 65000
    assert out["inhouse_total"] == 50000 + 24 * 55000
    assert out["outsourced_total"] == 10000 + 24 * 65000
    assert out["difference"] == 200000
    assert out["cheaper"] == "in-house"
    assert out["break_even_month"] == 4
    assert out["cumulative_inhouse"][:2] == [105000, 160000]
    assert out["cumulative_outsourced"][:2] == [75000, 140000]
    assert len(out["cumulative_inhouse"]) == 24


def test_break_even_counts_equality() -> None:
    """Month 4 in-house: 50,000 + 4·55,000 = 270,000; outsourced 10,000 + 4·65,000 = 270,000: equal counts."""
    assert outputs(horizon_months="4")["break_even_month"] == 4
    out = outputs(horizon_months="4")
    assert out["cheaper"] == "equal"


def test_no_break_even_within_horizon() -> None:
    """Month 3: in-house still dearer — null break-even, outsourced cheaper."""
    out = outputs(horizon_months="3")
    assert out["break_even_month"] is None
    assert out["cheaper"] == "outsourced"
    assert out["difference"] == -10000


def test_agency_never_catches_up() -> None:
    """A cheap agency: outsourced stays cheaper over the whole horizon."""
    out = outputs(agency_monthly="30000")
    assert out["break_even_month"] is None
    assert out["cheaper"] == "outsourced"


def test_fractional_fte_and_training() -> None:
    """1.5 FTE at 40,000 + 25 % overhead, 1,000 tools, 6,000 training a year."""
    out = outputs(fte="1.5", overhead_percent="25", tools_monthly="1000", training_yearly="6000")
    assert out["inhouse_monthly"] == pytest.approx(1.5 * 40000 * 1.25 + 1000 + 500)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("horizon_months", "0"),
        ("horizon_months", "121"),
        ("horizon_months", "6.5"),
        ("coordination_hours_monthly", "745"),
        ("overhead_percent", "301"),
    ],
)
def test_ranges(name: str, text: str) -> None:
    """Horizon 1–120 whole months, hours up to 744, overhead up to 300 %."""
    assert name in run("cost-comparison", {name: text}).errors


def test_agency_default_is_within_the_source_range_in_every_currency() -> None:
    """The agency default lies within 30,000–200,000 DKK a month, in whichever currency."""
    for currency in Currency:
        outcome = run("cost-comparison", {"currency": currency.value})
        dkk = outcome.values["agency_monthly"] * DKK_PER_UNIT[currency]
        assert 30000 <= dkk <= 200000, currency
