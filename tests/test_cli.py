"""The command line, through a subprocess: output, JSON shape and exit codes."""

import json
import subprocess
import sys

import pytest

from calculators import CALCULATORS


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calculators", *args], capture_output=True, text=True, check=False)


def test_list() -> None:
    """One id per line."""
    result = cli("list")
    assert result.returncode == 0
    assert result.stdout.split() == list(CALCULATORS)


def test_describe_in_danish() -> None:
    """Inputs and outputs with name, kind, unit, min, max, default, label and help."""
    result = cli("describe", "cost-comparison", "--lang", "da")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    for item in data["inputs"] + data["outputs"]:
        assert {"name", "kind", "unit", "min", "max", "default", "label", "help"} <= set(item)
    agency = next(i for i in data["inputs"] if i["name"] == "agency_monthly")
    assert agency["unit"] == "DKK"
    assert 30000 <= agency["default"] <= 200000
    assert data["inputs"][0] == {**data["inputs"][0], "name": "currency", "default": "DKK"}


def test_run_json_shape() -> None:
    """Raw, unrounded numbers; null where undefined."""
    result = cli("run", "cost-per-conversion", "conversion_rate=0", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data) == {"calculator", "ok", "outputs", "errors"}
    assert data["calculator"] == "cost-per-conversion"
    assert data["ok"] is True
    assert data["errors"] == {}
    assert data["outputs"]["cost_per_conversion"] is None


def test_run_parses_the_language() -> None:
    """Values are typed as in --lang."""
    result = cli("run", "nps", "promoters=1.200", "passives=0", "detractors=200", "--lang", "da", "--format", "json")
    assert json.loads(result.stdout)["outputs"]["responses"] == 1400


def test_invalid_input_exits_2_with_messages() -> None:
    """Per-field messages in the JSON and on stderr."""
    result = cli("run", "nps", "promoters=x", "--format", "json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["outputs"] == {}
    assert "Promoters must be a number" in data["errors"]["promoters"]
    assert "promoters" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "roi"), "unknown calculator 'roi'"),
        (("run", "nps", "fans=3"), "nps has no input 'fans'"),
        (("describe", "x"), "unknown calculator 'x'"),
        (("run", "nps", "promoters"), "expected NAME=VALUE"),
    ],
)
def test_unknown_names_exit_2(args: tuple[str, ...], message: str) -> None:
    """A clear message on stderr, exit code 2, nothing on stdout."""
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_text_format_is_a_localized_table() -> None:
    """Labels and formatted values in the language."""
    result = cli("run", "cost-per-conversion", "--lang", "sv")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Kostnad per konvertering och ROI"
    row = next(line for line in lines[1:] if line.startswith("Kostnad per konvertering "))
    assert row.endswith("\u00a0kr")  # SEK, the Swedish default, as Swedish readers write it


def test_options_may_come_before_inputs() -> None:
    """`run ID --lang da a=1` and `run ID a=1 --lang da` are the same call."""
    before = cli("run", "nps", "--lang", "da", "--format", "json", "promoters=1.000")
    after = cli("run", "nps", "promoters=1.000", "--lang", "da", "--format", "json")
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout
    assert json.loads(before.stdout)["outputs"]["responses"] == 1080


def test_a_repeated_input_is_refused() -> None:
    """NAME=VALUE twice is a mistake, as in a page's calculator block: exit 2 naming the input."""
    result = cli("run", "nps", "promoters=10", "promoters=20")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: input 'promoters' is set twice\n"


def test_a_non_ascii_currency_is_refused() -> None:
    """The dotless ı makes "ısk", which is not ISK."""
    result = cli("run", "cost-per-conversion", "currency=ısk")
    assert result.returncode == 2
    assert "Currency must be one of DKK, SEK, ISK, EUR, USD." in result.stderr
