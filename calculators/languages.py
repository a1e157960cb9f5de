"""Everything the calculators know about a language, in one record per language.

Parsing, formatting, money defaults and the catalogues all read :data:`LOCALES`; the
tests take their language list from it. Adding a language means: its record here, its
catalogue ``locales/<code>.json``, its entry in ``mkdocs.yml`` and its pages.

Number symbols and patterns follow CLDR 47 (via Babel); ``typed_groups`` also accepts
the group separators people type when the shown one is a no-break space.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .model import Currency

NBSP = "\u00a0"
NNBSP = "\u202f"

#: ISO 4217 minor units where they differ from 2: the króna has none in everyday use (CLDR).
ISO_CURRENCY_DIGITS: Mapping[Currency, int] = MappingProxyType({Currency.ISK: 0})


@dataclass(frozen=True)
class Locale:
    """The number format, currency symbols and default currency of one language.

    Attributes:
        code: The language code of the pages and the catalogue (``da``).
        decimal: Decimal sign, typed and shown.
        group: Group separator shown in formatted numbers.
        typed_groups: Group separators accepted in typed numbers.
        minus: Minus sign shown (CLDR; Swedish uses U+2212).
        percent: What follows a number in percent (``%`` or a no-break space and ``%``).
        currency_before: True when the currency symbol precedes the amount.
        symbols: The currency symbol of each currency in this language.
        default_currency: The currency a calculator starts in.
        currency_digits: Minor units per currency (2 unless listed).
    """

    code: str
    decimal: str
    group: str
    typed_groups: tuple[str, ...]
    minus: str
    percent: str
    currency_before: bool
    symbols: Mapping[Currency, str]
    default_currency: Currency
    currency_digits: Mapping[Currency, int] = field(default_factory=lambda: dict(ISO_CURRENCY_DIGITS))

    def digits(self, currency: Currency) -> int:
        """Decimals shown for amounts in ``currency``."""
        return self.currency_digits.get(currency, 2)


LOCALES: dict[str, Locale] = {
    "en": Locale(
        code="en",
        decimal=".",
        group=",",
        typed_groups=(",",),
        minus="-",
        percent="%",
        currency_before=True,
        symbols={Currency.DKK: "DKK", Currency.SEK: "SEK", Currency.ISK: "ISK", Currency.EUR: "€", Currency.USD: "$"},
        default_currency=Currency.EUR,
    ),
    "da": Locale(
        code="da",
        decimal=",",
        group=".",
        typed_groups=(".",),
        minus="-",
        percent=NBSP + "%",
        currency_before=False,
        symbols={Currency.DKK: "kr.", Currency.SEK: "SEK", Currency.ISK: "ISK", Currency.EUR: "€", Currency.USD: "US$"},
        default_currency=Currency.DKK,
    ),
    "sv": Locale(
        code="sv",
        decimal=",",
        group=NBSP,
        typed_groups=(" ", NBSP, NNBSP),
        minus="\u2212",
        percent=NBSP + "%",
        currency_before=False,
        symbols={Currency.DKK: "Dkr", Currency.SEK: "kr", Currency.ISK: "Ikr", Currency.EUR: "€", Currency.USD: "US$"},
        default_currency=Currency.SEK,
    ),
    "is": Locale(
        code="is",
        decimal=",",
        group=".",
        typed_groups=(".",),
        minus="-",
        percent="%",
        currency_before=False,
        symbols={
            Currency.DKK: "DKK",
            Currency.SEK: "SEK",
            Currency.ISK: "kr.",
            Currency.EUR: "EUR",
            Currency.USD: "USD",
        },
        default_currency=Currency.ISK,
    ),
}

#: The site's languages at import time, English (the fallback) first.
LANGUAGES: tuple[str, ...] = tuple(LOCALES)
FALLBACK = "en"


class UnknownLanguageError(ValueError):
    """No locale record has this code."""

    def __init__(self, lang: str) -> None:
        super().__init__(f"lang must be one of {', '.join(LOCALES)}, not {lang!r}")
        self.lang = lang


def get_locale(lang: str) -> Locale:
    """The record of ``lang``.

    Raises:
        UnknownLanguageError: No record has that code.

    >>> get_locale("sv").decimal
    ','
    """
    try:
        return LOCALES[lang]
    except KeyError:
        raise UnknownLanguageError(lang) from None


def languages() -> tuple[str, ...]:
    """Every language with a record now (a test may register one more)."""
    return tuple(LOCALES)
