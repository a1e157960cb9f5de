"""In-house team versus agency over a horizon, with the break-even month.

    inhouse_monthly = fte · monthly_salary · (1 + overhead_percent / 100)
                      + tools_monthly + training_yearly / 12
    outsourced_monthly = agency_monthly + coordination_hours_monthly · hourly_cost
    inhouse_total = recruitment_one_off + horizon_months · inhouse_monthly
    outsourced_total = onboarding_one_off + horizon_months · outsourced_monthly
    difference = outsourced_total − inhouse_total
    cheaper = "in-house" if difference > 0, "outsourced" if < 0, else "equal"
              (difference rounded to 6 decimals)
    break_even_month = the smallest m in 1 … horizon_months with
        recruitment_one_off + m · inhouse_monthly ≤ onboarding_one_off + m · outsourced_monthly
        (both sides rounded to 6 decimals); null if there is none

``cumulative_inhouse`` and ``cumulative_outsourced`` hold month m's cumulative cost, m = 1 … horizon.

>>> r = compute(CostComparisonInputs(1, 40_000, 30, 2_000, 12_000, 50_000, 60_000, 500, 10_000, 10, 24))
>>> r.inhouse_monthly, r.outsourced_monthly, r.difference, r.cheaper.value, r.break_even_month
(55000.0, 65000, 200000.0, 'in-house', 4)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .model import (
    Amount,
    Calculator,
    Chart,
    InputKind,
    InputSpec,
    LineChart,
    OutputKind,
    Outputs,
    OutputSpec,
    Quantity,
    Sentence,
    Term,
    Values,
)


class Cheaper(enum.Enum):
    """Which option costs less over the horizon."""

    IN_HOUSE = "in-house"
    OUTSOURCED = "outsourced"
    EQUAL = "equal"


@dataclass(frozen=True)
class CostComparisonInputs:
    """Monthly and one-off costs of both options, in one currency, and the horizon."""

    fte: float
    monthly_salary: float
    overhead_percent: float
    tools_monthly: float
    training_yearly: float
    recruitment_one_off: float
    agency_monthly: float
    hourly_cost: float
    onboarding_one_off: float
    coordination_hours_monthly: float
    horizon_months: int


@dataclass(frozen=True)
class CostComparisonResult:
    """Raw results; the cumulative lists have one value per month of the horizon."""

    inhouse_monthly: float
    outsourced_monthly: float
    inhouse_total: float
    outsourced_total: float
    difference: float
    cheaper: Cheaper
    break_even_month: int | None
    cumulative_inhouse: list[float]
    cumulative_outsourced: list[float]


def compute(inputs: CostComparisonInputs) -> CostComparisonResult:
    """Apply the formulas in the module docstring.

    >>> r = compute(CostComparisonInputs(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3))
    >>> r.cheaper.value, r.break_even_month, r.cumulative_inhouse
    ('equal', 1, [0.0, 0.0, 0.0])
    """
    inhouse_monthly = (
        inputs.fte * inputs.monthly_salary * (1 + inputs.overhead_percent / 100)
        + inputs.tools_monthly
        + inputs.training_yearly / 12
    )
    outsourced_monthly = inputs.agency_monthly + inputs.coordination_hours_monthly * inputs.hourly_cost
    months = range(1, inputs.horizon_months + 1)
    cumulative_inhouse = [inputs.recruitment_one_off + m * inhouse_monthly for m in months]
    cumulative_outsourced = [inputs.onboarding_one_off + m * outsourced_monthly for m in months]
    inhouse_total = cumulative_inhouse[-1]
    outsourced_total = cumulative_outsourced[-1]
    difference = outsourced_total - inhouse_total
    rounded = round(difference, 6)
    cheaper = Cheaper.IN_HOUSE if rounded > 0 else Cheaper.OUTSOURCED if rounded < 0 else Cheaper.EQUAL
    break_even_month = next(
        (
            m
            for m, inhouse, outsourced in zip(months, cumulative_inhouse, cumulative_outsourced, strict=True)
            if round(inhouse, 6) <= round(outsourced, 6)
        ),
        None,
    )
    return CostComparisonResult(
        inhouse_monthly,
        outsourced_monthly,
        inhouse_total,
        outsourced_total,
        difference,
        cheaper,
        break_even_month,
        cumulative_inhouse,
        cumulative_outsourced,
    )


def _compute(values: Values) -> Outputs:
    fields = CostComparisonInputs.__dataclass_fields__
    result = compute(CostComparisonInputs(**{name: values[name] for name in fields}))
    outputs = dict(vars(result))
    outputs["cheaper"] = result.cheaper.value
    return outputs


_MONEY = OutputKind.MONEY


def _money(value: float) -> Amount:
    return Amount(value, _MONEY)


def verdict(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """Which option is cheaper over the horizon and by how much, the monthly costs, the break-even month."""
    months = Amount(values["horizon_months"], OutputKind.INTEGER)
    if out["cheaper"] == Cheaper.EQUAL.value:
        first = Sentence("cost-comparison.verdict.equal", {"months": months, "total": _money(out["inhouse_total"])})
    else:
        first = Sentence(
            "cost-comparison.verdict.cheaper",
            {
                "months": months,
                "option": Term(f"cost-comparison.option.{out['cheaper']}"),
                "saving": _money(abs(out["difference"])),
                "inhouse": _money(out["inhouse_total"]),
                "outsourced": _money(out["outsourced_total"]),
            },
        )
    monthly = Sentence(
        "cost-comparison.verdict.monthly",
        {
            "inhouse": _money(out["inhouse_monthly"]),
            "outsourced": _money(out["outsourced_monthly"]),
            "difference": _money(abs(out["outsourced_monthly"] - out["inhouse_monthly"])),
        },
    )
    month = out["break_even_month"]
    if month is None:
        last = Sentence("cost-comparison.verdict.never", {"months": months})
    elif month == 1:
        last = Sentence("cost-comparison.verdict.from_start")
    else:
        last = Sentence("cost-comparison.verdict.break_even", {"month": Amount(month, OutputKind.INTEGER)})
    return (first, monthly, last)


def formula(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """The module's formulas with the current numbers."""
    months = Amount(values["horizon_months"], OutputKind.INTEGER)
    return (
        Sentence(
            "cost-comparison.formula.inhouse_monthly",
            {
                "fte": Amount(values["fte"], OutputKind.NUMBER),
                "salary": _money(values["monthly_salary"]),
                "overhead": Amount(values["overhead_percent"], OutputKind.PERCENT),
                "tools": _money(values["tools_monthly"]),
                "training": _money(values["training_yearly"]),
                "result": _money(out["inhouse_monthly"]),
            },
        ),
        Sentence(
            "cost-comparison.formula.outsourced_monthly",
            {
                "agency": _money(values["agency_monthly"]),
                "hours": Amount(values["coordination_hours_monthly"], OutputKind.NUMBER),
                "hourly": _money(values["hourly_cost"]),
                "result": _money(out["outsourced_monthly"]),
            },
        ),
        Sentence(
            "cost-comparison.formula.inhouse_total",
            {
                "months": months,
                "one_off": _money(values["recruitment_one_off"]),
                "monthly": _money(out["inhouse_monthly"]),
                "result": _money(out["inhouse_total"]),
            },
        ),
        Sentence(
            "cost-comparison.formula.outsourced_total",
            {
                "months": months,
                "one_off": _money(values["onboarding_one_off"]),
                "monthly": _money(out["outsourced_monthly"]),
                "result": _money(out["outsourced_total"]),
            },
        ),
        Sentence(
            "cost-comparison.formula.difference",
            {
                "outsourced": _money(out["outsourced_total"]),
                "inhouse": _money(out["inhouse_total"]),
                "result": _money(out["difference"]),
            },
        ),
    )


def chart_message(values: Values, out: Outputs) -> Sentence:
    """What the cumulative cost chart shows."""
    month = out["break_even_month"]
    crossing = (
        Term("cost-comparison.chart.no_break_even")
        if month is None
        else Term("cost-comparison.chart.break_even_at", {"month": Amount(month, OutputKind.INTEGER)})
    )
    return Sentence(
        "cost-comparison.chart.message",
        {
            "months": Amount(values["horizon_months"], OutputKind.INTEGER),
            "inhouse": _money(out["inhouse_total"]),
            "outsourced": _money(out["outsourced_total"]),
            "crossing": crossing,
        },
    )


CALCULATOR = Calculator(
    id="cost-comparison",
    inputs=(
        InputSpec("currency", InputKind.CURRENCY, key="currency"),
        InputSpec("fte", InputKind.NUMBER, default=1, maximum=100),
        InputSpec("monthly_salary", InputKind.MONEY, default=42_000),
        InputSpec("overhead_percent", InputKind.PERCENT, default=25, maximum=300),
        InputSpec("tools_monthly", InputKind.MONEY, default=2_500),
        InputSpec("training_yearly", InputKind.MONEY, default=15_000),
        InputSpec("recruitment_one_off", InputKind.MONEY, default=40_000),
        # Inside the 30,000–200,000 DKK a month that agencies charge (source material).
        InputSpec("agency_monthly", InputKind.MONEY, default=60_000, help_amounts=(("low", 30_000), ("high", 200_000))),
        InputSpec("hourly_cost", InputKind.MONEY, default=450),
        InputSpec("onboarding_one_off", InputKind.MONEY, default=20_000),
        InputSpec("coordination_hours_monthly", InputKind.NUMBER, default=10, maximum=744),
        InputSpec("horizon_months", InputKind.INTEGER, default=24, minimum=1, maximum=120),
    ),
    outputs=(
        OutputSpec("inhouse_monthly", OutputKind.MONEY),
        OutputSpec("outsourced_monthly", OutputKind.MONEY),
        OutputSpec("inhouse_total", OutputKind.MONEY),
        OutputSpec("outsourced_total", OutputKind.MONEY),
        OutputSpec("difference", OutputKind.MONEY),
        OutputSpec("cheaper", OutputKind.CHOICE, choices="choice.cheaper.{}"),
        OutputSpec("break_even_month", OutputKind.INTEGER),
        OutputSpec("cumulative_inhouse", OutputKind.MONEY_SERIES),
        OutputSpec("cumulative_outsourced", OutputKind.MONEY_SERIES),
    ),
    compute=_compute,
    verdict=verdict,
    formula=formula,
    charts=(
        Chart(
            name="cumulative-cost",
            kind=LineChart(
                series=(
                    Quantity("cumulative_inhouse", "choice.cheaper.in-house"),
                    Quantity("cumulative_outsourced", "choice.cheaper.outsourced"),
                ),
                x_key="ui.month",
                marker="break_even_month",
                marker_key="cost-comparison.chart.marker",
                difference_key="cost-comparison.chart.difference",
            ),
            title_key="cost-comparison.chart.title",
            message=chart_message,
        ),
    ),
)
