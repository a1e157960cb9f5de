"""Labels, help texts and formatted values of inputs and outputs in a language."""

from __future__ import annotations

import json
import math
from typing import Any

from .formatting import format_money, format_number, format_percent, presentable
from .i18n import translate
from .model import (
    Amount,
    Calculator,
    Currency,
    InputKind,
    InputSpec,
    OutputKind,
    OutputSpec,
    Param,
    Sentence,
    Term,
)
from .money import default_currency, example_amount


def _params(lang: str, pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {name: translate(lang, key) for name, key in pairs}


def input_label(calc: Calculator, spec: InputSpec, lang: str) -> str:
    """The input's label in ``lang``."""
    return translate(lang, calc.input_key(spec) + ".label", **_params(lang, spec.label_params))


def input_help(calc: Calculator, spec: InputSpec, lang: str, currency: Currency | None = None) -> str:
    """The input's help text in ``lang``; amounts it quotes in ``currency`` (the language's own by default)."""
    currency = currency or default_currency(lang)
    amounts = {
        name: format_money(example_amount(dkk, currency), currency, lang, digits=0) for name, dkk in spec.help_amounts
    }
    return translate(lang, calc.input_key(spec) + ".help", **_params(lang, spec.label_params), **amounts)


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
    if spec.kind is OutputKind.CHOICE:
        return translate(lang, spec.choices.format(value))
    if spec.kind is OutputKind.MONEY_SERIES:
        return [
            format_money(item, currency, lang) if presentable(item) else translate(lang, "ui.too_large")
            for item in value
        ]
    return format_value(value, spec.kind, lang, currency)


def format_value(value: float, kind: OutputKind, lang: str, currency: Currency) -> str:
    """A number formatted as an output of ``kind`` is; one too large to show in digits says so.

    >>> format_value(-0.153, OutputKind.SCORE, "sv", Currency.SEK)
    '−0,15'
    >>> format_value(1e53, OutputKind.MONEY, "en", Currency.EUR)
    'Too large to show'
    """
    assert math.isfinite(value), value
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


def param_text(param: Param, lang: str, currency: Currency) -> str:
    """A value of a sentence as the reader sees it."""
    if isinstance(param, Amount):
        if param.value is None:
            return translate(lang, "ui.undefined")
        return format_value(param.value, param.kind, lang, currency)
    if isinstance(param, Term):
        return translate(lang, param.key, **{name: param_text(p, lang, currency) for name, p in param.params.items()})
    texts = [param_text(item, lang, currency) for item in param.items]
    if len(texts) < 2:
        return "".join(texts)
    return translate(lang, "ui.list", first=", ".join(texts[:-1]), last=texts[-1])


def sentence_text(sentence: Sentence, lang: str, currency: Currency) -> str:
    """A verdict's, formula's or chart's sentence in ``lang``, its numbers formatted there.

    >>> sentence_text(Sentence("ui.list", {"first": Amount(1.5, OutputKind.NUMBER), "last": Term("ui.month")}), "da",
    ...               Currency.DKK)
    '1,5 og Måned'
    """
    params = {name: param_text(param, lang, currency) for name, param in sentence.params.items()}
    return translate(lang, sentence.key, **params)


def raw_value(value: Any) -> str:
    """An output's raw value for ``data-value``: ``.`` decimals, JSON lists, empty for null.

    >>> raw_value(0.5), raw_value([1.0, 2.5]), raw_value(None), raw_value("hybrid")
    ('0.5', '[1.0, 2.5]', '', 'hybrid')
    """
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value)
    return str(value) if isinstance(value, str) else repr(value)
