"""Community Playbook's calculators: pure Python, standard library only.

The same code runs in CPython (tests, CLI, site build) and in Pyodide (the browser).

>>> from calculators import run
>>> run("nps", {"promoters": "60", "passives": "25", "detractors": "15"}).outputs["nps"]
45.0
"""

from __future__ import annotations

from .languages import LANGUAGES, LOCALES, Locale, UnknownLanguageError, get_locale
from .model import Calculator, Currency, FormError, InputKind, InputSpec, OutputKind, OutputSpec
from .registry import CALCULATORS, UnknownCalculatorError, UnknownInputError, get_calculator
from .render import InvalidPresetError
from .runner import FORM, Outcome, run

__all__ = [
    "CALCULATORS",
    "FORM",
    "LANGUAGES",
    "LOCALES",
    "Calculator",
    "Currency",
    "FormError",
    "InputKind",
    "InputSpec",
    "InvalidPresetError",
    "Locale",
    "Outcome",
    "OutputKind",
    "OutputSpec",
    "UnknownCalculatorError",
    "UnknownInputError",
    "UnknownLanguageError",
    "get_calculator",
    "get_locale",
    "run",
]
