"""The engine's entry point: what the browser's worker calls in Pyodide for every edit.

Its name is declared in :mod:`calculators.protocol`; the markup comes from :mod:`calculators.render`,
the same renderer the site build uses, so live and pre-rendered results are identical.
"""

from __future__ import annotations

import json
from typing import Any

from .i18n import translate
from .model import Currency
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


def live_update(calculator_id: str, lang: str, values_json: str) -> str:
    """Recompute in the browser: typed values in, results markup and messages out, as JSON.

    Args:
        calculator_id: The calculator's id.
        lang: The page's language.
        values_json: A JSON object of the form's input text by name.

    Returns:
        A JSON object: ``ok``; ``html``, the results markup (null when invalid);
        ``errors`` by input name or ``_form``; ``values``, the valid inputs as written
        in a shared link; ``currency``, the currency code of the amounts.

    >>> data = json.loads(live_update("nps", "da", '{"promoters": "1.200", "passives": "x"}'))
    >>> data["ok"], sorted(data["errors"]), data["values"]["promoters"]
    (False, ['passives'], '1200')
    """
    calc = get_calculator(calculator_id)
    raw = {name: str(text) for name, text in json.loads(values_json).items() if calc.has_input(name)}
    outcome = run(calc, raw, lang)
    valid = {name: canonical(outcome.values[name]) for name in raw if name not in outcome.errors}
    errors = outcome.errors
    html = None
    if outcome.ok:
        try:
            html = render_results(outcome, lang)
        except Exception:  # one calculator's failure must not fail the engine or the page
            errors = {FORM: translate(lang, "error.cannot_compute")}
    return json.dumps(
        {
            "ok": html is not None,
            "html": html,
            "errors": errors,
            "values": valid,
            "currency": outcome.currency.value,
        },
        ensure_ascii=False,
    )
