"""A Python-Markdown extension that embeds a calculator from a fenced block.

    ```calculator
    cost-per-conversion
    agency_fee: 60.000
    visitors: 12.000
    ```

The first line is the calculator id, the others preset inputs typed in the page's
language. The block becomes the calculator's form with results computed at build
time. It works with any engine that runs Python-Markdown with pymdownx.superfences:
register :func:`fence_format` as the ``calculator`` custom fence and add this
extension for its options (``lang``, ``source`` and ``logger``).

A bad block (unknown id, unknown input, invalid preset) is reported on the logger
as a warning naming the page and line, and rendered as a visible error.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from calculators import FORM, UnknownCalculatorError, UnknownInputError, get_locale
from calculators.render import InvalidPresetError, render_form

FENCE = "calculator"


class CalculatorFenceError(ValueError):
    """A calculator block that cannot be rendered.

    Attributes:
        message: What is wrong, for the contributor.
        offset: The line of the mistake within the block, 0 being the calculator id's line.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _SourceKeeper(Preprocessor):
    """Keeps the page's lines so that errors can name the line of a block."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.calculator_lines = list(lines)
        return lines


class CalculatorExtension(Extension):
    """Options of the calculator fence for the page being rendered."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "lang": ["en", "Language of the page: labels, number format and currency default."],
            "source": ["", "Name of the page in messages, e.g. docs/da/kpis.md."],
            "line_offset": [0, "Lines before the Markdown text (front matter), for line numbers."],
            "logger": ["calculators.markdown", "Logger that receives warnings about bad blocks."],
            "page_url": ["", "The page's address, for the link in a calculator's summary and printout."],
        }
        super().__init__(**kwargs)
        get_locale(self.getConfig("lang"))  # UnknownLanguageError names the languages there are

    def extendMarkdown(self, md: Markdown) -> None:
        """Attach the options to the Markdown instance for :func:`fence_format`."""
        md.calculator_config = self.getConfigs()
        md.calculator_count = 0
        md.preprocessors.register(_SourceKeeper(md), "calculator_source", 40)


def _line_of(md: Markdown, source: str, seen: int) -> int:
    """1-based line of the ``seen``-th block whose body is ``source`` (0 if unknown)."""
    lines: list[str] = getattr(md, "calculator_lines", [])
    first = source.splitlines()[0].strip() if source.strip() else ""
    hits = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```") and stripped.lstrip("`").strip().startswith(FENCE):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if following == first:
                if hits == seen:
                    return index + 2
                hits += 1
    return 0


def parse_block(source: str) -> tuple[str, dict[str, str], dict[str, int]]:
    r"""Split a block into the id, the presets and each preset's line within the block.

    Raises:
        CalculatorFenceError: A line is not ``name: value`` or names an input twice.

    >>> parse_block("nps\npromoters: 1.200\n")
    ('nps', {'promoters': '1.200'}, {'promoters': 1})
    """
    lines = source.splitlines()
    calculator_id = lines[0].strip() if lines else ""
    presets: dict[str, str] = {}
    where: dict[str, int] = {}
    for offset, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep or not name:
            raise CalculatorFenceError(f"expected 'name: value', got {line.strip()!r}", offset)
        if name in presets:
            raise CalculatorFenceError(f"input {name!r} is set twice", offset)
        presets[name] = value.strip()
        where[name] = offset
    return calculator_id, presets, where


def fence_format(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Markdown, **kwargs: Any
) -> str:
    """Render a ``calculator`` block (the pymdownx.superfences custom fence formatter)."""
    config: dict[str, Any] = getattr(md, "calculator_config", {"lang": "en", "source": "", "line_offset": 0})
    count: int = getattr(md, "calculator_count", 0)
    md.calculator_count = count + 1
    lang = config["lang"]
    first_line = _line_of(md, source, _seen_before(md, source))
    try:
        return _render(source, lang, f"calc-{{}}-{count + 1}", str(config.get("page_url", "")))
    except CalculatorFenceError as error:
        line = first_line + error.offset + int(config.get("line_offset", 0)) if first_line else 0
        where_text = f"{config.get('source') or 'page'}:{line or '?'}"
        logging.getLogger(config.get("logger", "calculators.markdown")).warning(
            "%s: calculator block: %s", where_text, error.message
        )
        return f'<p class="calculator-error"><strong>{escape(where_text)}</strong>: {escape(error.message)}</p>'


def _render(source: str, lang: str, form_id: str, page_url: str = "") -> str:
    """The form of a block; every mistake becomes a :class:`CalculatorFenceError` with its line in the block."""
    calculator_id, presets, where = parse_block(source)
    if not calculator_id:
        raise CalculatorFenceError("the first line must be a calculator id")
    try:
        return render_form(calculator_id, lang, presets, form_id.format(calculator_id), page_url=page_url)
    except UnknownCalculatorError as error:
        raise CalculatorFenceError(str(error)) from None
    except UnknownInputError as error:
        raise CalculatorFenceError(str(error), where.get(error.name, 0)) from None
    except InvalidPresetError as error:
        first = next(iter(error.errors))
        details = "; ".join(message if name == FORM else f"{name}: {message}" for name, message in error.errors.items())
        raise CalculatorFenceError(f"invalid preset — {details}", where.get(first, 0)) from None


def _seen_before(md: Markdown, source: str) -> int:
    seen: dict[str, int] = getattr(md, "calculator_seen", {})
    key = source.splitlines()[0].strip() if source.strip() else ""
    index = seen.get(key, 0)
    seen[key] = index + 1
    md.calculator_seen = seen
    return index


def makeExtension(**kwargs: Any) -> CalculatorExtension:
    """Entry point for Python-Markdown."""
    return CalculatorExtension(**kwargs)
