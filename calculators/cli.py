"""Command line: ``python -m calculators list | describe ID | run ID NAME=VALUE ...``.

Exit codes: 0 when the run is valid, 2 for invalid input or an unknown id or input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from .formatting import format_number
from .i18n import translate
from .languages import languages
from .model import MAX_MAGNITUDE, Calculator, Currency, InputKind, OutputKind
from .money import default_currency
from .present import default_value, format_output, input_help, input_label, output_label, unit
from .registry import CALCULATORS, UnknownCalculatorError, UnknownInputError, get_calculator
from .runner import FORM, Outcome, run

INVALID = 2


def describe(calc: Calculator, lang: str) -> dict[str, Any]:
    """The calculator's inputs and outputs with their labels in ``lang``, as JSON-ready data."""
    currency = default_currency(lang)  # what money inputs and outputs are in until the currency input says else
    inputs = [
        {
            "name": spec.name,
            "kind": spec.kind.value,
            "unit": unit(spec, currency),
            "min": None if spec.kind is InputKind.CURRENCY else spec.minimum,
            "max": None if spec.kind is InputKind.CURRENCY else spec.maximum,
            "default": default_value(spec, lang, currency),
            "label": input_label(calc, spec, lang),
            "help": input_help(calc, spec, lang),
            **({"choices": [c.value for c in Currency]} if spec.kind is InputKind.CURRENCY else {}),
        }
        for spec in calc.inputs
    ]
    outputs = [
        {
            "name": spec.name,
            "kind": spec.kind.value,
            "unit": currency.value
            if spec.kind in (OutputKind.MONEY, OutputKind.MONEY_SERIES)
            else "%"
            if spec.kind is OutputKind.PERCENT
            else "",
            "min": None,
            "max": None,
            "default": None,
            "label": output_label(calc, spec, lang),
            "help": None,
        }
        for spec in calc.outputs
    ]
    return {
        "calculator": calc.id,
        "title": translate(lang, f"{calc.id}.title"),
        "summary": translate(lang, f"{calc.id}.summary"),
        "inputs": inputs,
        "outputs": outputs,
    }


def _table(rows: list[list[str]]) -> list[str]:
    """Rows as left-aligned columns, the first row underlined."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return [lines[0], "  ".join("-" * width for width in widths), *lines[1:]]


def _number(value: float | int, lang: str) -> str:
    return format_number(value, lang, max_digits=6)


def describe_text(data: dict[str, Any], lang: str) -> str:
    """:func:`describe`'s data as readable tables in ``lang``: name, field, unit, range and default.

    Numbers are written as a preset in a page of that language is (``60.000`` in Danish).

    >>> print(describe_text(describe(get_calculator("nps"), "en"), "en").splitlines()[4])
    Name        Field       Unit  Range  Default
    """
    column = {key: translate(lang, f"cli.column.{key}") for key in ("name", "label", "unit", "range", "default")}
    inputs = [[column["name"], column["label"], column["unit"], column["range"], column["default"]]]
    for item in data["inputs"]:
        if "choices" in item:
            allowed = ", ".join(item["choices"])
        elif item["max"] >= MAX_MAGNITUDE:
            allowed = f"≥ {_number(item['min'], lang)}"
        else:
            allowed = f"{_number(item['min'], lang)} – {_number(item['max'], lang)}"
        default = item["default"] if isinstance(item["default"], str) else _number(item["default"], lang)
        inputs.append([item["name"], item["label"], item["unit"], allowed, default])
    outputs = [[column["name"], column["label"], column["unit"]]]
    outputs += [[item["name"], item["label"], item["unit"]] for item in data["outputs"]]
    example = format_number(60000, lang)
    return "\n".join(
        [
            data["title"],
            data["summary"],
            "",
            translate(lang, "cli.inputs"),
            *_table(inputs),
            "",
            translate(lang, "cli.outputs"),
            *_table(outputs),
            "",
            translate(lang, "cli.preset_hint", example=example),
        ]
    )


def _text(outcome: Outcome, lang: str) -> str:
    calc = outcome.calculator
    lines = [translate(lang, f"{calc.id}.title"), ""]
    if outcome.errors:
        lines += [f"! {message}" for message in outcome.errors.values()]
        return "\n".join(lines)
    rows = []
    for spec in calc.outputs:
        shown = format_output(calc, spec, outcome.outputs[spec.name], lang, outcome.currency)
        if isinstance(shown, list):
            shown = f"{shown[0]} … {shown[-1]}" if len(shown) > 1 else shown[0]
        rows.append((output_label(calc, spec, lang), shown))
    width = max(len(label) for label, _ in rows)
    lines += [f"{label.ljust(width)}  {value}" for label, value in rows]
    return "\n".join(lines)


def _assignments(items: Sequence[str]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected NAME=VALUE, got {item!r}")
        name = name.strip()
        if name in raw:  # as in a page's calculator block: the second value would silently win
            raise ValueError(f"input {name!r} is set twice")
        raw[name] = value
    return raw


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m calculators", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print every calculator id, one per line")
    describe_cmd = commands.add_parser("describe", help="print a calculator's inputs and outputs (JSON or a table)")
    describe_cmd.add_argument("id")
    describe_cmd.add_argument("--lang", choices=languages(), default="en")
    describe_cmd.add_argument("--format", choices=("json", "text"), default="json")
    run_cmd = commands.add_parser("run", help="run a calculator on NAME=VALUE inputs typed in --lang")
    run_cmd.add_argument("id")
    run_cmd.add_argument("inputs", nargs="*", metavar="NAME=VALUE")
    run_cmd.add_argument("--lang", choices=languages(), default="en")
    run_cmd.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    # Inputs may come before or after the options; argparse < 3.12 stops a "*" positional at the
    # first option, so collect the NAME=VALUE words it leaves over.
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if extra:
        args.inputs = [*args.inputs, *extra]
    try:
        if args.command == "list":
            print("\n".join(CALCULATORS))
            return 0
        if args.command == "describe":
            data = describe(get_calculator(args.id), args.lang)
            text = describe_text(data, args.lang) if args.format == "text" else None
            print(text or json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        outcome = run(args.id, _assignments(args.inputs), args.lang)
    except (UnknownCalculatorError, UnknownInputError, ValueError) as error:
        print(f"error: {error.args[0]}", file=sys.stderr)
        return INVALID
    if args.format == "json":
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(_text(outcome, args.lang))
    if not outcome.ok:
        for name, message in outcome.errors.items():
            where = "" if name == FORM else f"{name}: "
            print(f"error: {where}{message}", file=sys.stderr)
    return 0 if outcome.ok else INVALID
