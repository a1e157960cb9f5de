"""Output formatting follows CLDR: checked against Babel for every language and currency."""

from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from calculators.formatting import format_money, format_number
from calculators.formatting import format_percent as our_percent
from calculators.i18n import LANGUAGES
from calculators.model import Currency

NBSP = "\u00a0"


def cldr(text: str, lang: str) -> str:
    """Babel's output with the two CLDR rules it does not apply itself.

    Babel keeps an ASCII hyphen where CLDR's minus sign differs (sv uses U+2212), and
    does not insert CLDR's currencySpacing between an alphabetic symbol and the digits.
    """
    minus = Locale.parse(lang).number_symbols["latn"]["minusSign"]
    text = text.replace("-", minus)
    for code in ("DKK", "SEK", "ISK"):
        if text.replace(minus, "").startswith(code):
            text = text.replace(code, code + NBSP, 1)
    return text


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("currency", list(Currency))
@given(value=finite)
def test_money_matches_babel(lang: str, currency: Currency, value: float) -> None:
    """Symbol, placement, separators and minor units (ISK none) as CLDR says."""
    expected = cldr(format_currency(value, currency.value, locale=lang), lang)
    if not any(ch in "123456789" for ch in expected):
        expected = expected.replace(Locale.parse(lang).number_symbols["latn"]["minusSign"], "", 1)
        # Babel writes "-0.00" for tiny negatives; we show zero unsigned.
    assert format_money(value, currency, lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@given(value=finite)
def test_decimals_match_babel(lang: str, value: float) -> None:
    """Grouping and half-even rounding as Babel's #,##0.## pattern."""
    expected = cldr(format_decimal(value, format="#,##0.##", locale=lang), lang)
    ours = format_number(value, lang, max_digits=2)
    if expected.lstrip("-−") in {"0"}:
        expected = "0"
    assert ours == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@given(value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_percent_matches_babel(lang: str, value: float) -> None:
    """The language's percent pattern (da and sv put a no-break space before %)."""
    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("#,##0", "#,##0.#")
    expected = cldr(format_percent(Decimal(repr(value)) / 100, format=pattern, locale=lang), lang)
    if expected.lstrip("-−").startswith("0%") or expected.lstrip("-−").startswith("0" + NBSP):
        expected = expected.lstrip("-−")
    assert our_percent(value, lang) == expected


@pytest.mark.parametrize(
    ("lang", "currency", "value", "text"),
    [
        ("en", Currency.EUR, 8000, "€8,000.00"),
        ("en", Currency.ISK, 1234567.5, f"ISK{NBSP}1,234,568"),
        ("da", Currency.DKK, 60000, f"60.000,00{NBSP}kr."),
        ("sv", Currency.SEK, -1234.5, f"\u22121{NBSP}234,50{NBSP}kr"),
        ("is", Currency.ISK, 1200000, f"1.200.000{NBSP}kr."),
    ],
)
def test_examples(lang: str, currency: Currency, value: float, text: str) -> None:
    """A few amounts as a reader sees them."""
    assert format_money(value, currency, lang) == text
