"""Abbreviations explained on hover: one Markdown file of ``*[ABBR]: meaning`` lines per language.

The files live in ``includes/abbreviations/<lang>.md``, outside ``docs/``, and are appended to
every page of their language, where Python-Markdown's ``abbr`` extension turns each use into
``<abbr title="…">``. Any Markdown tool that reads abbreviation definitions can reuse them.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "includes" / "abbreviations"


def definitions(lang: str, folder: Path = FOLDER) -> str:
    """The abbreviation definitions of ``lang`` as Markdown, or ``""`` if it has none.

    >>> definitions("xx")
    ''
    """
    path = folder / f"{lang}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def append(markdown: str, lang: str, folder: Path = FOLDER) -> str:
    """``markdown`` with the language's definitions after it (line numbers above stay as they were)."""
    extra = definitions(lang, folder)
    return f"{markdown.rstrip()}\n\n{extra}" if extra else markdown
