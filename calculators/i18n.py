"""Translation catalogues: one flat JSON file of keyed messages per language.

The languages are those with a record in :mod:`calculators.languages`; each has its
catalogue ``<code>.json`` in :data:`CATALOGUES`. Lookups fall back to English, then to
the key itself, so a missing translation shows up as readable text rather than an
error; a test keeps the catalogues complete.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable

from .languages import FALLBACK, LANGUAGES, get_locale

#: The catalogue folder (a test may point it at a copy with one more language).
CATALOGUES: Traversable = resources.files(__package__).joinpath("locales")

__all__ = ["CATALOGUES", "FALLBACK", "LANGUAGES", "catalogue", "has", "translate"]


_loaded: dict[tuple[str, str], dict[str, str]] = {}


def _load(folder: Traversable, lang: str) -> dict[str, str]:
    key = (str(folder), lang)
    if key not in _loaded:
        _loaded[key] = json.loads(folder.joinpath(f"{lang}.json").read_text("utf-8"))
    return _loaded[key]


def catalogue(lang: str) -> dict[str, str]:
    """All messages of ``lang``, by key.

    Raises:
        UnknownLanguageError: ``lang`` has no locale record.
    """
    get_locale(lang)
    return _load(CATALOGUES, lang)


def has(lang: str, key: str) -> bool:
    """True when ``key`` exists in ``lang`` or the fallback language."""
    return key in catalogue(lang) or key in catalogue(FALLBACK)


def translate(lang: str, key: str, **params: str) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` placeholders filled in.

    >>> translate("da", "choice.recommendation.hybrid")
    'Hybrid'
    """
    template = catalogue(lang).get(key) or catalogue(FALLBACK).get(key) or key
    return template.format(**params) if params else template
