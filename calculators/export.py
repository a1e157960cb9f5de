"""Results to take away: the share link, the summary text, the CSV and the print header.

Everything a person copies, downloads or prints is written here, in Python, once: the
site build renders it into the page with the results, and the browser's engine returns
it with every live update. The page's script only hands it to the clipboard, a download
or the printer.

Values in links and in the CSV are written language-neutrally: ``.`` as the decimal
sign, no grouping and never an exponent (``0.00005``, not ``5e-05``).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import quote

from .i18n import translate
from .model import Calculator, Currency, InputKind, OutputKind
from .present import format_input, format_output, input_label, output_label, sentence_text, unit
from .runner import Outcome

#: The buttons of the action row, in order; each is ``button[data-action=<name>]``.
ACTIONS = ("copy-link", "copy-summary", "download-csv", "print", "reset")
#: Messages the page shows after an action, by name (``data-msg-<name>`` on the row).
ACTION_MESSAGES = ("copied-link", "copied-summary", "copy-failed", "downloaded", "reset-done")
#: The CSV's columns; the header row is localized, the ``name`` column is not.
CSV_COLUMNS = ("section", "name", "month", "label", "value", "unit")


@dataclass(frozen=True)
class ExportContext:
    """Where and when: the page's address (without query) and today's date.

    At build time the address comes from the site's URL and the date is the build's;
    in the browser the page passes its own address and the reader's date.
    """

    page_url: str = ""
    today: datetime.date = field(default_factory=datetime.date.today)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportContext:
        """A context from the page's JSON (``page`` and an ISO ``today``); missing parts default.

        >>> ExportContext.from_json({"page": "https://x.org/kpis/", "today": "2026-01-31"}).today
        datetime.date(2026, 1, 31)
        """
        try:
            today = datetime.date.fromisoformat(str(data.get("today", "")))
        except ValueError:
            today = datetime.date.today()
        return cls(str(data.get("page", "")), today)


def plain_decimal(value: float | int) -> str:
    """A number in plain decimal notation, ``.`` decimals, no exponent, no trailing ``.0``.

    >>> plain_decimal(0.00005), plain_decimal(60000.0), plain_decimal(2.5), plain_decimal(1e21), plain_decimal(-0.0)
    ('0.00005', '60000', '2.5', '1000000000000000000000', '0')
    """
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def canonical(value: Any) -> str:
    """An input value as written in a link or a CSV, whatever the language.

    >>> canonical(2.5), canonical(60000.0), canonical(12), canonical(Currency.DKK), canonical(5e-05)
    ('2.5', '60000', '12', 'DKK', '0.00005')
    """
    if isinstance(value, Currency):
        return value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return plain_decimal(value)


def raw_number(value: Any) -> str:
    """An output value for the CSV: plain decimal, the raw text of a choice, empty for null.

    >>> raw_number(421.0), raw_number(None), raw_number("hybrid"), raw_number(1e-07)
    ('421', '', 'hybrid', '0.0000001')
    """
    if value is None:
        return ""
    return canonical(value)


def link_key(calc: Calculator, name: str) -> str:
    """The name of an input in a link: ``<calculator>.<input>``, so one link holds several calculators."""
    return f"{calc.id}.{name}"


def share_link(calc: Calculator, values: Mapping[str, Any], page_url: str) -> str:
    """The page's address with this calculator's inputs.

    >>> from calculators import get_calculator
    >>> share_link(get_calculator("nps"), {"promoters": 1200, "passives": 0.5}, "https://x.org/kpis/")
    'https://x.org/kpis/?nps.promoters=1200&nps.passives=0.5'
    """
    query = "&".join(
        f"{quote(link_key(calc, spec.name), safe='.-_')}={quote(canonical(values[spec.name]), safe='.-_')}"
        for spec in calc.inputs
        if spec.name in values
    )
    return f"{page_url}?{query}" if query else page_url


def format_date(day: datetime.date, lang: str) -> str:
    """A date written out in ``lang``.

    >>> format_date(datetime.date(2026, 11, 3), "da"), format_date(datetime.date(2026, 11, 3), "en")
    ('3. november 2026', '3 November 2026')
    """
    months = translate(lang, "ui.date.months").split(",")
    return translate(lang, "ui.date.format", day=str(day.day), month=months[day.month - 1].strip(), year=str(day.year))


def _input_text(calc: Calculator, outcome: Outcome, lang: str) -> list[tuple[str, str]]:
    """Each input's label and its value as shown in ``lang``, with its unit."""
    lines = []
    for spec in calc.inputs:
        value = outcome.values[spec.name]
        if spec.kind is InputKind.CURRENCY:
            shown = translate(lang, f"currency.{canonical(value)}")
        else:
            shown = format_input(spec, value, lang)
            suffix = unit(spec, outcome.currency)
            if suffix:
                shown = f"{shown} {suffix}" if suffix != "%" else f"{shown} %"
        lines.append((input_label(calc, spec, lang), shown))
    return lines


def _output_text(calc: Calculator, outcome: Outcome, lang: str) -> list[tuple[str, str]]:
    """Each single-valued output's label and formatted value (series are left to the CSV)."""
    return [
        (
            output_label(calc, spec, lang),
            str(format_output(calc, spec, outcome.outputs[spec.name], lang, outcome.currency)),
        )
        for spec in calc.outputs
        if spec.kind is not OutputKind.MONEY_SERIES
    ]


def verdict_text(outcome: Outcome, lang: str) -> str:
    """The verdict's sentences as plain text (the same sentences as the page's ``[data-verdict]``)."""
    calc = outcome.calculator
    if calc.verdict is None:
        return ""
    return " ".join(sentence_text(s, lang, outcome.currency) for s in calc.verdict(outcome.values, outcome.outputs))


def summary_text(calc: Calculator, outcome: Outcome, lang: str, context: ExportContext) -> str:
    """Plain text for an e-mail or a chat: title, inputs, verdict, key outputs, link and date.

    Raises:
        ValueError: The outcome has errors (there is nothing to summarize).
    """
    if not outcome.ok:
        raise ValueError(f"{calc.id}: cannot summarize an invalid run")
    lines = [translate(lang, f"{calc.id}.title"), ""]
    lines.append(translate(lang, "ui.inputs") + ":")
    lines += [f"- {label}: {value}" for label, value in _input_text(calc, outcome, lang)]
    lines.append("")
    lines.append(translate(lang, "ui.results") + ":")
    verdict = verdict_text(outcome, lang)
    if verdict:
        lines += [verdict, ""]
    lines += [f"- {label}: {value}" for label, value in _output_text(calc, outcome, lang)]
    lines.append("")
    link = share_link(calc, outcome.values, context.page_url)
    if link:
        lines.append(f"{translate(lang, 'ui.export.link')}: {link}")
    lines.append(f"{translate(lang, 'ui.export.date')}: {format_date(context.today, lang)}")
    return "\n".join(lines) + "\n"


def csv_text(calc: Calculator, outcome: Outcome, lang: str) -> str:
    """Inputs, outputs and monthly series, one row per value: raw numbers (``.`` decimals) and localized labels.

    Columns: section (input, output or series), name, month (series only), label, value, unit.
    The text starts with a byte-order mark so that spreadsheets read it as UTF-8.

    Raises:
        ValueError: The outcome has errors.
    """
    if not outcome.ok:
        raise ValueError(f"{calc.id}: cannot export an invalid run")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([translate(lang, f"ui.csv.{column}") for column in CSV_COLUMNS])
    section = {key: translate(lang, f"ui.csv.section.{key}") for key in ("input", "output", "series")}
    for spec in calc.inputs:
        writer.writerow(
            [
                section["input"],
                spec.name,
                "",
                input_label(calc, spec, lang),
                canonical(outcome.values[spec.name]),
                unit(spec, outcome.currency),
            ]
        )
    money_unit = outcome.currency.value
    units = {OutputKind.MONEY: money_unit, OutputKind.MONEY_SERIES: money_unit, OutputKind.PERCENT: "%"}
    for out in calc.outputs:
        value = outcome.outputs[out.name]
        label = output_label(calc, out, lang)
        if out.kind is OutputKind.MONEY_SERIES:
            for month, item in enumerate(value or [], start=1):
                writer.writerow([section["series"], out.name, month, label, raw_number(item), units[out.kind]])
        else:
            writer.writerow([section["output"], out.name, "", label, raw_number(value), units.get(out.kind, "")])
    return "\ufeff" + buffer.getvalue()


def csv_name(calc: Calculator, today: datetime.date) -> str:
    """The CSV's file name: the calculator and the date.

    >>> from calculators import get_calculator
    >>> csv_name(get_calculator("nps"), datetime.date(2026, 1, 2))
    'nps-2026-01-02.csv'
    """
    return f"{calc.id}-{today.isoformat()}.csv"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def render_export(calc: Calculator, outcome: Outcome, lang: str, context: ExportContext) -> str:
    """What the actions hand over, for the current results: summary, CSV and the printed header.

    One element, swapped whole by the live update; the summary and the CSV sit in data
    attributes (never shown, never indexed), the print header is shown on paper only.
    """
    link = share_link(calc, outcome.values, context.page_url)
    summary = summary_text(calc, outcome, lang, context)
    printed = translate(lang, "ui.export.printed", date=format_date(context.today, lang))
    link_html = f' <span class="calculator__print-link">{escape(link)}</span>' if link else ""
    return (
        f'<div class="calculator__export" data-export data-search-exclude data-page="{_attr(context.page_url)}" '
        f'data-today="{context.today.isoformat()}" data-summary="{_attr(summary)}" '
        f'data-csv="{_attr(csv_text(calc, outcome, lang))}" data-csv-name="{_attr(csv_name(calc, context.today))}">'
        f'<p class="calculator__print-meta">{escape(printed)}{link_html}</p></div>'
    )


def render_actions(calc: Calculator, lang: str) -> str:
    """The action row: one labelled button per action and a polite status for confirmations.

    Hidden until the page's script has wired the buttons: without JavaScript they would do nothing.
    """
    title = translate(lang, f"{calc.id}.title")
    buttons = "".join(
        f'<button type="button" class="calculator__action" data-action="{action}">'
        f"{escape(translate(lang, f'ui.action.{action}'))}</button>"
        for action in ACTIONS
    )
    messages = " ".join(f'data-msg-{name}="{_attr(translate(lang, f"ui.action.{name}"))}"' for name in ACTION_MESSAGES)
    label = _attr(f"{translate(lang, 'ui.action.row')}: {title}")
    return (
        f'<div class="calculator__actions" role="group" aria-label="{label}" {messages} data-search-exclude hidden>'
        f"{buttons}"
        '<p class="calculator__action-status" data-action-status role="status"></p></div>'
    )


__all__ = [
    "ACTIONS",
    "ExportContext",
    "canonical",
    "csv_name",
    "csv_text",
    "format_date",
    "plain_decimal",
    "render_actions",
    "render_export",
    "share_link",
    "summary_text",
]
