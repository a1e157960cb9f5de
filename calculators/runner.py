"""Run a calculator on text as people type it: parse, validate, compute.

Never raises for bad input: every problem becomes a message in the page's language,
per field (by input name) or for the form as a whole (``_form``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .formatting import format_number
from .i18n import translate
from .languages import get_locale
from .model import Calculator, Currency, FormError, InputKind, InputSpec
from .parsing import ParseError, other_reading, parse_number, split_currency
from .present import default_value, input_label
from .registry import UnknownInputError, get_calculator

FORM = "_form"


@dataclass(frozen=True)
class Outcome:
    """What a run gives: raw outputs when every input is valid, else messages.

    Attributes:
        calculator: The calculator that ran.
        ok: True when there are no errors.
        outputs: Raw, unrounded outputs by name (None where a formula is undefined).
        errors: Messages in the run's language, by input name or ``_form``.
        values: The validated input values by name (only those that parsed).
        currency: The currency the outputs are in.
        hints: Notes beside fields that were read in a way the person may not have meant, by input name.
    """

    calculator: Calculator
    ok: bool
    outputs: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    currency: Currency = Currency.EUR
    hints: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON shape: calculator, ok, outputs, errors."""
        return {"calculator": self.calculator.id, "ok": self.ok, "outputs": self.outputs, "errors": self.errors}


def _bound(spec: InputSpec, value: float, lang: str) -> str:
    return format_number(value, lang, max_digits=0 if spec.whole else 2)


def _error(
    calc: Calculator, spec: InputSpec, error: ParseError, lang: str, *, messages: str, currency: Currency
) -> str:
    """The message for ``error`` in ``messages``, with numbers as they are typed in ``lang``."""
    locale = get_locale(lang)
    # A whole-number field's example is a grouped whole number, never a decimal like 1.5.
    example = format_number(1200, lang) if spec.whole else "1" + locale.decimal + "5"
    if error.key == "separator" and messages != lang:  # that message describes its own language's separators
        return translate(
            messages,
            "error.separator_of",
            field=input_label(calc, spec, messages),
            decimal=locale.decimal,
            group=locale.typed_groups[0].replace("\u00a0", " "),
        )
    return translate(
        messages,
        f"error.{error.key}",
        field=input_label(calc, spec, messages),
        min=_bound(spec, spec.minimum, lang),
        max=_bound(spec, spec.maximum, lang),
        example=example,
        choices=", ".join(c.value for c in Currency),
        currency=currency.value,
        **error.params,
    )


def _hint(spec: InputSpec, text: str, lang: str, messages: str) -> str:
    """A note when a money or count field holds a number another of our languages reads otherwise."""
    if spec.kind not in (InputKind.MONEY, InputKind.INTEGER):
        return ""
    body = split_currency(text)[0] if spec.kind is InputKind.MONEY else text
    other = other_reading(body, lang)
    if other is None:
        return ""
    read = parse_number(body, lang)
    return translate(
        messages,
        "hint.foreign_format",
        read=format_number(float(read), lang, max_digits=3),
        other=format_number(float(other), lang, max_digits=0),
    )


def _parse(spec: InputSpec, text: str, lang: str, currency: Currency) -> float | int | Currency:
    """Parse one input; raises ParseError with the message key.

    A money amount may carry its currency (``45.000 kr.``, ``€45,000``); another currency than
    the calculator's is an error, never converted silently.
    """
    if spec.kind is InputKind.CURRENCY:
        code = text.strip()
        if not code:
            raise ParseError("choice_required")
        # ASCII only: Unicode upper() would turn the dotless "ısk" into ISK.
        if not code.isascii():
            raise ParseError("choice")
        try:
            return Currency(code.upper())
        except ValueError:
            raise ParseError("choice") from None
    if spec.kind is InputKind.MONEY:
        text, marked, marker = split_currency(text)
        if marked is not None and currency not in marked:
            raise ParseError("currency_mismatch", found=marker)
    number = parse_number(text, lang, percent=spec.kind is InputKind.PERCENT)
    if spec.whole and number != number.to_integral_value():
        raise ParseError("whole_number")
    if not Decimal(spec.minimum) <= number <= Decimal(spec.maximum):
        raise ParseError("whole_number" if spec.whole else "out_of_range")
    return int(number) if spec.whole else float(number)


def _typed(spec: InputSpec, default: float | int | str) -> float | int | Currency:
    """A default with the type that parsing gives, so defaults and typed values compute alike."""
    if spec.kind is InputKind.CURRENCY:
        return Currency(default)
    return int(default) if spec.whole else float(default)


def _read(
    calc: Calculator, raw: Mapping[str, str], lang: str, messages: str
) -> tuple[dict[str, Any], dict[str, str], dict[str, str], Currency]:
    """Parse the typed inputs: values, errors and hints by input name, and the currency."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    hints: dict[str, str] = {}
    currency = get_locale(lang).default_currency
    chooser = calc.currency_input
    # The currency first: amounts are read (and their currency marks checked) in it.
    for spec in ([chooser] if chooser else []) + [s for s in calc.inputs if s is not chooser]:
        if spec.name not in raw:
            continue
        try:
            values[spec.name] = _parse(spec, raw[spec.name], lang, currency)
        except ParseError as error:
            errors[spec.name] = _error(calc, spec, error, lang, messages=messages, currency=currency)
        if spec is chooser and isinstance(values.get(spec.name), Currency):
            currency = values[spec.name]
        hint = _hint(spec, raw[spec.name], lang, messages)
        if hint:
            hints[spec.name] = hint
    return values, errors, hints, currency


def run(
    calculator: str | Calculator, raw: Mapping[str, str], lang: str = "en", *, messages: str | None = None
) -> Outcome:
    """Run a calculator on typed text; missing inputs take their defaults.

    Args:
        calculator: A calculator, or the id of one in the registry.
        raw: Input text by input name, as typed in ``lang``.
        lang: Language of the text and of the messages.
        messages: Another language for the messages (numbers in them stay as typed in ``lang``),
            e.g. English for a contributor's build error about a Danish page.

    Raises:
        UnknownCalculatorError: No calculator has that id.
        UnknownInputError: ``raw`` names an input the calculator does not have.
        UnknownLanguageError: ``lang`` has no locale record.

    >>> run("nps", {"promoters": "1,200", "detractors": "200"}).outputs["responses"]
    1450
    >>> run("nps", {"promoters": "12.5"}, "da").errors["promoters"]
    'Promotorer: brug komma som decimaltegn. Punktum adskiller kun tusinder og skal efterfølges af præcis tre cifre.'
    """
    calc = calculator if isinstance(calculator, Calculator) else get_calculator(calculator)
    get_locale(lang)
    messages = messages or lang
    get_locale(messages)
    for name in raw:
        if not calc.has_input(name):
            raise UnknownInputError(calc, name)
    values, errors, hints, currency = _read(calc, raw, lang, messages)
    for spec in calc.inputs:
        if spec.name not in raw:
            values[spec.name] = _typed(spec, default_value(spec, lang, currency))
    if errors:
        return Outcome(calc, False, errors=errors, values=values, currency=currency, hints=hints)
    try:
        outputs = calc.compute(values)
    except FormError as error:
        return Outcome(
            calc,
            False,
            errors={FORM: translate(messages, f"error.{error.key}")},
            values=values,
            currency=currency,
            hints=hints,
        )
    except ArithmeticError:
        # A safety net like the one below: valid inputs whose arithmetic fails get a message, not a traceback.
        return Outcome(
            calc,
            False,
            errors={FORM: translate(messages, "error.cannot_compute")},
            values=values,
            currency=currency,
            hints=hints,
        )
    for name, value in outputs.items():
        if isinstance(value, float):
            # A safety net, never expected to fire: an output that overflowed is undefined, not inf.
            # Adding 0.0 turns -0.0 (e.g. a zero contribution against in-house) into 0.0.
            outputs[name] = value + 0.0 if math.isfinite(value) else None
    return Outcome(calc, True, outputs=outputs, values=values, currency=currency, hints=hints)
