"""Material's assets without what restyles the whole page at start-up, the selector's sitemap fetches and the search index at every load."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import material  # type: ignore[import-untyped]
import pytest

from site_ext import material_patches
from site_ext.local_site import page_path
from site_ext.material_patches import (
    ALTERNATE,
    COLOR_SCHEME_META,
    PALETTE,
    SEARCH_INDEX,
    SWITCHING_RULE,
    WHOLE_PAGE_RESTYLES,
    MaterialPatchError,
    apply,
)

THEME = Path(material.__file__).parent / "templates"


def test_rule_is_blanked_and_everything_else_kept(tmp_path: Path) -> None:
    """The rule becomes spaces of its length (the source map stays right); the rest is untouched."""
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    css = f"[data-md-color-scheme=slate]{{--x:1}}{SWITCHING_RULE}a{{color:red}}\n/*# sourceMappingURL=p.css.map*/"
    (stylesheets / "palette.0123abcd.min.css").write_text(css)
    (stylesheets / "main.0123abcd.min.css").write_text(SWITCHING_RULE)

    changed = apply(tmp_path, PALETTE)

    assert changed == [stylesheets / "palette.0123abcd.min.css"]
    blanked = changed[0].read_text()
    assert len(blanked) == len(css)
    assert blanked == css.replace(SWITCHING_RULE, " " * len(SWITCHING_RULE))
    assert (stylesheets / "main.0123abcd.min.css").read_text() == SWITCHING_RULE


def test_a_changed_theme_fails_the_build_with_what_to_do(tmp_path: Path) -> None:
    """Without the rule to drop (a new Material), the build says so instead of shipping unchecked."""
    stylesheets = tmp_path / "assets" / "stylesheets"
    stylesheets.mkdir(parents=True)
    (stylesheets / "palette.0123abcd.min.css").write_text("[data-md-color-switching] *{transition:none}")
    with pytest.raises(MaterialPatchError, match=r"update site_ext/material_patches\.py"):
        apply(tmp_path, PALETTE)


@pytest.mark.site
def test_built_palette_is_materials_own_minus_the_rule(built_site: Path) -> None:
    """The pinned Material still has the rule, and the built site's copy has it blanked only."""
    (built,) = built_site.glob(PALETTE.files)
    original = (THEME / built.relative_to(built_site)).read_text("utf-8")
    assert SWITCHING_RULE in original
    assert built.read_text("utf-8") == original.replace(SWITCHING_RULE, " " * len(SWITCHING_RULE))
    assert "data-md-color-switching" not in built.read_text("utf-8")


@pytest.mark.site
def test_built_bundle_is_materials_own_but_its_patches(built_site: Path) -> None:
    """The pinned bundle selects the alternates, loads the index and adds the colour-scheme meta once each; the built copy does none."""
    (built,) = built_site.glob(ALTERNATE.files)
    patches = (ALTERNATE, SEARCH_INDEX, COLOR_SCHEME_META)
    assert all(list(built_site.glob(patch.files)) == [built] for patch in patches)
    original = (THEME / built.relative_to(built_site)).read_text("utf-8")
    patched = original
    for patch in patches:
        assert original.count(patch.old) == 1
        patched = patched.replace(patch.old, patch.new)
    assert built.read_text("utf-8") == patched
    assert "document.head.appendChild(o)" not in built.read_text("utf-8")


@pytest.mark.site
def test_built_main_stylesheet_is_materials_own_minus_the_whole_page_rules(built_site: Path) -> None:
    """The table-cell margins and the tabbed sets' no-JavaScript rule are spaces; everything else is Material's."""
    (built,) = built_site.glob(WHOLE_PAGE_RESTYLES[0].files)
    original = (THEME / built.relative_to(built_site)).read_text("utf-8")
    blanked = original
    for patch in WHOLE_PAGE_RESTYLES:
        assert original.count(patch.old) == 1
        blanked = blanked.replace(patch.old, " " * len(patch.old))
    assert built.read_text("utf-8") == blanked
    assert ".no-js .md-typeset .tabbed-set" not in blanked
    assert "td>:first-child" not in blanked


# Elements that take vertical margins, and whose margins Material's blanked rules reset inside a cell.
BLOCK = r"address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|header|hr|main|nav|ol|p|pre|section|table|ul"


@pytest.mark.site
def test_no_table_cell_holds_a_block(built_site: Path) -> None:
    """Material's margin rules for a block first or last in a cell are blanked: every cell of the site holds inline content."""
    cells = [
        (page.relative_to(built_site).as_posix(), cell.group(2))
        for page in built_site.rglob("*.html")
        for cell in re.finditer(r"<(td|th)\b[^>]*>(.*?)</\1>", page.read_text("utf-8"), re.S)
    ]
    assert len(cells) > 1000  # the guide's tables and the calculators' data tables, in four languages
    assert [(page, cell) for page, cell in cells if re.search(rf"<({BLOCK})\b", cell)] == []


SEARCH_INPUT = "input[data-md-component='search-query']"


def index_requests(requested: list[str]) -> list[str]:
    return [url for url in requested if url.endswith("/search/search_index.json")]


def visit(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    """A new context's page at ``url``, loaded, with every request it makes from then on."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="load")
    return context, page, requested


@pytest.mark.browser
def test_the_search_index_is_fetched_when_the_reader_searches(base_url: str, browser: Any) -> None:
    """None at load; focusing the search box fetches it once, and results come as the reader types."""
    context, page, requested = visit(browser, base_url + page_path("sv", "faq"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert index_requests(requested) == []
    for term in ("ROI", "KPI"):
        page.fill(SEARCH_INPUT, "")
        page.click(SEARCH_INPUT)
        page.keyboard.type(term)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert index_requests(requested) == [base_url + "/sv/search/search_index.json"]
    context.close()


@pytest.mark.browser
def test_a_page_opened_from_a_search_result_highlights_the_terms(base_url: str, browser: Any) -> None:
    """With ``?h=`` (Material's link from a result) the index is fetched at once and the term marked."""
    context, page, requested = visit(browser, base_url + page_path("en", "kpis") + "?h=retention")
    marked = page.locator("mark[data-md-highlight]")
    marked.first.wait_for(timeout=10_000)
    assert marked.first.inner_text().lower() == "retention"
    assert index_requests(requested) == [base_url + "/search/search_index.json"]
    context.close()


def test_a_patch_keeps_the_length_for_the_source_map() -> None:
    with pytest.raises(ValueError, match="keep the length"):
        material_patches.Patch("x.js", "abc", "ab")


def settled(page: Any) -> None:
    """Wait until no CSS transition or animation is running (colours have reached their values)."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


@pytest.mark.browser
def test_reader_can_still_switch_to_dark_and_back(base_url: str, browser: Any) -> None:
    """The toggle switches the scheme and the colours; the choice survives a reload."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(base_url + page_path("da", "calculators"))
    header_colour = "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    light = page.evaluate(f"[{header_colour}, {background}]")

    page.click('label[for="__palette_1"]')
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    settled(page)
    dark = page.evaluate(f"[{header_colour}, {background}]")
    assert dark[1] != light[1]
    assert page.evaluate("document.body.hasAttribute('data-md-color-switching')") is False

    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.click('label[for="__palette_0"]')
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    settled(page)
    assert page.evaluate(f"[{header_colour}, {background}]") == light
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "canvas"), [("light", "normal"), ("dark", "dark")])
def test_the_canvas_takes_the_readers_scheme_without_materials_meta(
    base_url: str, browser: Any, scheme: str, canvas: str
) -> None:
    """The root's colour scheme (canvas, scrollbars) follows the palette, from extra.css, with no meta added."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + page_path("is", "kpis"), wait_until="load")
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{'slate' if scheme == 'dark' else 'default'}'")
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == canvas
    assert page.locator("meta[name=color-scheme]").count() == 0
    context.close()


def restyled_during_materials_start(browser: Any, url: str) -> tuple[list[int], int]:
    """The elements each style recalculation inside the evaluation of Material's bundle touched, and the page's elements."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    browser.start_tracing(page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
    page.goto(url, wait_until="load")
    events = json.loads(browser.stop_tracing())["traceEvents"]
    elements = page.evaluate("document.querySelectorAll('*').length")
    context.close()
    (bundle,) = [
        event
        for event in events
        if event.get("name") == "EvaluateScript" and "/bundle." in event["args"].get("data", {}).get("url", "")
    ]
    start, end = bundle["ts"], bundle["ts"] + bundle["dur"]
    recalculations = [
        event["args"]["elementCount"]
        for event in events
        if event.get("name") == "UpdateLayoutTree"
        and event["pid"] == bundle["pid"]
        and event["tid"] == bundle["tid"]
        and start <= event["ts"] <= end
    ]
    return recalculations, elements


@pytest.mark.browser
def test_materials_start_restyles_a_few_elements_not_the_page(base_url: str, browser: Any) -> None:
    """With the colour-scheme meta and the whole-page rules gone, no recalculation at start-up covers the page.

    Unpatched, three did, each of every rendered element (629 of 1,202 here): their cost grows with
    the page, and a calculator page has twice the elements of its text.
    """
    recalculations, elements = restyled_during_materials_start(browser, base_url + page_path("en", "calculators"))
    assert recalculations  # Material reads the layout as it starts: the recalculations are there
    assert max(recalculations) < elements / 10
