"""Golden HTML: one whole form per language, compared byte for byte with the file under tests/golden/.

A change to the markup shows up here as a diff to review. After an intended change, rewrite
the files with ``UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and commit them.
"""

from __future__ import annotations

import os

import pytest

from calculators import CALCULATORS, LANGUAGES
from calculators.render import render_form
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
#: One calculator per language, every calculator at least once.
CASES = [(lang, list(CALCULATORS)[index % len(CALCULATORS)]) for index, lang in enumerate(LANGUAGES)]


def pretty(html: str) -> str:
    """One element per line, so that a diff points at the element that changed."""
    return html.replace("><", ">\n<") + "\n"


@pytest.mark.parametrize(("lang", "calculator"), CASES)
def test_form_matches_its_golden_file(lang: str, calculator: str) -> None:
    """The whole form at its defaults, as the build writes it."""
    path = GOLDEN / f"form-{lang}-{calculator}.html"
    html = pretty(render_form(calculator, lang, {}, f"calc-{calculator}-1"))
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(html, "utf-8")
    assert path.exists(), f"no golden file: run with UPDATE_GOLDEN=1 to write {path.name}"
    assert html == path.read_text("utf-8")


def test_every_calculator_and_language_has_a_golden_form() -> None:
    """The cases cover each language and each calculator; no stale golden file is left behind."""
    assert {lang for lang, _ in CASES} == set(LANGUAGES)
    assert {calc for _, calc in CASES} == set(CALCULATORS)
    assert {path.name for path in GOLDEN.glob("form-*.html")} == {f"form-{lang}-{calc}.html" for lang, calc in CASES}
