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

from .languages import LOCALES, Locale, get_locale
from .model import Currency

_SIGNS = {"-": -1, "\u2212": -1, "+": 1}


class ParseError(ValueError):
    """Text that is not a number in the language; ``key`` names the message, ``params`` its values.

    Keys: ``required`` (empty), ``separator`` (a separator in the wrong place,
    e.g. ``12.5`` in Danish), ``not_a_number`` and ``currency_mismatch`` (an amount
    marked with another currency than the calculator's; params ``found``).
    """

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def currency_markers() -> dict[str, frozenset[Currency]]:
    """What may mark an amount's currency, case-folded: ISO codes and every language's symbols.

    A symbol several currencies share (``kr.``) stands for any of them.

    >>> sorted(c.value for c in currency_markers()["kr."])
    ['DKK', 'ISK', 'SEK']
    """
    markers: dict[str, set[Currency]] = {currency.value.casefold(): {currency} for currency in Currency}
    for locale in LOCALES.values():
        for currency, symbol in locale.symbols.items():
            markers.setdefault(symbol.casefold(), set()).add(currency)
    # "kr" and "kr." are written for every krone and krona, whichever the page's own symbol is.
    crowns = {Currency.DKK, Currency.SEK, Currency.ISK}
    for symbol in ("kr", "kr."):
        markers[symbol] = markers.get(symbol, set()) | crowns
    return {marker: frozenset(currencies) for marker, currencies in markers.items()}


def split_currency(text: str) -> tuple[str, frozenset[Currency] | None, str]:
    """An amount's number and the currencies its marker stands for (None when unmarked), and the marker.

    >>> number, currencies, marker = split_currency("45.000 kr.")
    >>> number, sorted(c.value for c in currencies or ()), marker
    ('45.000', ['DKK', 'ISK', 'SEK'], 'kr.')
    >>> split_currency("€45,000")[0], split_currency("DKK 45.000")[2], split_currency("12")
    ('45,000', 'DKK', ('12', None, ''))
    """
    body = text.strip()
    sign = body[0] if body and body[0] in _SIGNS else ""
    body = body[len(sign) :].strip()
    folded = body.casefold()
    markers = currency_markers()
    for marker in sorted(markers, key=len, reverse=True):
        if folded.startswith(marker) and (
            not marker[-1].isalpha() or not folded[len(marker) : len(marker) + 1].isalpha()
        ):
            rest = body[len(marker) :].strip()
            if rest[:1].isdigit() or rest[:1] in "+-\u2212":
                return sign + rest, markers[marker], body[: len(marker)]
        if folded.endswith(marker) and len(body) > len(marker):
            before = body[: -len(marker)]
            if before.rstrip()[-1:].isdigit() and (not marker[0].isalpha() or not before[-1:].isalpha()):
                return sign + before.strip(), markers[marker], body[-len(marker) :]
    return text.strip(), None, ""


def other_reading(text: str, lang: str) -> Decimal | None:
    """The value ``text`` has in another of the languages, where its decimal sign groups thousands.

    Only for a number like ``45.000``: one to three digits, the page's decimal sign, exactly
    three digits, where that sign is another language's group separator.

    >>> other_reading("45.000", "en"), other_reading("900,000", "is"), other_reading("45.5", "en")
    (Decimal('45000'), Decimal('900000'), None)
    """
    locale = get_locale(lang)
    if not any(locale.decimal in other.typed_groups for code, other in LOCALES.items() if code != lang):
        return None
    body = text.strip()
    if not re.fullmatch(rf"\d{{1,3}}{re.escape(locale.decimal)}\d{{3}}", body, re.ASCII):
        return None
    return Decimal(body.replace(locale.decimal, ""))


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
