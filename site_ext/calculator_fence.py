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

A bad block (empty, unknown id, unknown input, invalid preset) is reported on the logger
as a warning naming the page and line, and rendered as a visible error. Messages are in
English, with the page language's message after it where one exists. A code block that
looks like a misspelled calculator fence (```` ```calculater ```` or no name at all, with a
calculator id on its first line) is reported too, instead of building silently as code.
"""

from __future__ import annotations

import difflib
import logging
import re
from html import escape
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from calculators import CALCULATORS, FORM, UnknownCalculatorError, UnknownInputError, get_locale, run
from calculators.render import InvalidPresetError, render_form

FENCE = "calculator"


class CalculatorFenceError(ValueError):
    """A calculator block that cannot be rendered.

    Attributes:
        message: What is wrong, for the contributor.
        offset: The line of the mistake within the block, 0 being the calculator id's line.
        field: The input the mistake is about, or None (the id, the block's form, the inputs as a whole).
    """

    def __init__(self, message: str, offset: int = 0, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.field = field


#: A fence's opening line as superfences reads it: backticks or tildes, then the name.
_OPENING = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*\{?\s*\.?(?P<name>[^\s{}`]*)")


def fence_openings(lines: list[str]) -> list[tuple[int, str, str]]:
    """Every fenced block's opening: its 0-based line, its name and its first line (stripped).

    Fences inside another fence are its content, not blocks.

    >>> fence_openings(["~~~calculator", "nps", "~~~", "````md", "```calculator", "````"])
    [(0, 'calculator', 'nps'), (3, 'md', '```calculator')]
    """
    openings = []
    fence = ""
    for index, line in enumerate(lines):
        match = _OPENING.match(line)
        if fence:
            closes = match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence)
            if closes and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if match:
            fence = match.group("fence")
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            closing = following.startswith(fence) and not following.strip(fence[0])
            openings.append((index, match.group("name"), "" if closing else following))
    return openings


def _misspelled(name: str) -> bool:
    """True for a fence name that was probably meant to be ``calculator`` (or left out)."""
    word = name.lower()
    return name != FENCE and (
        not word or word.startswith("calc") or difflib.SequenceMatcher(None, word, FENCE).ratio() >= 0.75
    )


class _SourceKeeper(Preprocessor):
    """Keeps where the page's calculator blocks open, for errors; reports misspelled fences."""

    def run(self, lines: list[str]) -> list[str]:
        openings = fence_openings(lines)
        self.md.calculator_lines = list(lines)
        self.md.calculator_used = set()
        self.md.calculator_openings = [(index, first) for index, name, first in openings if name == FENCE]
        config: dict[str, Any] = getattr(self.md, "calculator_config", {})
        for index, name, first in openings:
            if _misspelled(name) and first in CALCULATORS:
                _report(
                    config,
                    index + 1,
                    f"a code block named {name or '(nothing)'!r} starts with the calculator id {first!r}: "
                    f"write ```{FENCE} to embed the calculator (or name the code block's language)",
                )
        return lines


class CalculatorExtension(Extension):
    """Options of the calculator fence for the page being rendered."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "lang": ["en", "Language of the page: labels, number format and currency default."],
            "source": ["", "Name of the page in messages, e.g. docs/da/kpis.md."],
            "line_offset": [0, "Lines before the Markdown text (front matter), for line numbers."],
            "logger": ["calculators.markdown", "Logger that receives warnings about bad blocks."],
        }
        super().__init__(**kwargs)
        get_locale(self.getConfig("lang"))  # UnknownLanguageError names the languages there are

    def extendMarkdown(self, md: Markdown) -> None:
        """Attach the options to the Markdown instance for :func:`fence_format`."""
        md.calculator_config = self.getConfigs()
        md.calculator_count = 0
        md.preprocessors.register(_SourceKeeper(md), "calculator_source", 40)


def _opening_of(md: Markdown, source: str) -> int:
    """1-based line of the fence that opens the block whose body is ``source`` (0 if unknown).

    Blocks are formatted in page order: the first opening not yet used whose first line
    matches (any unused one if none does, e.g. a block indented in a list).
    """
    openings: list[tuple[int, str]] = getattr(md, "calculator_openings", [])
    used: set[int] = getattr(md, "calculator_used", set())
    md.calculator_used = used
    first = source.splitlines()[0].strip() if source.strip() else ""
    unused = [(index, following) for index, following in openings if index not in used]
    for index, _ in [*(o for o in unused if o[1] == first), *unused]:
        used.add(index)
        return index + 1
    return 0


def _report(config: dict[str, Any], line: int, message: str) -> str:
    """Log ``message`` for ``line`` of the page (0: unknown) and return its markup for the page."""
    line = line + int(config.get("line_offset", 0)) if line else 0
    where_text = f"{config.get('source') or 'page'}:{line or '?'}"
    logging.getLogger(config.get("logger", "calculators.markdown")).warning(
        "%s: calculator block: %s", where_text, message
    )
    return f'<p class="calculator-error"><strong>{escape(where_text)}</strong>: {escape(message)}</p>'


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
            raise CalculatorFenceError(f"input {name!r} is set twice", offset, name)
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
    opening = _opening_of(md, source)
    try:
        return _render(source, lang, f"calc-{{}}-{count + 1}")
    except CalculatorFenceError as error:
        # Offsets count from the block's first line, the one after the opening fence.
        return _report(config, opening + 1 + error.offset if opening else 0, error.message)


def _render(source: str, lang: str, form_id: str) -> str:
    """The form of a block; every mistake becomes a :class:`CalculatorFenceError` with its line in the block."""
    calculator_id, presets, where = parse_block(source)
    if not calculator_id:
        raise CalculatorFenceError("the block is empty: its first line must be a calculator id", -1)
    try:
        return render_form(calculator_id, lang, presets, form_id.format(calculator_id))
    except UnknownCalculatorError as error:
        raise CalculatorFenceError(str(error)) from None
    except UnknownInputError as error:
        raise CalculatorFenceError(str(error), where.get(error.name, 0), error.name) from None
    except InvalidPresetError as error:
        first = next(iter(error.errors))
        # English first for every contributor, then the page language's own message where it differs.
        english = error.errors if lang == "en" else run(calculator_id, presets, lang, messages="en").errors
        details = "; ".join(
            (english[name] if name == FORM else f"{name}: {english[name]}")
            + ("" if lang == "en" else f" [{lang}: {message}]")
            for name, message in error.errors.items()
        )
        field = None if first == FORM else first
        raise CalculatorFenceError(f"invalid preset — {details}", where.get(first, 0), field) from None


def makeExtension(**kwargs: Any) -> CalculatorExtension:
    """Entry point for Python-Markdown."""
    return CalculatorExtension(**kwargs)
