"""Runs on arbitrary typed text: finite outputs or per-field messages, never an exception."""

import dataclasses
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import CALCULATORS, LANGUAGES, Currency, UnknownCalculatorError, UnknownInputError, run
from calculators.formatting import format_number
from calculators.i18n import translate
from calculators.languages import get_locale

CHOICES = ", ".join(c.value for c in Currency)

number_like = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789.,  \u202f-−%e", max_size=16),
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
    st.floats().map(repr),
    st.sampled_from(["", "nan", "inf", "-inf", "1e309", "0", "5", "100", "1.000.000,5", "DKK", "usd", "9" * 14]),
)


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return True


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_never_raises(calc_id: str, lang: str, data: st.DataObject) -> None:
    """Any subset of fields with any text gives finite outputs or messages naming fields."""
    calc = CALCULATORS[calc_id]
    names = data.draw(st.lists(st.sampled_from([s.name for s in calc.inputs]), unique=True))
    raw = {name: data.draw(number_like) for name in names}
    outcome = run(calc_id, raw, lang)
    if outcome.ok:
        assert outcome.errors == {}
        assert set(outcome.outputs) == {s.name for s in calc.outputs}
        assert all(_finite(v) for v in outcome.outputs.values())
        json.dumps(outcome.as_json(), allow_nan=False)
    else:
        assert outcome.outputs == {}
        assert set(outcome.errors) <= set(names) | {"_form"}
        assert all(isinstance(m, str) and m for m in outcome.errors.values())


@pytest.mark.parametrize(
    ("lang", "text", "message"),
    [
        ("en", "", "Visitors is empty. Enter a number from 0 to 1,000,000,000,000."),
        ("en", "lots", "Visitors must be a number from 0 to 1,000,000,000,000, for example 1,200."),
        ("en", "12.5", "Visitors must be a whole number from 0 to 1,000,000,000,000."),
        ("en", "1,000,000,000,001", "Visitors must be a whole number from 0 to 1,000,000,000,000."),
        (
            "en",
            "12,5",
            "Visitors: use a point as the decimal sign. A comma only separates thousands and must be followed by exactly three digits.",
        ),
    ],
)
def test_messages_name_field_and_range(lang: str, text: str, message: str) -> None:
    """Messages say which field, what is wrong and the allowed range."""
    assert run("cost-per-conversion", {"visitors": text}, lang).errors == {"visitors": message}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_localized(lang: str) -> None:
    """The same mistake reads differently in each language, with the range in its number format."""
    message = run("cost-per-conversion", {"visitors": "-1"}, lang).errors["visitors"]
    bound = {
        "en": "1,000,000,000,000",
        "da": "1.000.000.000.000",
        "is": "1.000.000.000.000",
        "sv": "1\u00a0000\u00a0000\u00a0000\u00a0000",
    }[lang]
    assert bound in message


def test_danish_decimal_point_gets_a_specific_message() -> None:
    """12.5 in Danish is a misplaced thousands separator: the message says to use a comma."""
    message = run("cost-comparison", {"fte": "12.5"}, "da").errors["fte"]
    assert "brug komma som decimaltegn" in message


def test_currency_default_follows_language() -> None:
    """En EUR, da DKK, sv SEK, is ISK."""
    assert {lang: run("cost-per-conversion", {}, lang).currency.value for lang in LANGUAGES} == {
        "en": "EUR",
        "da": "DKK",
        "sv": "SEK",
        "is": "ISK",
    }


def test_currency_choice_is_validated() -> None:
    """Only the five currencies are accepted; case does not matter."""
    assert run("cost-per-conversion", {"currency": "usd"}).currency.value == "USD"
    assert "currency" in run("cost-per-conversion", {"currency": "GBP"}).errors


def test_unknown_names_raise_named_errors() -> None:
    """Callers learn which id or input does not exist."""
    with pytest.raises(UnknownCalculatorError, match="unknown calculator 'roi'"):
        run("roi", {})
    with pytest.raises(UnknownInputError, match="nps has no input 'fans'"):
        run("nps", {"fans": "1"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_empty_currency_gets_a_choice_message(lang: str) -> None:
    """An empty choice asks for one of the choices, not for a number."""
    message = run("cost-per-conversion", {"currency": " "}, lang).errors["currency"]
    assert message == translate(lang, "error.choice_required", field=translate(lang, "currency.label"), choices=CHOICES)
    assert "1" not in message


def test_currency_codes_are_matched_in_ascii_only() -> None:
    """Unicode case mapping does not make a currency: the dotless ı of "ısk" upper-cases to I."""
    assert "ısk".upper() == "ISK"
    assert "currency" in run("cost-per-conversion", {"currency": "ısk"}).errors
    assert "currency" in run("cost-per-conversion", {"currency": "ＤＫＫ"}).errors
    assert run("cost-per-conversion", {"currency": " isk "}).currency.value == "ISK"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("calc_id", "name"),
    [("nps", "promoters"), ("cost-comparison", "horizon_months"), ("cost-per-conversion", "visitors")],
)
def test_whole_number_fields_do_not_suggest_a_decimal(lang: str, calc_id: str, name: str) -> None:
    """A whole-number field's example is a whole number, e.g. 1,200 rather than 1.5."""
    message = run(calc_id, {name: "lots"}, lang).errors[name]
    decimal = get_locale(lang).decimal
    assert f"1{decimal}5" not in message
    assert format_number(1200, lang) in message


def test_decimal_fields_still_suggest_a_decimal() -> None:
    """A field that takes decimals keeps its 1.5 example."""
    assert "for example 1.5" in run("cost-comparison", {"fte": "lots"}).errors["fte"]


@pytest.mark.parametrize("lang", ["", "de", "EN", "en-GB"])
def test_unknown_language_is_a_value_error_naming_the_languages(lang: str) -> None:
    """run() refuses a language it does not speak with the list of those it does."""
    with pytest.raises(ValueError, match=r"lang must be one of en, da, sv, is, not "):
        run("nps", {}, lang)


def test_arithmetic_failure_is_a_form_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid inputs whose arithmetic fails give a message for the form, not a traceback."""
    calc = CALCULATORS["nps"]

    def overflow(values: object) -> dict[str, object]:
        raise OverflowError("math range error")

    monkeypatch.setitem(CALCULATORS, "nps", dataclasses.replace(calc, compute=overflow))
    outcome = run("nps", {}, "sv")
    assert outcome.errors == {"_form": translate("sv", "error.cannot_compute")}
