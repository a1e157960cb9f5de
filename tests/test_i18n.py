"""Every message exists in every language, with the same placeholders."""

import re
import string

import pytest

from calculators import CALCULATORS
from calculators.i18n import LANGUAGES, catalogue
from calculators.present import input_help, input_label, null_text, output_label


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_same_keys_as_english(lang: str) -> None:
    """No key missing, none extra."""
    english, other = catalogue("en"), catalogue(lang)
    assert sorted(set(english) - set(other)) == []
    assert sorted(set(other) - set(english)) == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_same_placeholders_as_english(lang: str) -> None:
    """A translation keeps every {placeholder} of the English message."""
    english, other = catalogue("en"), catalogue(lang)
    wrong = {
        key: placeholders(other[key])
        for key in english
        if placeholders(english[key]) != placeholders(other.get(key, english[key]))
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_is_a_real_translation(lang: str) -> None:
    """Every input and output of every calculator has a label and help text in the catalogue, not a key."""
    messages = catalogue(lang)
    for calc in CALCULATORS.values():
        for spec in calc.inputs:
            assert calc.input_key(spec) + ".label" in messages
            assert calc.input_key(spec) + ".help" in messages
            assert "{" not in input_label(calc, spec, lang) + input_help(calc, spec, lang)
        for out in calc.outputs:
            assert calc.output_key(out) + ".label" in messages
            assert calc.output_key(out) + ".null" in messages
            assert not re.search(r"[{}]", output_label(calc, out, lang) + null_text(calc, out, lang))
