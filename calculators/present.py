"""Labels, help texts and formatted values of inputs and outputs in a language."""

from __future__ import annotations

import math
from typing import Any

from .formatting import format_money, format_number, format_percent, presentable
from .i18n import translate
from .model import Calculator, Currency, InputKind, InputSpec, OutputKind, OutputSpec
from .money import default_currency, example_amount


def _params(lang: str, pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {name: translate(lang, key) for name, key in pairs}


def input_label(calc: Calculator, spec: InputSpec, lang: str) -> str:
    """The input's label in ``lang``."""
    return translate(lang, calc.input_key(spec) + ".label", **_params(lang, spec.label_params))


def input_help(calc: Calculator, spec: InputSpec, lang: str) -> str:
    """The input's help text in ``lang``."""
    return translate(lang, calc.input_key(spec) + ".help", **_params(lang, spec.label_params))


def output_label(calc: Calculator, spec: OutputSpec, lang: str) -> str:
    """The output's label in ``lang``."""
    return translate(lang, calc.output_key(spec) + ".label", **_params(lang, spec.label_params))


def null_text(calc: Calculator, spec: OutputSpec, lang: str) -> str:
    """Why an output is undefined (null), in ``lang``."""
    return translate(lang, calc.output_key(spec) + ".null")


def unit(spec: InputSpec, currency: Currency) -> str:
    """The unit shown next to an input: a currency code, ``%`` or nothing."""
    if spec.kind is InputKind.MONEY:
        return currency.value
    if spec.kind is InputKind.PERCENT:
        return "%"
    return ""


def default_value(spec: InputSpec, lang: str, currency: Currency | None = None) -> float | int | str:
    """The input's default; money defaults in ``currency`` (the language's own by default)."""
    currency = currency or default_currency(lang)
    if spec.kind is InputKind.CURRENCY:
        return currency.value
    if spec.kind is InputKind.MONEY:
        return example_amount(float(spec.default or 0), currency)
    assert spec.default is not None, spec.name
    return spec.default


def format_input(spec: InputSpec, value: float | int | str, lang: str) -> str:
    """A value as a person of ``lang`` would type it in the field (no grouping needed to parse)."""
    if isinstance(value, str):
        return value
    return format_number(value, lang, max_digits=0 if spec.whole else 6)


def format_output(calc: Calculator, spec: OutputSpec, value: Any, lang: str, currency: Currency) -> str | list[str]:
    """An output value as shown to a reader of ``lang``; null gives the reason it is undefined.

    Every finite value formats: one too large to show in digits says so in ``lang``.

    >>> from calculators import get_calculator
    >>> calc = get_calculator("cost-per-conversion")
    >>> format_output(calc, calc.output("cost_per_conversion"), 1e53, "da", Currency.DKK)
    'For stort til at blive vist'
    """
    if value is None:
        return null_text(calc, spec, lang)
    kind = spec.kind
    if kind is OutputKind.CHOICE:
        return translate(lang, spec.choices.format(value))
    if kind is OutputKind.MONEY_SERIES:
        return [
            format_money(item, currency, lang) if presentable(item) else translate(lang, "ui.too_large")
            for item in value
        ]
    assert math.isfinite(value), spec.name
    if not presentable(value):
        return translate(lang, "ui.too_large")
    if kind is OutputKind.MONEY:
        return format_money(value, currency, lang)
    if kind is OutputKind.PERCENT:
        return format_percent(value, lang)
    if kind is OutputKind.SCORE:
        return format_number(value, lang, min_digits=2, max_digits=2)
    if kind is OutputKind.NUMBER:
        return format_number(value, lang, max_digits=1)
    return format_number(value, lang, max_digits=0)
