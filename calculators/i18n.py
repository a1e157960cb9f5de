"""Translation catalogues: one flat JSON file of keyed messages per language.

Lookups fall back to English, then to the key itself, so a missing translation
shows up as readable text rather than an error; a test keeps the catalogues complete.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("en", "da", "sv", "is")
FALLBACK = "en"


def check_language(lang: str) -> None:
    """Refuse a language the calculators do not speak.

    Raises:
        ValueError: ``lang`` is not one of :data:`LANGUAGES`; the message names them.

    >>> check_language("de")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of en, da, sv, is, not 'de'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of ``lang``, by key.

    Raises:
        ValueError: ``lang`` is not one of :data:`LANGUAGES`.
    """
    check_language(lang)
    text = resources.files(__package__).joinpath("locales", f"{lang}.json").read_text("utf-8")
    messages: dict[str, str] = json.loads(text)
    return messages


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
