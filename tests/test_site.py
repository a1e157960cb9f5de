"""The built site: every page in every language, links, language metadata, search, no other hosts."""

from __future__ import annotations

import contextlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from calculators import LANGUAGES
from site_ext.local_site import page_path
from tests.conftest import PAGES

pytestmark = pytest.mark.site


class _Page(HTMLParser):
    """Collects what the tests look at: lang, links, ids, alternates and the article's text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.text: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "html":
            self.lang = attr.get("lang") or ""
        if attr.get("id"):
            self.ids.add(attr["id"] or "")
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"] or "")
        if tag == "link" and attr.get("rel") == "alternate" and attr.get("hreflang"):
            self.alternates[attr["hreflang"] or ""] = attr.get("href") or ""
        if tag == "article":
            self._in_article += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def html_file(site: Path, lang: str, page: str) -> Path:
    return site / page_path(lang, page).strip("/") / "index.html"


def article_words(site: Path, lang: str, page: str) -> list[str]:
    return re.findall(r"\w+", " ".join(parse(html_file(site, lang, page)).text))


def test_strict_build_has_no_warnings(built_site: Path) -> None:
    """The strict build passed (the fixture asserts it) and logged no warning."""
    log = (built_site / "build.log").read_text()
    assert "WARNING" not in log


def test_every_page_exists_in_every_language(built_site: Path) -> None:
    """Ten pages times four languages, and nothing unexpected besides."""
    expected = {
        html_file(built_site, lang, page).relative_to(built_site).as_posix() for lang in LANGUAGES for page in PAGES
    }
    built = {p.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    assert built == expected


@pytest.mark.parametrize("page", PAGES)
def test_each_language_has_its_own_text(built_site: Path, page: str) -> None:
    """No language falls back to another: the article text differs and the page is substantial."""
    texts = {lang: " ".join(article_words(built_site, lang, page)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert len(texts[lang].split()) > 150, f"{lang}/{page} is a stub"
    for a in LANGUAGES:
        for b in LANGUAGES:
            if a < b:
                assert texts[a] != texts[b], f"{a} and {b} share the text of {page}"


@pytest.mark.parametrize("page", PAGES[1:7])
def test_english_guide_pages_are_real_pages(built_site: Path, page: str) -> None:
    """Pages 2–7 in English have at least 400 words."""
    assert len(article_words(built_site, "en", page)) >= 400


SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default, which the test build keeps


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_markers_are_right(built_site: Path, lang: str) -> None:
    """<html lang> is the page's language; absolute hreflang URLs name the same page in each language.

    Search engines ignore relative hreflang URLs; ``x-default`` names the default language's page.
    """
    for page in PAGES:
        path = html_file(built_site, lang, page)
        parsed = parse(path)
        assert parsed.lang == lang, path
        assert set(parsed.alternates) == {*LANGUAGES, "x-default"}, path
        for other, href in parsed.alternates.items():
            assert href.startswith(SITE_URL), (path, href)
            assert href == SITE_URL + page_path("en" if other == "x-default" else other, page).lstrip("/"), path


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """Every link to this site reaches a file, and every #fragment an element with that id."""
    pages = {p: parse(p) for p in built_site.rglob("*.html")}
    broken = []
    for path, parsed in pages.items():
        url = "http://site/" + path.relative_to(built_site).as_posix()
        for href in parsed.links:
            target = urlparse(urljoin(url, href))
            if target.scheme not in ("http", "https") or target.netloc != "site":
                continue
            file = built_site / unquote(target.path).lstrip("/")
            if file.is_dir() or target.path.endswith("/"):
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{path.relative_to(built_site)}: {href}")
                continue
            if target.fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else parse(file).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{path.relative_to(built_site)}: {href} (no such anchor)")
    assert broken == []


def search_index(built_site: Path, lang: str) -> dict[str, Any]:
    folder = built_site if lang == "en" else built_site / lang
    return json.loads((folder / "search" / "search_index.json").read_text("utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_search_index(built_site: Path, lang: str) -> None:
    """A language's index holds its ten pages and nothing else, with locations under its folder."""
    docs = search_index(built_site, lang)["docs"]
    pages = {doc["location"].split("#")[0] for doc in docs}
    assert pages == {"" if name == "index" else f"{name}/" for name in PAGES}
    title = re.search(r"<title>(.*?) - ", html_file(built_site, lang, "faq").read_text("utf-8"))
    assert title
    assert any(doc["title"] == title.group(1) for doc in docs)


def test_search_stems_where_material_has_a_stemmer(built_site: Path) -> None:
    """English, Danish and Swedish run stemmer, stop words and trimmer; Icelandic is unstemmed."""
    stemmed = ["stemmer", "stopWordFilter", "trimmer"]
    expected = {"en": (["en"], stemmed), "da": (["da"], stemmed), "sv": (["sv"], stemmed), "is": (["en"], [])}
    for lang, (languages, pipeline) in expected.items():
        config = search_index(built_site, lang)["config"]
        assert (config["lang"], config["pipeline"]) == (languages, pipeline), lang
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.da.min.js").exists()
    assert (built_site / "assets" / "javascripts" / "lunr" / "min" / "lunr.sv.min.js").exists()


SEARCHES = {
    # a query, and a page it must find: stemmed where the language has a stemmer
    "en": ("outsourcing agencies", "in-house-or-outsourced"),
    "da": ("medarbejderen", "supporting-your-team"),
    "sv": ("medarbetaren", "supporting-your-team"),
    "is": ("samfélagsmiðlateymið", "supporting-your-team"),
}


#: An abbreviation, and the page it must find in every language.
SEARCH_TERMS = (("KPI", "kpis"), ("ROI", "proving-roi"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_pages_in_the_readers_language_only(base_url: str, browser: Any, lang: str) -> None:
    """Typing in Material's search box lists pages of the page's own language, and they open.

    KPI and ROI are found too, even where the text writes them in brackets or before punctuation.
    """
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + page_path(lang, "faq"))
    page.wait_for_load_state("networkidle")  # the index is in the search worker
    query, expected = SEARCHES[lang]
    for term, page_name in ((query, expected), *SEARCH_TERMS):
        page.click("input[data-md-component='search-query']")
        page.fill("input[data-md-component='search-query']", "")
        page.keyboard.type(term)
        links = page.locator(".md-search-result__item > .md-search-result__link")
        links.first.wait_for(timeout=10_000)
        # Results come as the letters are typed: wait for the whole word's (on timeout, assert on what is shown).
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "([sel, want]) => [...document.querySelectorAll(sel)].some(a => new URL(a.href).pathname === want)",
                arg=[".md-search-result__item > .md-search-result__link", page_path(lang, page_name)],
                timeout=10_000,
            )
        hrefs = [urlparse(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]
        prefix = "/" if lang == "en" else f"/{lang}/"
        assert all(href.startswith(prefix) for href in hrefs), (term, hrefs)
        others = [other for other in LANGUAGES if other not in ("en", lang)]
        assert not any(href.startswith(tuple(f"/{other}/" for other in others)) for href in hrefs), (term, hrefs)
        assert page_path(lang, page_name) in hrefs, (term, hrefs)
        assert page.request.get(base_url + hrefs[0]).ok
    context.close()


def test_material_interface_is_translated(built_site: Path) -> None:
    """Material's own labels follow the page language."""
    search_label = {"en": "Search", "da": "Søg", "sv": "Sök", "is": "Leita"}
    for lang, label in search_label.items():
        html = html_file(built_site, lang, "index").read_text("utf-8")
        assert f'placeholder="{label}"' in html, lang


def test_no_web_fonts_or_other_hosts_in_markup(built_site: Path) -> None:
    """No stylesheet, script, font or image is referenced from another host."""
    offenders = []
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        offenders += [
            f"{path.name}: {m}"
            for m in re.findall(
                r'<(?:link rel="(?:stylesheet|preload|modulepreload|icon)"|script|img)[^>]+(?:href|src)="(?:https?:)?//[^"]+"',
                html,
            )
        ]
    assert offenders == []


# That pages request nothing from another host is checked in the browser by test_site_metadata,
# on the same walk through every page that looks for errors.
