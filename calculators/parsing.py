"""Numbers as people type them, in the number format of their language.

en ``1,234.5``; da and is ``1.234,5``; sv ``1 234,5`` (space, no-break space or
narrow no-break space between groups). Plain digits with the language's decimal
sign always work; a group separator must be followed by exactly three digits.
The separators come from the language's record in :mod:`calculators.languages`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from .languages import Locale, get_locale

_SIGNS = {"-": -1, "\u2212": -1, "+": 1}


class ParseError(ValueError):
    """Text that is not a number in the language; ``key`` names the message.

    Keys: ``required`` (empty), ``separator`` (a separator in the wrong place,
    e.g. ``12.5`` in Danish) and ``not_a_number``.
    """

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@cache
def _pattern(decimal: str, groups: tuple[str, ...]) -> re.Pattern[str]:
    dec = re.escape(decimal)
    group = "[" + "".join(re.escape(g) for g in groups) + "]"
    integer = rf"(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)"
    return re.compile(rf"(?:{integer}(?:{dec}\d+)?|{dec}\d+)", re.ASCII)


def number_pattern(locale: Locale) -> re.Pattern[str]:
    """The pattern of an unsigned number typed in ``locale``'s format."""
    return _pattern(locale.decimal, locale.typed_groups)


def parse_number(text: str, lang: str, *, percent: bool = False) -> Decimal:
    """The number in ``text``, typed in the format of ``lang``.

    Args:
        text: What the person typed.
        lang: A language code with a record in :data:`calculators.languages.LOCALES`.
        percent: Accept a trailing ``%`` sign.

    Raises:
        ParseError: The text is empty or not a number in that language.

    >>> parse_number("1.234,5", "da")
    Decimal('1234.5')
    >>> parse_number("12,5 %", "sv", percent=True)
    Decimal('12.5')
    >>> parse_number("12.5", "da")
    Traceback (most recent call last):
    ...
    calculators.parsing.ParseError: separator
    """
    locale = get_locale(lang)
    body = text.strip()
    if percent and body.endswith("%"):
        body = body[:-1].rstrip()
    if not body:
        raise ParseError("required")
    sign = _SIGNS.get(body[0])
    if sign is not None:
        body = body[1:]
    if not number_pattern(locale).fullmatch(body):
        if any(ch in body for ch in (*locale.typed_groups, ".", ",")) and re.search(r"\d", body):
            raise ParseError("separator")
        raise ParseError("not_a_number")
    digits = body.replace(locale.decimal, "#")
    for group in locale.typed_groups:
        digits = digits.replace(group, "")
    value = Decimal(digits.replace("#", "."))
    return -value if sign == -1 else value
