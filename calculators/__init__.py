"""Community Playbook's calculators: pure Python, standard library only.

The same code runs in CPython (tests, CLI, site build) and in Pyodide (the browser).

>>> from calculators import run
>>> run("nps", {"promoters": "60", "passives": "25", "detractors": "15"}).outputs["nps"]
45.0
"""

from __future__ import annotations

from ._spec import Calculator, Currency, InputKind, InputSpec, OutputKind, OutputSpec
from .i18n import LANGUAGES
from .registry import CALCULATORS, UnknownCalculatorError, UnknownInputError, get_calculator
from .runner import FORM, Outcome, run

__all__ = [
    "CALCULATORS",
    "FORM",
    "LANGUAGES",
    "Calculator",
    "Currency",
    "InputKind",
    "InputSpec",
    "Outcome",
    "OutputKind",
    "OutputSpec",
    "UnknownCalculatorError",
    "UnknownInputError",
    "get_calculator",
    "run",
]
