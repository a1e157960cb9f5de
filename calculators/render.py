"""The calculators' HTML: the form, the results and the live update, rendered by Python only.

The site build calls :func:`render_form`; the browser's worker calls :func:`calculators.live.live_update`.
Both render results with :func:`render_results`, so that for the same inputs the
pre-rendered and the live markup are identical. Every text is escaped here: nothing
a person typed reaches the page as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .charts import render_chart
from .i18n import translate
from .languages import get_locale
from .model import Calculator, Currency, InputKind, InputSpec, LineChart, OutputKind, OutputSpec
from .present import (
    default_value,
    format_input,
    format_output,
    input_help,
    input_label,
    output_label,
    raw_value,
    sentence_text,
    unit,
)
from .protocol import ENGINE_STATES
from .registry import get_calculator
from .runner import FORM, Outcome, run

__all__ = ["InvalidPresetError", "raw_value", "render_form", "render_formula", "render_results", "render_verdict"]


class InvalidPresetError(ValueError):
    """Presets that do not give a valid run.

    Attributes:
        calculator: The calculator.
        errors: The localized message by input name, or ``_form`` for the inputs as a whole.
    """

    def __init__(self, calculator: Calculator, errors: Mapping[str, str]) -> None:
        self.calculator = calculator
        self.errors = dict(errors)
        details = "; ".join(f"{name}: {message}" for name, message in self.errors.items())
        super().__init__(f"{calculator.id}: invalid preset — {details}")


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def render_verdict(outcome: Outcome, lang: str) -> str:
    """The verdict that opens the results: what the numbers mean, in sentences (``[data-verdict]``)."""
    calc = outcome.calculator
    if calc.verdict is None:
        return ""
    text = " ".join(sentence_text(s, lang, outcome.currency) for s in calc.verdict(outcome.values, outcome.outputs))
    return f'<p class="calculator__verdict" data-verdict>{escape(text)}</p>'


def render_formula(outcome: Outcome, lang: str) -> str:
    """How the results are calculated, with the current numbers filled in (``[data-formula]``)."""
    calc = outcome.calculator
    if calc.formula is None:
        return ""
    steps = "".join(
        f"<li>{escape(sentence_text(s, lang, outcome.currency))}</li>"
        for s in calc.formula(outcome.values, outcome.outputs)
    )
    return (
        f'<details class="calculator__formula" data-formula><summary>{escape(translate(lang, "ui.formula"))}</summary>'
        f"<ol>{steps}</ol></details>"
    )


def _series(calc: Calculator, spec: OutputSpec, outcome: Outcome, lang: str) -> str:
    value = outcome.outputs[spec.name]
    items = format_output(calc, spec, value, lang, outcome.currency)
    month = translate(lang, "ui.month")
    rows = "".join(f"<li>{escape(month)} {i}: {escape(text)}</li>" for i, text in enumerate(items, start=1))
    return (
        f'<div class="calculator__series"><p>{escape(output_label(calc, spec, lang))}</p>'
        f'<ol data-output="{spec.name}" data-value="{_attr(raw_value(value))}">{rows}</ol></div>'
    )


def _charted(calc: Calculator) -> set[str]:
    """Outputs a line chart's table carries (with their raw values)."""
    return {q.name for chart in calc.charts if isinstance(chart.kind, LineChart) for q in chart.kind.series}


def render_results(outcome: Outcome, lang: str) -> str:
    """The results of a valid run: the verdict, one ``[data-output]`` per output, the charts, the formula.

    Raises:
        ValueError: The outcome has errors (there is nothing to show).
    """
    calc = outcome.calculator
    if not outcome.ok:
        raise ValueError(f"{calc.id}: cannot render results of an invalid run")
    rows = []
    series = []
    charted = _charted(calc)
    for spec in calc.outputs:
        value = outcome.outputs[spec.name]
        if spec.kind is OutputKind.MONEY_SERIES:
            if spec.name not in charted:
                series.append(_series(calc, spec, outcome, lang))
            continue
        shown = format_output(calc, spec, value, lang, outcome.currency)
        null = ' class="calculator__null"' if value is None else ""
        label = escape(output_label(calc, spec, lang))
        rows.append(
            f'<div class="calculator__row calculator__row--{spec.name}"><dt>{label}</dt>'
            f'<dd data-output="{spec.name}" data-value="{_attr(raw_value(value))}"{null}>'
            f"{escape(str(shown))}</dd></div>"
        )
    html = render_verdict(outcome, lang)
    html += f'<dl class="calculator__outputs">{"".join(rows)}</dl>'
    html += "".join(render_chart(chart, outcome, lang) for chart in calc.charts)
    if series:
        html += (
            f'<details class="calculator__details"><summary>{escape(translate(lang, "ui.month_by_month"))}</summary>'
            f"{''.join(series)}</details>"
        )
    return html + render_formula(outcome, lang)


def _control(calc: Calculator, spec: InputSpec, value: str, lang: str, field_id: str) -> str:
    described = f"{field_id}-help {field_id}-hint {field_id}-error"
    # Search indexes the labels and help texts, not the choices or results (data-search-exclude).
    common = f'id="{field_id}" name="{spec.name}" aria-describedby="{described}" data-search-exclude'
    if spec.kind in (InputKind.CURRENCY, InputKind.RATING):
        # A shared link's value outside the choices keeps the default; the controller says so.
        fallback = translate(lang, "error.link_choice", field=input_label(calc, spec, lang))
        common += f' data-msg-fallback="{_attr(fallback)}"'
    if spec.kind is InputKind.CURRENCY:
        options = "".join(
            f'<option value="{c.value}"{" selected" if c.value == value else ""}>'
            f"{escape(translate(lang, f'currency.{c.value}'))}</option>"
            for c in Currency
        )
        return f"<select {common}>{options}</select>"
    if spec.kind is InputKind.RATING:
        options = "".join(
            f'<option value="{n}"{" selected" if str(n) == value.strip() else ""}>{n}</option>' for n in range(1, 6)
        )
        return f"<select {common}>{options}</select>"
    mode = "numeric" if spec.whole else "decimal"
    return (
        f'<input {common} type="text" inputmode="{mode}" autocomplete="off" spellcheck="false" value="{_attr(value)}">'
    )


def _field(
    calc: Calculator, spec: InputSpec, value: str, lang: str, *, form_id: str, currency: Currency, hint: str
) -> str:
    field_id = f"{form_id}-{spec.name}"
    shown_unit = unit(spec, currency)
    # Money units follow the currency select: the controller updates them from Python's answer.
    marker = " data-currency-unit" if spec.kind is InputKind.MONEY else ""
    unit_html = f' <span class="calculator__unit"{marker}>{escape(shown_unit)}</span>' if shown_unit else ""
    return (
        f'<div class="calculator__field calculator__field--{spec.kind.value}">'
        f'<label for="{field_id}">{escape(input_label(calc, spec, lang))}{unit_html}</label>'
        f"{_control(calc, spec, value, lang, field_id)}"
        f'<p class="calculator__help" id="{field_id}-help" data-help-for="{spec.name}">'
        f"{escape(input_help(calc, spec, lang, currency))}</p>"
        f'<p class="calculator__hint" id="{field_id}-hint" data-hint-for="{spec.name}">{escape(hint)}</p>'
        f'<p class="calculator__error" id="{field_id}-error" data-error-for="{spec.name}"></p>'
        "</div>"
    )


def render_form(calculator: str | Calculator, lang: str, presets: Mapping[str, str], form_id: str) -> str:
    """The whole calculator form with results for ``presets`` computed now.

    Args:
        calculator: A calculator, or the id of one in the registry.
        lang: The page's language.
        presets: Input text as typed in ``lang``; the other inputs take their defaults.
        form_id: A unique id on the page, prefix of every control's id.

    Raises:
        UnknownCalculatorError: No calculator has that id.
        UnknownInputError: A preset names an input the calculator does not have.
        InvalidPresetError: A preset is invalid, or the presets as a whole; it holds the localized messages.
        UnknownLanguageError: ``lang`` has no locale record.
    """
    calc = calculator if isinstance(calculator, Calculator) else get_calculator(calculator)
    outcome = run(calc, presets, lang)
    if not outcome.ok:
        raise InvalidPresetError(calc, outcome.errors)
    currency = outcome.currency
    fields = []
    for spec in calc.inputs:
        typed = presets.get(spec.name)
        value = typed.strip() if typed is not None else format_input(spec, default_value(spec, lang, currency), lang)
        hint = outcome.hints.get(spec.name, "")
        fields.append(_field(calc, spec, value, lang, form_id=form_id, currency=currency, hint=hint))
    # Without JavaScript this stays: the results are an example; the controller shows "idle" once it runs.
    static = escape(translate(lang, "ui.engine.static"))
    title = translate(lang, f"{calc.id}.title")
    results_label = f"{translate(lang, 'ui.results')}: {title}"  # unique per calculator on a page
    messages = " ".join(f'data-msg-{state}="{_attr(translate(lang, f"ui.engine.{state}"))}"' for state in ENGINE_STATES)
    return (
        f'<form class="calculator" id="{form_id}" data-calculator="{calc.id}" data-lang="{lang}" '
        f'data-decimal="{_attr(get_locale(lang).decimal)}" data-engine="idle" {messages} '
        f'aria-labelledby="{form_id}-title" novalidate>'
        f'<p class="calculator__title" id="{form_id}-title">{escape(title)}</p>'
        f'<p class="calculator__summary">{escape(translate(lang, f"{calc.id}.summary"))}</p>'
        f'<fieldset class="calculator__inputs"><legend>{escape(translate(lang, "ui.inputs"))}</legend>'
        f"{''.join(fields)}</fieldset>"
        f'<p class="calculator__error calculator__error--form" data-error-for="{FORM}" role="alert"></p>'
        f'<div class="calculator__status" data-search-exclude><progress class="calculator__progress" hidden></progress>'
        f'<p class="calculator__status-text" data-status role="status">{static}</p></div>'
        f'<section class="calculator__results" aria-live="polite" aria-label="{_attr(results_label)}" '
        "data-search-exclude>"
        f"{render_results(outcome, lang)}</section>"
        "</form>"
    )
