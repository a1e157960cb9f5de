"""`python -m calculators describe ID --format text`, and CONTRIBUTING.md's number formats.

The table is readable and in the page's language; the number formats are checked against the
locale data.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from calculators import CALCULATORS, LANGUAGES
from calculators.formatting import format_number
from calculators.parsing import parse_number

from .conftest import ROOT


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def rows(text: str, section: str) -> dict[str, list[str]]:
    """The table under the heading ``section``, by the first column (columns split on 2+ spaces)."""
    lines = text.splitlines()
    start = lines.index(section) + 3  # heading, column names, rule
    table = {}
    for line in lines[start:]:
        if not line:
            break
        name, *cells = re.split(r" {2,}", line)
        table[name] = cells
    return table


def test_describe_text_in_english() -> None:
    result = cli("describe", "nps", "--format", "text")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Net Promoter Score (NPS)"
    assert lines[3:5] == ["Inputs", "Name        Field       Unit  Range  Default"]
    assert rows(result.stdout, "Inputs") == {
        "promoters": ["Promoters", "≥ 0", "120"],
        "passives": ["Passives", "≥ 0", "50"],
        "detractors": ["Detractors", "≥ 0", "30"],
    }
    assert lines[-1] == "Presets are written in this language's number format, for example 60,000."


def test_describe_text_in_swedish_uses_swedish_labels_and_numbers() -> None:
    result = cli("describe", "cost-per-conversion", "--format", "text", "--lang", "sv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[3:5] == [
        "Indata",
        "Namn                  Fält                    Enhet  Intervall                Standard",
    ]
    table = rows(result.stdout, "Indata")
    assert table["currency"] == ["Valuta", "DKK, SEK, ISK, EUR, USD", "SEK"]
    assert table["staff_cost"] == ["Personalkostnad", "SEK", "≥ 0", "37\u00a0000"]
    assert table["conversion_rate"] == ["Konverteringsgrad", "%", "0 – 100", "2,5"]
    assert rows(result.stdout, "Resultat")["roi_percent"] == ["ROI", "%"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_describe_text_matches_the_json(calc_id: str, lang: str) -> None:
    """Every input and output of the JSON is a row of the table, with its label.

    Defaults are written so that they parse back in the language.
    """
    data = json.loads(cli("describe", calc_id, "--lang", lang).stdout)  # JSON stays the default
    text = cli("describe", calc_id, "--lang", lang, "--format", "text").stdout
    assert text.splitlines()[:2] == [data["title"], data["summary"]]
    inputs = rows(text, text.splitlines()[3])
    assert list(inputs) == [item["name"] for item in data["inputs"]]
    for item in data["inputs"]:
        label, *rest = inputs[item["name"]]
        assert label == item["label"]
        default = rest[-1]
        if isinstance(item["default"], str):
            assert default == item["default"]
        else:
            assert float(parse_number(default, lang)) == pytest.approx(item["default"])
    outputs = rows(text, next(line for line in text.splitlines()[5:] if line and " " not in line.strip()))
    assert list(outputs) == [item["name"] for item in data["outputs"]]
    assert "{" not in text


def test_describe_text_rejects_an_unknown_format() -> None:
    result = cli("describe", "nps", "--format", "yaml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_contributing_number_formats_follow_the_locale_data() -> None:
    """CONTRIBUTING.md's table of preset formats is what each language formats and parses."""
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    table = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \|", text, re.MULTILINE))
    assert sorted(table) == sorted(LANGUAGES)
    for lang, shown in table.items():
        # The table writes a no-break space as a plain space: both parse, as people type them.
        assert shown == format_number(60000, lang).replace("\u00a0", " ")
        assert parse_number(shown, lang) == 60000
    assert table == {"en": "60,000", "da": "60.000", "sv": "60 000", "is": "60.000"}
