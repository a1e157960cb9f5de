"""Cost per conversion and ROI: hand-computed cases, including every null."""

from typing import Any

from calculators import run

BASE = {
    "staff_cost": "20000",
    "tools_cost": "2000",
    "agency_fee": "30000",
    "ad_spend": "8000",
    "other_cost": "0",
    "visitors": "12000",
    "conversion_rate": "2.5",
    "value_per_conversion": "500",
}


def outputs(**changes: str) -> dict[str, Any]:
    outcome = run("cost-per-conversion", BASE | changes)
    assert outcome.ok, outcome.errors
    return outcome.outputs


def test_worked_example() -> None:
    """60,000 spent, 300 conversions worth 500 each."""
    out = outputs()
    assert out["total_cost"] == 60000
    assert out["conversions"] == 300
    assert out["cost_per_conversion"] == 200
    assert out["revenue"] == 150000
    assert out["net_result"] == 90000
    assert out["roi_percent"] == 150
    assert out["break_even_conversions"] == 120
    assert out["break_even_conversion_rate"] == 1


def test_loss_gives_negative_roi() -> None:
    """Revenue below cost: negative net result and ROI."""
    out = outputs(value_per_conversion="100")
    assert out["net_result"] == -30000
    assert out["roi_percent"] == -50
    assert out["break_even_conversions"] == 600
    assert out["break_even_conversion_rate"] == 5


def test_break_even_rounds_up_but_not_float_noise() -> None:
    """⌈60,000 / 700⌉ = 86; a quotient that is whole up to float noise is not bumped."""
    assert outputs(value_per_conversion="700")["break_even_conversions"] == 86
    # 0.3 / 0.1 = 2.9999999999999996 in floats: rounded to 9 decimals first, so 3.
    zero = dict.fromkeys(("staff_cost", "tools_cost", "agency_fee", "ad_spend"), "0")
    out = outputs(**zero, other_cost="0.3", value_per_conversion="0.1")
    assert out["break_even_conversions"] == 3


def test_no_conversions_nulls_cost_per_conversion() -> None:
    """Zero conversion rate: cost per conversion is undefined."""
    out = outputs(conversion_rate="0")
    assert out["cost_per_conversion"] is None
    assert out["revenue"] == 0
    assert out["roi_percent"] == -100


def test_zero_cost_nulls_roi() -> None:
    """Nothing spent: ROI is undefined, break-even needs 0 conversions."""
    zero = dict.fromkeys(("staff_cost", "tools_cost", "agency_fee", "ad_spend", "other_cost"), "0")
    out = outputs(**zero)
    assert out["roi_percent"] is None
    assert out["cost_per_conversion"] == 0
    assert out["break_even_conversions"] == 0
    assert out["break_even_conversion_rate"] == 0


def test_zero_value_nulls_break_even() -> None:
    """No value per conversion: no break-even, and so no break-even rate."""
    out = outputs(value_per_conversion="0")
    assert out["break_even_conversions"] is None
    assert out["break_even_conversion_rate"] is None


def test_zero_visitors_nulls_break_even_rate() -> None:
    """No visitors: the break-even rate is undefined, the count is not."""
    out = outputs(visitors="0")
    assert out["break_even_conversions"] == 120
    assert out["break_even_conversion_rate"] is None
    assert out["cost_per_conversion"] is None


def test_conversion_rate_accepts_percent_sign_and_range() -> None:
    """Percent fields take a trailing % and stay within 0–100."""
    assert outputs(conversion_rate="2.5 %")["conversions"] == 300
    outcome = run("cost-per-conversion", {"conversion_rate": "101"})
    assert outcome.errors["conversion_rate"] == "Conversion rate must be from 0 to 100."
