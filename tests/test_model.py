"""Each calculator describes its inputs once: the input record its formulas take matches its input specs."""

from __future__ import annotations

import dataclasses

import pytest

from calculators import CALCULATORS, Calculator, InputKind
from calculators.cost_comparison import CostComparisonInputs
from calculators.cost_per_conversion import CostPerConversionInputs
from calculators.decision_score import FACTORS
from calculators.nps import NpsInputs

RECORDS = {"cost-comparison": CostComparisonInputs, "cost-per-conversion": CostPerConversionInputs, "nps": NpsInputs}


@pytest.mark.parametrize("calc_id", list(RECORDS))
def test_input_record_matches_the_specs(calc_id: str) -> None:
    """Same names, same order, numeric types that fit (the currency input sets the unit, not a value)."""
    calc = CALCULATORS[calc_id]
    specs = [spec for spec in calc.inputs if spec.kind is not InputKind.CURRENCY]
    fields = dataclasses.fields(RECORDS[calc_id])
    assert [f.name for f in fields] == [spec.name for spec in specs]
    for f, spec in zip(fields, specs, strict=True):
        assert f.type == ("int" if spec.whole else "float"), f.name


def test_decision_inputs_follow_the_factors() -> None:
    """One rating and one weight per factor, in the factors' order."""
    names = [spec.name for spec in CALCULATORS["decision-score"].inputs]
    assert names == [name for name, _, _ in FACTORS] + [f"weight_{name}" for name, _, _ in FACTORS]


@pytest.mark.parametrize("calc", CALCULATORS.values(), ids=list(CALCULATORS))
def test_at_most_one_currency_input(calc: Calculator) -> None:
    """The currency input is found by its kind: there is never more than one."""
    assert sum(spec.kind is InputKind.CURRENCY for spec in calc.inputs) <= 1
    assert (calc.currency_input is None) == all(spec.kind is not InputKind.CURRENCY for spec in calc.inputs)
