"""Cost per conversion and ROI of community work over one period.

    total_cost = staff_cost + tools_cost + agency_fee + ad_spend + other_cost
    conversions = visitors · conversion_rate / 100
    cost_per_conversion = total_cost / conversions            (null if conversions = 0)
    revenue = conversions · value_per_conversion
    net_result = revenue − total_cost
    roi_percent = (revenue − total_cost) / total_cost · 100   (null if total_cost = 0)
    break_even_conversions = ⌈total_cost / value_per_conversion⌉
        (quotient rounded to 9 decimals first; null if value_per_conversion = 0)
    break_even_conversion_rate = break_even_conversions / visitors · 100
        (null if visitors = 0 or break_even_conversions is null)

>>> r = compute(CostPerConversionInputs(20_000, 2_000, 30_000, 8_000, 0, 12_000, 2.5, 500))
>>> r.total_cost, r.conversions, r.cost_per_conversion, r.roi_percent, r.break_even_conversions
(60000.0, 300.0, 200.0, 150.0, 120)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import (
    Amount,
    Calculator,
    Chart,
    InputKind,
    InputSpec,
    OutputKind,
    Outputs,
    OutputSpec,
    Quantity,
    Sentence,
    StackedBars,
    Values,
)


@dataclass(frozen=True)
class CostPerConversionInputs:
    """Costs and results of one period, in one currency."""

    staff_cost: float
    tools_cost: float
    agency_fee: float
    ad_spend: float
    other_cost: float
    visitors: int
    conversion_rate: float
    value_per_conversion: float


@dataclass(frozen=True)
class CostPerConversionResult:
    """Raw results; ``None`` where a formula divides by zero."""

    total_cost: float
    conversions: float
    cost_per_conversion: float | None
    revenue: float
    net_result: float
    roi_percent: float | None
    break_even_conversions: int | None
    break_even_conversion_rate: float | None


def compute(inputs: CostPerConversionInputs) -> CostPerConversionResult:
    """Apply the formulas in the module docstring.

    >>> r = compute(CostPerConversionInputs(0, 0, 0, 0, 0, 0, 0, 0))
    >>> r.cost_per_conversion, r.roi_percent, r.break_even_conversions, r.break_even_conversion_rate
    (None, None, None, None)
    """
    total_cost = math.fsum(
        (inputs.staff_cost, inputs.tools_cost, inputs.agency_fee, inputs.ad_spend, inputs.other_cost)
    )
    conversions = inputs.visitors * inputs.conversion_rate / 100
    revenue = conversions * inputs.value_per_conversion
    quotient = total_cost / inputs.value_per_conversion if inputs.value_per_conversion else math.inf
    # A value per conversion so tiny that the quotient overflows has no break-even either.
    break_even = math.ceil(round(quotient, 9)) if math.isfinite(quotient) else None
    return CostPerConversionResult(
        total_cost=total_cost,
        conversions=conversions,
        cost_per_conversion=total_cost / conversions if conversions else None,
        revenue=revenue,
        net_result=revenue - total_cost,
        roi_percent=(revenue - total_cost) / total_cost * 100 if total_cost else None,
        break_even_conversions=break_even,
        break_even_conversion_rate=(
            break_even / inputs.visitors * 100 if break_even is not None and inputs.visitors else None
        ),
    )


def _compute(values: Values) -> Outputs:
    fields = CostPerConversionInputs.__dataclass_fields__
    result = compute(CostPerConversionInputs(**{name: values[name] for name in fields}))
    return dict(vars(result))


_MONEY_DEFAULTS_DKK = {
    "staff_cost": 25_000,
    "tools_cost": 3_000,
    "agency_fee": 0,
    "ad_spend": 10_000,
    "other_cost": 2_000,
}

_MONEY = OutputKind.MONEY


def _money(value: float | None) -> Amount:
    return Amount(value, _MONEY)


def verdict(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """Cost per conversion and ROI, and what it takes to break even; why, where one is undefined."""
    sentences = []
    total, conversions = out["total_cost"], out["conversions"]
    if out["cost_per_conversion"] is None:
        sentences.append(Sentence("cost-per-conversion.verdict.no_conversions", {"total": _money(total)}))
    else:
        sentences.append(
            Sentence(
                "cost-per-conversion.verdict.cost",
                {
                    "cpc": _money(out["cost_per_conversion"]),
                    "conversions": Amount(conversions, OutputKind.NUMBER),
                    "total": _money(total),
                },
            )
        )
    roi = {"roi": Amount(out["roi_percent"], OutputKind.PERCENT), "revenue": _money(out["revenue"])}
    if out["roi_percent"] is None:
        sentences.append(Sentence("cost-per-conversion.verdict.no_cost", roi))
    elif conversions:
        key = "profit" if out["net_result"] >= 0 else "loss"
        sentences.append(Sentence(f"cost-per-conversion.verdict.{key}", {**roi, "net": _money(abs(out["net_result"]))}))
    needed, rate = out["break_even_conversions"], out["break_even_conversion_rate"]
    params = {
        "conversions": Amount(needed, OutputKind.INTEGER),
        "rate": Amount(rate, OutputKind.PERCENT),
    }
    if needed is None:
        sentences.append(Sentence("cost-per-conversion.verdict.no_value"))
    elif rate is None:
        sentences.append(Sentence("cost-per-conversion.verdict.break_even_count", params))
    elif rate > 100:
        sentences.append(Sentence("cost-per-conversion.verdict.break_even_impossible", params))
    else:
        sentences.append(Sentence("cost-per-conversion.verdict.break_even", params))
    return tuple(sentences)


def formula(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """The module's formulas with the current numbers."""
    total = _money(out["total_cost"])
    conversions = Amount(out["conversions"], OutputKind.NUMBER)
    value = _money(values["value_per_conversion"])
    return (
        Sentence(
            "cost-per-conversion.formula.total",
            {
                **{name: _money(values[name]) for name in _MONEY_DEFAULTS_DKK},
                "total": total,
            },
        ),
        Sentence(
            "cost-per-conversion.formula.conversions",
            {
                "visitors": Amount(values["visitors"], OutputKind.INTEGER),
                "rate": Amount(values["conversion_rate"], OutputKind.PERCENT),
                "conversions": conversions,
            },
        ),
        Sentence(
            "cost-per-conversion.formula.cpc",
            {"total": total, "conversions": conversions, "cpc": _money(out["cost_per_conversion"])},
        ),
        Sentence(
            "cost-per-conversion.formula.revenue",
            {"conversions": conversions, "value": value, "revenue": _money(out["revenue"])},
        ),
        Sentence(
            "cost-per-conversion.formula.roi",
            {"revenue": _money(out["revenue"]), "total": total, "roi": Amount(out["roi_percent"], OutputKind.PERCENT)},
        ),
        Sentence(
            "cost-per-conversion.formula.break_even",
            {"total": total, "value": value, "needed": Amount(out["break_even_conversions"], OutputKind.INTEGER)},
        ),
        Sentence(
            "cost-per-conversion.formula.break_even_rate",
            {
                "needed": Amount(out["break_even_conversions"], OutputKind.INTEGER),
                "visitors": Amount(values["visitors"], OutputKind.INTEGER),
                "rate": Amount(out["break_even_conversion_rate"], OutputKind.PERCENT),
            },
        ),
    )


def chart_message(values: Values, out: Outputs) -> Sentence:
    """What the costs-against-revenue chart shows."""
    return Sentence(
        "cost-per-conversion.chart.message",
        {"total": _money(out["total_cost"]), "revenue": _money(out["revenue"]), "net": _money(out["net_result"])},
    )


CALCULATOR = Calculator(
    id="cost-per-conversion",
    inputs=(
        InputSpec("currency", InputKind.CURRENCY, key="currency"),
        *(InputSpec(name, InputKind.MONEY, default=dkk) for name, dkk in _MONEY_DEFAULTS_DKK.items()),
        InputSpec("visitors", InputKind.INTEGER, default=8_000),
        InputSpec("conversion_rate", InputKind.PERCENT, default=2.5, maximum=100),
        InputSpec("value_per_conversion", InputKind.MONEY, default=400),
    ),
    outputs=(
        OutputSpec("total_cost", OutputKind.MONEY),
        OutputSpec("conversions", OutputKind.NUMBER),
        OutputSpec("cost_per_conversion", OutputKind.MONEY),
        OutputSpec("revenue", OutputKind.MONEY),
        OutputSpec("net_result", OutputKind.MONEY),
        OutputSpec("roi_percent", OutputKind.PERCENT),
        OutputSpec("break_even_conversions", OutputKind.INTEGER),
        OutputSpec("break_even_conversion_rate", OutputKind.PERCENT),
    ),
    compute=_compute,
    verdict=verdict,
    formula=formula,
    charts=(
        Chart(
            name="costs-and-revenue",
            kind=StackedBars(
                rows=(
                    (
                        "cost-per-conversion.chart.costs",
                        tuple(
                            Quantity(name, f"cost-per-conversion.{name}.label", source="input")
                            for name in _MONEY_DEFAULTS_DKK
                        ),
                    ),
                    (
                        "cost-per-conversion.chart.revenue",
                        (Quantity("revenue", "cost-per-conversion.revenue.label", role="part-5"),),
                    ),
                ),
                kind=OutputKind.MONEY,
            ),
            title_key="cost-per-conversion.chart.title",
            message=chart_message,
        ),
    ),
)
