"""The engine's entry point: what the browser's worker calls in Pyodide for every edit.

Its name is declared in :mod:`calculators.protocol`; the markup comes from :mod:`calculators.render`,
the same renderer the site build uses, so live and pre-rendered results are identical.
"""

from __future__ import annotations

import json
from typing import Any

from .i18n import translate
from .model import Calculator, Currency, InputKind, InputSpec
from .money import example_amount
from .present import default_value, format_input, input_help
from .registry import get_calculator
from .render import render_results
from .runner import FORM, run


def canonical(value: Any) -> str:
    """An input value as written in a shared link, whatever the language (``.`` decimals).

    >>> canonical(2.5), canonical(60000.0), canonical(12), canonical(Currency.DKK)
    ('2.5', '60000', '12', 'DKK')
    """
    if isinstance(value, Currency):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _at_a_default(spec: InputSpec, value: Any) -> bool:
    """True when an amount equals this input's default in any currency (so it was never typed)."""
    return any(value == example_amount(float(spec.default or 0), currency) for currency in Currency)


def convert_defaults(calc: Calculator, raw: dict[str, str], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """After a change of currency: amounts still at a default take the new currency's default.

    Returns the new text of each converted input, and a note for each amount that was typed
    (kept as it is, not converted).
    """
    chooser = calc.currency_input
    outcome = run(calc, raw, lang)
    if chooser is None or chooser.name in outcome.errors:
        return {}, {}
    converted: dict[str, str] = {}
    notes: dict[str, str] = {}
    for spec in calc.inputs:
        if spec.kind is not InputKind.MONEY or spec.name not in raw or spec.name in outcome.errors:
            continue
        value = outcome.values[spec.name]
        if _at_a_default(spec, value):
            new = default_value(spec, lang, outcome.currency)
            if new != value:
                converted[spec.name] = format_input(spec, new, lang)
        else:
            notes[spec.name] = translate(lang, "note.not_converted", currency=outcome.currency.value)
    return converted, notes


def live_update(calculator_id: str, lang: str, values_json: str, changed: str = "") -> str:
    r"""Recompute in the browser: typed values in, results markup and messages out, as JSON.

    Args:
        calculator_id: The calculator's id.
        lang: The page's language.
        values_json: A JSON object of the form's input text by name.
        changed: The inputs edited since the last update, comma-separated ("" if unknown); a
            change of the currency converts the amounts still at their default.

    Returns:
        A JSON object: ``ok``; ``html``, the results markup (null when invalid);
        ``errors`` by input name or ``_form``; ``hints``, notes beside fields by input name;
        ``inputs``, new text for fields that were converted; ``help``, help texts that quote
        amounts, in the current currency; ``values``, the valid inputs as written in a shared
        link; ``currency``, the currency code of the amounts.

    >>> data = json.loads(live_update("nps", "da", '{"promoters": "1.200", "passives": "x"}'))
    >>> data["ok"], sorted(data["errors"]), data["values"]["promoters"]
    (False, ['passives'], '1200')
    >>> typed = '{"currency": "DKK", "agency_monthly": "8000", "hourly_cost": "70"}'
    >>> data = json.loads(live_update("cost-comparison", "en", typed, "currency"))
    >>> data["inputs"], data["hints"]["hourly_cost"]
    ({'agency_monthly': '60,000'}, 'Kept as you typed it: not converted to DKK.')
    >>> data["help"]["agency_monthly"]
    'Agencies charge roughly DKK 30,000–DKK 200,000 a month for community management.'

    """
    calc = get_calculator(calculator_id)
    raw = {name: str(text) for name, text in json.loads(values_json).items() if calc.has_input(name)}
    converted: dict[str, str] = {}
    notes: dict[str, str] = {}
    if calc.currency_input is not None and calc.currency_input.name in changed.split(","):
        converted, notes = convert_defaults(calc, raw, lang)
        raw.update(converted)
    outcome = run(calc, raw, lang)
    valid = {name: canonical(outcome.values[name]) for name in raw if name not in outcome.errors}
    errors = outcome.errors
    html = None
    if outcome.ok:
        try:
            html = render_results(outcome, lang)
        # One calculator's failure must not fail the engine or the page. The errors a renderer can
        # raise on numbers are named (issue 17: no bare ``except Exception``).
        except (ArithmeticError, ValueError, LookupError, TypeError, AssertionError, RuntimeError):
            errors = {FORM: translate(lang, "error.cannot_compute")}
    return json.dumps(
        {
            "ok": html is not None,
            "html": html,
            "errors": errors,
            "hints": {**notes, **outcome.hints},
            "inputs": converted,
            "help": {
                spec.name: input_help(calc, spec, lang, outcome.currency) for spec in calc.inputs if spec.help_amounts
            },
            "values": valid,
            "currency": outcome.currency.value,
        },
        ensure_ascii=False,
    )
