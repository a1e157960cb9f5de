"""Numbers shown in the format of a language, following CLDR.

The core returns raw floats; this is the only place where they are rounded. Symbols
and patterns come from the language's record in :mod:`calculators.languages`.
Rounding is half-even on the decimal value, as CLDR and Babel do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from .languages import NBSP, get_locale
from .model import Currency

#: Magnitudes from here on are shown as "too large to show" (see ``presentable``): a double no
#: longer holds every whole unit beyond about 9·10^15, so digits past this would be noise.
SHOWN_LIMIT = 10**15

#: Enough digits for any finite double (up to about 1.8·10^308) with its decimals: the
#: default context (28 digits) cannot quantize a number above 10^26 and raises.
_EXACT = Context(prec=400, Emax=999_999, Emin=-999_999)


def presentable(value: float) -> bool:
    """True when ``value`` is shown in digits rather than as "too large to show".

    >>> presentable(999_999_999_999_999.0), presentable(-1e15), presentable(1e53)
    (True, False, False)
    """
    return abs(value) < SHOWN_LIMIT


def format_number(value: float, lang: str, *, min_digits: int = 0, max_digits: int = 2) -> str:
    """``value`` with grouping and between ``min_digits`` and ``max_digits`` decimals.

    >>> format_number(1234.5678, "da")
    '1.234,57'
    >>> format_number(-0.5, "sv", min_digits=2)
    '−0,50'
    >>> format_number(-0.001, "en")
    '0'
    >>> format_number(1e-41, "en"), format_number(1e30, "en")[:9]
    ('0', '1,000,000')
    """
    fmt = get_locale(lang)
    with localcontext(_EXACT):
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-max_digits), ROUND_HALF_EVEN)
    negative = rounded < 0
    text = f"{abs(rounded):f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(min_digits, "0")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    number = fmt.group.join(groups) + (fmt.decimal + fraction if fraction else "")
    return fmt.minus + number if negative else number


def format_money(value: float, currency: Currency, lang: str, *, digits: int | None = None) -> str:
    r"""An amount with the currency's CLDR symbol and minor units.

    Alphabetic symbols are spaced from the digits (CLDR ``currencySpacing``). ``digits``
    overrides the currency's minor units (0 for a chart's axis).

    >>> format_money(1234.5, Currency.DKK, "da")
    '1.234,50\xa0kr.'
    >>> format_money(-1234.5, Currency.EUR, "en")
    '-€1,234.50'
    >>> format_money(1234.5, Currency.ISK, "en")
    'ISK\xa01,234'
    >>> format_money(120000, Currency.SEK, "sv", digits=0)
    '120\xa0000\xa0kr'
    """
    fmt = get_locale(lang)
    digits = fmt.digits(currency) if digits is None else digits
    number = format_number(abs(value), lang, min_digits=digits, max_digits=digits)
    symbol = fmt.symbols[currency]
    if fmt.currency_before:
        spacing = NBSP if symbol[-1].isalpha() else ""
        text = symbol + spacing + number
    else:
        text = number + NBSP + symbol
    negative = number.strip("0.,\u00a0") != "" and value < 0
    return fmt.minus + text if negative else text


def format_percent(value: float, lang: str, *, max_digits: int = 1) -> str:
    r"""A value already in percent (12.5 means 12.5 %), with the language's percent sign.

    >>> format_percent(12.54, "da")
    '12,5\xa0%'
    >>> format_percent(100, "is")
    '100%'
    """
    return format_number(value, lang, max_digits=max_digits) + get_locale(lang).percent
