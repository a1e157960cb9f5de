"""Currencies: example amounts in each currency, at fixed, dated rates.

Money defaults are written in Danish kroner, the currency of the source material
(agencies charge 30,000–200,000 DKK a month). Other currencies get the same example
converted at a fixed, dated reference rate and rounded to two significant digits.
The rates only set example defaults; a user's own amounts are never converted.
"""

from __future__ import annotations

import math

from .languages import get_locale
from .model import Currency

#: DKK per unit of each currency, reference rates of 2025-10-01 (approximate
#: central-bank rates; fixed so that defaults never change between builds).
DKK_PER_UNIT: dict[Currency, float] = {
    Currency.DKK: 1.0,
    Currency.EUR: 7.46,
    Currency.USD: 6.36,
    Currency.SEK: 0.68,
    Currency.ISK: 0.052,
}


def default_currency(lang: str) -> Currency:
    """The currency a calculator starts in for ``lang`` (from its locale record).

    >>> default_currency("da")
    <Currency.DKK: 'DKK'>
    """
    return get_locale(lang).default_currency


def example_amount(dkk: float, currency: Currency) -> float:
    """An example amount in ``currency``, converted from DKK and rounded to two significant digits.

    >>> example_amount(60_000, Currency.EUR)
    8000.0
    >>> example_amount(60_000, Currency.ISK)
    1200000.0
    >>> example_amount(0, Currency.USD)
    0.0
    """
    amount = dkk / DKK_PER_UNIT[currency]
    if amount == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(amount)))
    return float(round(amount, digits))
