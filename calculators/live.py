"""The engine's entry point: what the browser's worker calls in Pyodide for every edit.

Its name is declared in :mod:`calculators.protocol`; the markup comes from :mod:`calculators.render`,
the same renderer the site build uses, so live and pre-rendered results are identical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import export
from .i18n import translate
from .languages import get_locale
from .model import Calculator, Currency, InputKind, InputSpec
from .money import example_amount
from .present import default_value, format_input, input_help
from .registry import get_calculator
from .render import render_results
from .runner import FORM, run

#: Decimals a field shows (see :func:`calculators.present.format_input`).
FIELD_DECIMALS = 6
#: An input value as written in a shared link: ``.`` decimals, never an exponent.
canonical = export.canonical


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


def live_update(calculator_id: str, lang: str, values_json: str, changed: str = "", options_json: str = "{}") -> str:
    r"""Recompute in the browser: typed values in, results markup and messages out, as JSON.

    Args:
        calculator_id: The calculator's id.
        lang: The page's language.
        values_json: A JSON object of the form's input text by name.
        changed: The inputs edited since the last update, comma-separated ("" if unknown); a
            change of the currency converts the amounts still at their default.
        options_json: A JSON object: ``page``, the page's address, and ``today``, the reader's
            ISO date (for the summary and the printed header); ``from``, set when the values
            come from a link (``canonical``) or another language's page (its code): they are
            read that way and returned re-formatted for ``lang`` in ``inputs``.

    Returns:
        A JSON object: ``ok``; ``html``, the results markup (null when invalid);
        ``errors`` by input name or ``_form``; ``hints``, notes beside fields by input name;
        ``inputs``, new text for fields that were converted or restored (``from``); ``help``,
        help texts that quote amounts, in the current currency; ``values``, the valid inputs as
        written in a shared link; ``currency``, the currency code of the amounts; ``export``,
        the markup of what the action row hands over (null when invalid).

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
    options = json.loads(options_json)
    source = options.get("from")
    restored = restore_inputs(calc.id, raw, source, lang) if source else {}
    raw.update(restored)
    converted: dict[str, str] = {}
    notes: dict[str, str] = {}
    if calc.currency_input is not None and calc.currency_input.name in changed.split(","):
        converted, notes = convert_defaults(calc, raw, lang)
        raw.update(converted)
    outcome = run(calc, raw, lang)
    valid = {name: canonical(outcome.values[name]) for name in raw if name not in outcome.errors}
    errors = outcome.errors
    html = exported = None
    if outcome.ok:
        try:
            html = render_results(outcome, lang)
            exported = export.render_export(calc, outcome, lang, export.ExportContext.from_json(options))
        # One calculator's failure must not fail the engine or the page. The errors a renderer can
        # raise on numbers are named (issue 17: no bare ``except Exception``).
        except (ArithmeticError, ValueError, LookupError, TypeError, AssertionError, RuntimeError):
            html = exported = None
            errors = {FORM: translate(lang, "error.cannot_compute")}
    return json.dumps(
        {
            "ok": html is not None,
            "html": html,
            "errors": errors,
            "hints": {**notes, **outcome.hints},
            "inputs": {**restored, **converted},
            "help": {
                spec.name: input_help(calc, spec, lang, outcome.currency) for spec in calc.inputs if spec.help_amounts
            },
            "values": valid,
            "currency": outcome.currency.value,
            "export": exported,
        },
        ensure_ascii=False,
    )


def restore_inputs(calculator_id: str, raw: Mapping[str, str], source: str, lang: str) -> dict[str, str]:
    """Input text from a link or another language's page, written as a person of ``lang`` types it.

    ``source`` is ``canonical`` (a link: ``.`` decimals, no grouping) or the language the
    text was typed in. Text that does not parse there is kept as it is (its error shows).

    Raises:
        UnknownLanguageError: ``source`` is neither ``canonical`` nor a language.

    >>> restore_inputs("nps", {"promoters": "12500", "passives": "x"}, "canonical", "da")
    {'promoters': '12.500', 'passives': 'x'}
    >>> restore_inputs("cost-comparison", {"fte": "1,5", "currency": "SEK"}, "sv", "en")
    {'currency': 'SEK', 'fte': '1.5'}
    """
    calc = get_calculator(calculator_id)
    read_as = "en" if source == "canonical" else source
    get_locale(read_as)  # raises for an unknown language
    outcome = run(calc, raw, read_as)
    return {
        spec.name: raw[spec.name]
        if spec.name in outcome.errors
        else canonical(outcome.values[spec.name])
        if spec.kind is InputKind.CURRENCY
        else _restored_text(spec, outcome.values[spec.name], lang)
        for spec in calc.inputs
        if spec.name in raw
    }


def _restored_text(spec: InputSpec, value: float, lang: str) -> str:
    """A restored value as the field shows it; with every digit when it has more decimals than a field shows.

    >>> from calculators import get_calculator
    >>> spec = get_calculator("cost-per-conversion").inputs[7]
    >>> _restored_text(spec, 1e-20, "da"), _restored_text(spec, 2.5, "da")
    ('0,00000000000000000001', '2,5')
    """
    text = format_input(spec, value, lang)
    exact = export.plain_decimal(value)
    if "." in exact and len(exact.split(".", 1)[1]) > FIELD_DECIMALS:
        return exact.replace(".", get_locale(lang).decimal)  # rounding it would change the result
    return text
