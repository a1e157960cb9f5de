"""Numbers as typed in each language: the valid forms and the rejected ones."""

from decimal import Decimal

import pytest

from calculators import run
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


#: Amounts with their currency, as people type them: (language, currency selected, text, amount).
WITH_CURRENCY = [
    ("da", "DKK", "45.000 kr.", 45000),
    ("da", "DKK", "45.000 kr", 45000),
    ("sv", "SEK", "45 000 kr", 45000),
    ("sv", "SEK", f"45{NBSP}000{NBSP}kr", 45000),
    ("da", "DKK", "DKK 45.000", 45000),
    ("is", "ISK", "45.000 ISK", 45000),
    ("is", "ISK", "kr. 45.000", 45000),
    ("en", "EUR", "€45,000", 45000),
    ("en", "EUR", "45,000 EUR", 45000),
    ("en", "EUR", "eur 45,000.50", 45000.5),
    ("en", "USD", "$1,200", 1200),
    ("en", "USD", "US$1,200", 1200),
    ("da", "EUR", "45.000 €", 45000),
    ("sv", "USD", "1 200 US$", 1200),
]


@pytest.mark.parametrize(("lang", "currency", "text", "amount"), WITH_CURRENCY)
def test_money_may_carry_its_currency(lang: str, currency: str, text: str, amount: float) -> None:
    """The currency's code or symbol before or after the number is read, in the language's number format."""
    outcome = run("cost-comparison", {"currency": currency, "agency_monthly": text}, lang)
    assert outcome.errors == {}
    assert outcome.values["agency_monthly"] == amount


@pytest.mark.parametrize(
    ("lang", "currency", "text", "message"),
    [
        (
            "en",
            "EUR",
            "$1,200",
            "Agency fee per month is marked “$”, but this calculator counts in EUR. Choose that currency above, or remove the mark.",
        ),
        (
            "da",
            "DKK",
            "45.000 €",
            "Bureauhonorar pr. måned er angivet i „€“, men beregneren regner i DKK. Vælg den valuta ovenfor, eller fjern angivelsen.",
        ),
        (
            "sv",
            "EUR",
            "45 000 kr",
            "Byråarvode per månad är angivet i ”kr”, men kalkylatorn räknar i EUR. Välj den valutan ovan eller ta bort angivelsen.",
        ),
        (
            "is",
            "ISK",
            "USD 45.000",
            "Þóknun stofu á mánuði er merkt „USD“, en reiknivélin reiknar í ISK. Veldu þann gjaldmiðil hér að ofan eða fjarlægðu merkið.",
        ),
    ],
)
def test_another_currency_is_never_read_silently(lang: str, currency: str, text: str, message: str) -> None:
    """An amount marked in another currency than the calculator's is refused with a message saying so."""
    assert run("cost-comparison", {"currency": currency, "agency_monthly": text}, lang).errors == {
        "agency_monthly": message
    }


#: Numbers another of our languages reads otherwise: (language, field, text, value read, hint).
FOREIGN = [
    ("en", "agency_monthly", "45.000", 45, "Read as 45. For 45 thousand, write 45,000."),
    ("en", "agency_monthly", "€45.000", 45, "Read as 45. For 45 thousand, write 45,000."),
    ("da", "agency_monthly", "45,000", 45, "Læst som 45. Skriv 45.000 for 45 tusind."),
    ("sv", "agency_monthly", "45,000", 45, f"Tolkat som 45. För 45 tusen, skriv 45{NBSP}000."),
    ("is", "agency_monthly", "900,000", 900, "Lesið sem 900. Fyrir 900 þúsund, skrifaðu 900.000."),
    ("en", "horizon_months", "12.000", 12, "Read as 12. For 12 thousand, write 12,000."),
    ("en", "agency_monthly", "1.250", 1.25, "Read as 1.25. For 1.25 thousand, write 1,250."),
]


@pytest.mark.parametrize(("lang", "field", "text", "value", "hint"), FOREIGN)
def test_foreign_format_is_read_as_the_page_reads_it_with_a_hint(
    lang: str, field: str, text: str, value: float, hint: str
) -> None:
    """The value is the page language's reading; the hint says so and how to write the other reading."""
    outcome = run("cost-comparison", {field: text}, lang)
    assert outcome.errors == {}
    assert outcome.values[field] == value
    assert outcome.hints == {field: hint}


@pytest.mark.parametrize(
    ("lang", "field", "text"),
    [
        ("en", "agency_monthly", "45,000"),  # the page's own grouping
        ("en", "agency_monthly", "45.5"),  # not three digits
        ("en", "agency_monthly", "1,045.000"),  # grouped already: a decimal
        ("da", "agency_monthly", "45.000"),  # Danish grouping on a Danish page
        ("en", "fte", "1.500"),  # neither money nor a count
        ("en", "overhead_percent", "12.500"),
    ],
)
def test_no_hint_where_nothing_is_ambiguous(lang: str, field: str, text: str) -> None:
    """Only a money or count field with the page's decimal sign and three digits gets the hint."""
    assert run("cost-comparison", {field: text}, lang).hints == {}


def test_hint_is_shown_beside_the_field() -> None:
    """The form puts the hint in the field's hint slot, which the control names in aria-describedby."""
    from calculators.render import render_form

    html = render_form("cost-comparison", "en", {"agency_monthly": "45.000"}, "f")
    assert '<p class="calculator__hint" id="f-agency_monthly-hint" data-hint-for="agency_monthly">Read as 45.' in html
    assert 'aria-describedby="f-agency_monthly-help f-agency_monthly-hint f-agency_monthly-error"' in html
