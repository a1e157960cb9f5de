"""Numbers as typed in each language: the valid forms and the rejected ones."""

from decimal import Decimal

import pytest

from calculators.parsing import ParseError, parse_number

NBSP, NNBSP = "\u00a0", "\u202f"

VALID = [
    ("en", "1234.5", "1234.5"),
    ("en", "1,234.5", "1234.5"),
    ("en", "1,234,567", "1234567"),
    ("en", " 42 ", "42"),
    ("en", ".5", "0.5"),
    ("en", "-3", "-3"),
    ("en", "\u22123", "-3"),
    ("da", "1234,5", "1234.5"),
    ("da", "1.234,5", "1234.5"),
    ("da", "60.000", "60000"),
    ("da", "0,25", "0.25"),
    ("is", "1.234.567,89", "1234567.89"),
    ("is", "12", "12"),
    ("sv", "1 234,5", "1234.5"),
    ("sv", f"1{NBSP}234,5", "1234.5"),
    ("sv", f"1{NNBSP}234{NNBSP}567", "1234567"),
    ("sv", "1234,5", "1234.5"),
]

INVALID = [
    ("en", "", "required"),
    ("en", "   ", "required"),
    ("en", "abc", "not_a_number"),
    ("en", "nan", "not_a_number"),
    ("en", "inf", "not_a_number"),
    ("en", "Infinity", "not_a_number"),
    ("en", "1e5", "not_a_number"),
    ("en", "12,5", "separator"),
    ("en", "1,23", "separator"),
    ("en", "1.2.3", "separator"),
    ("en", "--1", "not_a_number"),
    ("da", "12.5", "separator"),
    ("da", "1.23", "separator"),
    ("da", "1.2345", "separator"),
    ("da", "1,234,5", "separator"),
    ("is", "12.5", "separator"),
    ("sv", "12.5", "separator"),
    ("sv", "1 23", "separator"),
    ("sv", "1 2345", "separator"),
    ("sv", "12 %", "separator"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), VALID)
def test_valid(lang: str, text: str, expected: str) -> None:
    """Grouped and plain forms of each language parse to the same number."""
    assert parse_number(text, lang) == Decimal(expected)


@pytest.mark.parametrize(("lang", "text", "key"), INVALID)
def test_invalid(lang: str, text: str, key: str) -> None:
    """Each rejected form names why: empty, a misplaced separator or not a number."""
    with pytest.raises(ParseError, match=f"^{key}$"):
        parse_number(text, lang)


@pytest.mark.parametrize(("lang", "text"), [("en", "12.5%"), ("da", "12,5 %"), ("sv", f"12,5{NBSP}%"), ("is", "12,5%")])
def test_percent_sign_only_where_allowed(lang: str, text: str) -> None:
    """Percent fields accept a trailing % sign."""
    assert parse_number(text, lang, percent=True) == Decimal("12.5")
