"""One locale record per language: the list every test uses, and a fifth language added from it alone."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from calculators import CALCULATORS, LANGUAGES, LOCALES, Currency, InputKind, run
from calculators.cli import main
from calculators.formatting import format_money, format_number, format_percent
from calculators.live import live_update
from calculators.present import default_value
from calculators.render import render_form
from tests.conftest import ROOT

#: mkdocs.yml with its !ENV and !!python tags read as nothing.
_Loader: Any = type("_Loader", (yaml.SafeLoader,), {})
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_the_site_builds_exactly_the_languages_with_a_record() -> None:
    """mkdocs.yml, the catalogues and the pages follow the locale records."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    assert [language["locale"] for language in i18n["languages"]] == list(LANGUAGES)
    assert {path.stem for path in (ROOT / "calculators" / "locales").glob("*.json")} == set(LANGUAGES)
    assert {path.name for path in (ROOT / "docs").iterdir() if path.is_dir() and len(path.name) == 2} == set(LANGUAGES)
    assert tuple(LOCALES) == LANGUAGES
    assert LANGUAGES[0] == "en"


def typed(value: float, lang: str, whole: bool) -> str:
    """A value as a reader of ``lang`` types it, grouped."""
    return format_number(value, lang, max_digits=0 if whole else 2)


def test_a_fifth_language_runs_every_calculator(fifth_language: Callable[..., str]) -> None:
    """Its record and catalogue are all it takes: parsing, formatting, the form, the engine, the CLI."""
    lang = fifth_language()
    assert format_number(1234567.5, lang) == "1\u2019234\u2019567.5"
    assert format_money(-1234.5, Currency.USD, lang) == "\u2212USD\u00a01\u2019234.50"
    assert format_percent(12.5, lang) == "12.5%"
    for calc in CALCULATORS.values():
        raw = {
            spec.name: typed(
                min(float(default_value(spec, "en")) * 3 + 1.25 * (not spec.whole), spec.maximum), lang, spec.whole
            )
            for spec in calc.inputs
            if spec.kind not in (InputKind.CURRENCY, InputKind.RATING)
        }
        english = {name: text.replace("\u2019", ",") for name, text in raw.items()}
        ours, theirs = run(calc, raw, lang), run(calc, english, "en")
        assert ours.ok, ours.errors
        assert ours.outputs == theirs.outputs
        assert ours.currency is Currency.EUR
        html = render_form(calc, lang, raw, "f")
        assert f'data-lang="{lang}"' in html
        assert 'data-decimal="."' in html
        live = json.loads(live_update(calc.id, lang, json.dumps(raw)))
        assert live["ok"] is True
        assert live["html"] in html
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["run", calc.id, "--lang", lang, "--format", "json", *(f"{k}={v}" for k, v in raw.items())])
        assert code == 0
        assert json.loads(out.getvalue())["outputs"] == json.loads(json.dumps(theirs.outputs))
    mistake = run("nps", {"promoters": "1,5"}, lang).errors["promoters"]
    assert "point as the decimal sign" in mistake


def test_the_fifth_language_reads_its_own_catalogue(fifth_language: Callable[..., str]) -> None:
    """Labels come from the new catalogue, not from English."""
    lang = fifth_language({"nps.promoters.label": "Promoturs"})
    assert '<label for="f-promoters">Promoturs</label>' in render_form("nps", lang, {}, "f")


def test_every_text_from_a_catalogue_is_escaped(fifth_language: Callable[..., str], tmp_path: Path) -> None:
    """A catalogue's markup characters reach the page as text, in labels, help, results and messages."""
    hostile = "<script>alert(\"x\")</script> & 'quoted'"
    lang = fifth_language(
        {
            "nps.promoters.label": hostile,
            "nps.promoters.help": hostile,
            "nps.nps.label": hostile,
            "nps.title": hostile,
            "ui.engine.idle": hostile,
        }
    )
    html = render_form("nps", lang, {}, "f")
    assert "<script>" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"
    assert html.count(escaped) >= 5
    assert not re.search(
        r"<(?!/?(?:form|p|fieldset|legend|div|label|span|input|select|option|section|dl|dt|dd|progress|svg|g|line|rect|path|polyline|circle|text|title|desc|table|caption|thead|tbody|tr|th|td|details|summary|ol|li|strong|button|figure)\b)",
        html,
    )
