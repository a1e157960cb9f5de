"""Every calculator, by its stable id, and the errors for names that do not exist."""

from __future__ import annotations

from . import cost_comparison, cost_per_conversion, decision_score, nps
from .model import Calculator

CALCULATORS: dict[str, Calculator] = {
    module.CALCULATOR.id: module.CALCULATOR for module in (decision_score, cost_per_conversion, cost_comparison, nps)
}


class UnknownCalculatorError(LookupError):
    """No calculator has this id."""

    def __init__(self, calculator_id: str) -> None:
        super().__init__(f"unknown calculator {calculator_id!r}; known ids: {', '.join(CALCULATORS)}")
        self.calculator_id = calculator_id


class UnknownInputError(LookupError):
    """The calculator has no input of this name."""

    def __init__(self, calculator: Calculator, name: str) -> None:
        names = ", ".join(spec.name for spec in calculator.inputs)
        super().__init__(f"{calculator.id} has no input {name!r}; its inputs: {names}")
        self.name = name


def get_calculator(calculator_id: str) -> Calculator:
    """The calculator with this id.

    Raises:
        UnknownCalculatorError: No calculator has that id.
    """
    try:
        return CALCULATORS[calculator_id]
    except KeyError:
        raise UnknownCalculatorError(calculator_id) from None
