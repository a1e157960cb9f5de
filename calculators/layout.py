"""How a form's fields are arranged: rows of an input and its companion, and the disclosure that shows companions.

A calculator declares companions in its inputs (:attr:`InputSpec.companion_of`): the
decision score shows each factor's weight beside its rating, in one row per factor, and
the weights stay behind an "adjust" disclosure until a person opens it (or a link or a
preset sets one). The disclosure is a native ``<details>``: it works without JavaScript,
by keyboard, and its state drives the companions' visibility in CSS.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .i18n import translate
from .model import Calculator


def companions(calc: Calculator) -> dict[str, str]:
    """Companion input names by the name of the input they accompany.

    >>> from calculators import get_calculator
    >>> companions(get_calculator("decision-score"))["expertise"]
    'weight_expertise'
    >>> companions(get_calculator("nps"))
    {}
    """
    return {spec.companion_of: spec.name for spec in calc.inputs if spec.companion_of}


def arrange(calc: Calculator, fields: Mapping[str, str], lang: str, *, adjust_open: bool = False) -> str:
    """The fields' markup in display order: one row per input with a companion, the disclosure first.

    Args:
        calc: The calculator.
        fields: Each input's rendered field, by input name.
        lang: The page's language (the disclosure's texts).
        adjust_open: Render the disclosure open (a preset sets a companion).
    """
    pairs = companions(calc)
    if not pairs:
        return "".join(fields[spec.name] for spec in calc.inputs)
    parts = [
        f'<details class="calculator__adjust" data-adjust{" open" if adjust_open else ""}>'
        f"<summary>{escape(translate(lang, f'{calc.id}.adjust.label'))}</summary>"
        f'<p class="calculator__help">{escape(translate(lang, f"{calc.id}.adjust.help"))}</p></details>'
    ]
    for spec in calc.inputs:
        if spec.companion_of:
            continue
        if spec.name in pairs:
            parts.append(f'<div class="calculator__pair">{fields[spec.name]}{fields[pairs[spec.name]]}</div>')
        else:
            parts.append(fields[spec.name])
    return "".join(parts)
