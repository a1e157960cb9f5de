"""What a reader, a search engine and a static host get besides the pages: 404, hreflang, search."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from calculators import CALCULATORS, LANGUAGES
from calculators.i18n import translate
from site_ext import hreflang, mkdocs_hooks, not_found
from site_ext.local_site import page_path
from tests.conftest import PAGES


def test_hreflang_links_become_absolute_with_a_default() -> None:
    """Relative alternates are resolved against the page's address; x-default is the default language."""
    head = '<link rel="alternate" href="../../kpis/" hreflang="en"><link rel="alternate" href="./" hreflang="da">'
    html = hreflang.absolute_alternates(head, "https://example.org/guide/da/kpis/", "en")
    assert re.findall(r'href="([^"]+)" hreflang="([^"]+)"', html) == [
        ("https://example.org/guide/kpis/", "en"),
        ("https://example.org/guide/da/kpis/", "da"),
        ("https://example.org/guide/kpis/", "x-default"),
    ]
    assert hreflang.absolute_alternates(html, "https://example.org/guide/da/kpis/", "en") == html


def test_a_build_without_site_url_says_so_loudly(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """`mkdocs build` without SITE_URL prints a banner naming the localhost URL and the fix."""
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setitem(mkdocs_hooks._serving, "command", "build")
    mkdocs_hooks._warn_without_site_url("http://127.0.0.1:8000/")
    banner = capsys.readouterr().err
    assert "SITE_URL is not set" in banner
    assert "http://127.0.0.1:8000/" in banner
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    mkdocs_hooks._warn_without_site_url("https://example.org/")
    monkeypatch.setitem(mkdocs_hooks._serving, "command", "serve")
    monkeypatch.delenv("SITE_URL")
    mkdocs_hooks._warn_without_site_url("http://127.0.0.1:8000/")
    assert capsys.readouterr().err == ""


def test_404_markup_speaks_every_language_with_absolute_links() -> None:
    html = not_found.markup(["en", "da", "sv", "is"], "en", "https://example.org/playbook/")
    sections = re.findall(r'<section class="not-found__language" lang="(\w+)">(.*?)</section>', html)
    assert [lang for lang, _ in sections] == ["en", "da", "sv", "is"]
    for lang, body in sections:
        assert translate(lang, "site.not_found.title") in body
        assert f'href="{not_found.home_path("https://example.org/playbook/", lang, "en")}"' in body
        assert 'for="__search"' in body
    assert html.count("<h1>") == 1


@pytest.mark.site
def test_the_built_404_page_greets_every_language(built_site: Path) -> None:
    """One 404.html, in the default language's frame, with each language's line and home link."""
    html = (built_site / "404.html").read_text("utf-8")
    assert re.search(r'<html lang="en"', html)
    assert not_found.MARKER not in html
    for lang in LANGUAGES:
        section = re.search(rf'<section class="not-found__language" lang="{lang}">(.*?)</section>', html)
        assert section, lang
        assert translate(lang, "site.not_found.text") in section.group(1)
        home = re.search(r'href="([^"]+)"', section.group(1))
        assert home
        assert (built_site / home.group(1).lstrip("/") / "index.html").exists(), home.group(1)
    assert not list(built_site.glob("*/404.html"))


@pytest.mark.site
def test_calculator_results_and_choices_stay_out_of_the_search_index(built_site: Path) -> None:
    """Labels and help texts are searchable; results, statuses and select options are not."""
    for lang in LANGUAGES:
        folder = built_site if lang == "en" else built_site / lang
        docs = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))["docs"]
        text = " ".join(doc["text"] for doc in docs if doc["location"].startswith("calculators/"))
        assert translate(lang, "ui.engine.idle") not in text, lang
        assert translate(lang, "currency.EUR") not in text, lang
        assert translate(lang, "decision-score.expertise.label") in text, lang
    html = (built_site / "calculators" / "index.html").read_text("utf-8")
    results = html.count('class="calculator__results"')
    assert results == len(re.findall(r'<section class="calculator__results"[^>]*data-search-exclude>', html)) > 0


# Search is tried in the browser by test_site (the reader's language, abbreviations among the queries).


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_loads_without_errors_and_from_this_server_only(base_url: str, browser: Any, lang: str) -> None:
    """No page logs an error or gets a 4xx/5xx response for anything it asks for, 404.html included.

    And loading every page (and letting idle work run) requests nothing from any other host.
    (One walk through the pages checks both: each page load costs a second of the suite.)
    """
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda request: requested.append(request.url))
    paths = [page_path(lang, name) for name in PAGES] + (["/404.html"] if lang == "en" else [])
    for path in paths:
        page.goto(base_url + path, wait_until="load")
        if path != "/404.html":
            # Idle work done: the controller found no calculator, or has readied its worker.
            # (Not "network idle": an engine that starts in view can keep loading for a long time.)
            page.wait_for_function("() => ['none', 'prepared'].includes(document.documentElement.dataset.calculators)")
    context.close()
    assert problems == [], problems
    host = urlparse(base_url).netloc
    elsewhere = [url for url in requested if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != host]
    assert requested, "no request recorded"
    assert elsewhere == []


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_offers_three_paths_and_the_four_calculators(built_site: Path, lang: str) -> None:
    """The home page leads with a promise, then three paths and the four calculators as cards."""
    folder = built_site if lang == "en" else built_site / lang
    html = (folder / "index.html").read_text("utf-8")
    grids = re.findall(r'<div class="grid cards">(.*?)</div>\s*(?:<h2|</article>)', html, re.S)
    assert len(grids) == 2
    paths, calculators = (re.findall(r"<li>(.*?)</li>", grid, re.S) for grid in grids)
    assert len(paths) == 3
    assert len(calculators) == len(CALCULATORS)
    for card in paths + calculators:
        assert '<span class="twemoji' in card, card[:80]
        assert "<svg" in card, card[:80]
        assert re.search(r'<a href="[^"#]*(?:#[\w-]+)?"', card), card[:80]
    assert all("calculators/#" in card for card in calculators)
    title = re.search(r"<title>(.*?)</title>", html)
    assert title
    assert "Community Playbook" in title.group(1)
    assert html.count('class="md-button') >= 2


@pytest.mark.site
def test_navigation_names_the_home_page_once_and_translated(built_site: Path) -> None:
    """The drawer's title is the site name; the home entry is "Home" in the page's language."""
    home = {"en": "Home", "da": "Forside", "sv": "Startsida", "is": "Forsíða"}
    for lang, label in home.items():
        folder = built_site if lang == "en" else built_site / lang
        html = (folder / "kpis" / "index.html").read_text("utf-8")
        nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
        nav = nav[: nav.index("</nav>")]
        entries = re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav, re.S)
        assert "Community Playbook" not in entries, lang
        assert re.search(rf'class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*{label}\s*</span>', nav), lang
    logo = (built_site / "assets" / "images" / "logo.svg").read_text("utf-8")
    assert 'role="img"' in logo
