"""The engine's entry point: what the browser's worker calls in Pyodide for every edit.

Its name is declared in :mod:`calculators.protocol`; the markup comes from :mod:`calculators.render`,
the same renderer the site build uses, so live and pre-rendered results are identical.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import export
from .languages import get_locale
from .model import InputKind
from .present import format_input
from .registry import get_calculator
from .render import render_results
from .runner import run

#: An input value as written in a shared link: ``.`` decimals, never an exponent.
canonical = export.canonical


def live_update(calculator_id: str, lang: str, values_json: str, options_json: str = "{}") -> str:
    """Recompute in the browser: typed values in, results markup and messages out, as JSON.

    Args:
        calculator_id: The calculator's id.
        lang: The page's language.
        values_json: A JSON object of the form's input text by name.
        options_json: A JSON object: ``page``, the page's address, and ``today``, the reader's
            ISO date (for the summary and the printed header); ``from``, set when the values
            come from a link (``canonical``) or another language's page (its code): they are
            read that way and returned re-formatted for ``lang`` in ``inputs``.

    Returns:
        A JSON object: ``ok``; ``html``, the results markup (null when invalid);
        ``errors`` by input name or ``_form``; ``values``, the valid inputs as written
        in a shared link; ``currency``, the currency code of the amounts; ``export``, the
        markup of what the actions hand over (null when invalid); ``inputs``, the
        re-formatted input text when ``from`` was given.

    >>> data = json.loads(live_update("nps", "da", '{"promoters": "1.200", "passives": "x"}'))
    >>> data["ok"], sorted(data["errors"]), data["values"]["promoters"]
    (False, ['passives'], '1200')
    """
    calc = get_calculator(calculator_id)
    raw = {name: str(text) for name, text in json.loads(values_json).items() if calc.has_input(name)}
    options = json.loads(options_json)
    source = options.get("from")
    if source:
        raw = restore_inputs(calc.id, raw, source, lang)
    outcome = run(calc, raw, lang)
    valid = {name: canonical(outcome.values[name]) for name in raw if name not in outcome.errors}
    context = export.ExportContext.from_json(options)
    data: dict[str, Any] = {
        "ok": outcome.ok,
        "html": render_results(outcome, lang) if outcome.ok else None,
        "errors": outcome.errors,
        "values": valid,
        "currency": outcome.currency.value,
        "export": export.render_export(calc, outcome, lang, context) if outcome.ok else None,
    }
    if source:
        data["inputs"] = raw
    return json.dumps(data, ensure_ascii=False)


def restore_inputs(calculator_id: str, raw: Mapping[str, str], source: str, lang: str) -> dict[str, str]:
    """Input text from a link or another language's page, written as a person of ``lang`` types it.

    ``source`` is ``canonical`` (a link: ``.`` decimals, no grouping) or the language the
    text was typed in. Text that does not parse there is kept as it is (its error shows).

    Raises:
        ValueError: ``source`` is neither ``canonical`` nor a language.

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
        else format_input(spec, outcome.values[spec.name], lang)
        for spec in calc.inputs
        if spec.name in raw
    }
