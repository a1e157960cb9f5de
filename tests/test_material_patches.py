"""Material's assets without the palette's whole-page switching rule, the selector's sitemap fetches and the search index at every load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import material  # type: ignore[import-untyped]
import pytest

from site_ext import material_patches
from site_ext.local_site import page_path
from site_ext.material_patches import ALTERNATE, PALETTE, SEARCH_INDEX, SWITCHING_RULE, MaterialPatchError, apply

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
def test_built_bundle_is_materials_own_but_the_two_patches(built_site: Path) -> None:
    """The pinned bundle selects the alternates once and loads the index once; the built copy does neither."""
    (built,) = built_site.glob(ALTERNATE.files)
    assert list(built_site.glob(SEARCH_INDEX.files)) == [built]
    original = (THEME / built.relative_to(built_site)).read_text("utf-8")
    assert original.count(ALTERNATE.old) == 1
    assert original.count(SEARCH_INDEX.old) == 1
    patched = original.replace(ALTERNATE.old, ALTERNATE.new).replace(SEARCH_INDEX.old, SEARCH_INDEX.new)
    assert built.read_text("utf-8") == patched


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
