"""Results a person takes away and state that follows them, in Debian's Chromium.

The action row (copy link, copy summary, CSV, print, reset), the header's language selector,
links that restore every edited calculator, Back/Forward and reload, the phone's sticky
verdict, and the interactive checklist. Expected texts come from the same Python
(``calculators.export``) or from the CLI.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from calculators import LANGUAGES, get_calculator, run
from calculators.export import ExportContext, csv_name, format_date, summary_text
from calculators.i18n import translate
from site_ext.local_site import page_path
from tests.conftest import cli_json
from tests.test_live_calculators import (
    ENGINE_TIMEOUT,
    assert_matches_cli,
    axe_violations,
    edit,
    form_selector,
    new_page,
    show_new_interface,
    typed_inputs,
    wait_ready,
)

pytestmark = pytest.mark.browser

#: Values typed per language: (fte 1.5, monthly salary 45,000).
TYPED = {
    "en": ("1.5", "45,000"),
    "da": ("1,5", "45.000"),
    "sv": ("1,5", "45\u00a0000"),
    "is": ("1,5", "45.000"),
}
#: The same inputs typed afresh (fte 2.5, monthly salary 52,000), for an edit after the first.
RETYPED = {
    "en": ("2.5", "52,000"),
    "da": ("2,5", "52.000"),
    "sv": ("2,5", "52\u00a0000"),
    "is": ("2,5", "52.000"),
}
#: TYPED and RETYPED as a link writes them (language-neutrally).
IN_LINK = (("1.5", "45000"), ("2.5", "52000"))
PAIRS = [(a, b) for a in LANGUAGES for b in LANGUAGES if a != b]
#: Every ordered pair of languages once, as one walk through the header selector (each arrival is the
#: next departure): 13 page loads for 12 pairs, where a page per pair and side took 24.
TOUR = ["en", "da", "en", "sv", "en", "is", "da", "sv", "da", "is", "sv", "is", "en"]
STUB_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def settled(page: Any, calculator: str) -> None:
    """Wait until the calculator's results belong to its inputs and the link holds them."""
    page.wait_for_function(
        """sel => {
            const f = document.querySelector(sel);
            return f.dataset.engine === 'ready' && !f.querySelector('.calculator__results').hasAttribute('data-stale');
        }""",
        arg=form_selector(calculator),
        timeout=ENGINE_TIMEOUT,
    )


def link_values(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def assert_consistent(page: Any, calculator: str, lang: str) -> None:
    """Results shown unmarked belong to the visible inputs (the CLI's results for them)."""
    snapshot = page.eval_on_selector(
        form_selector(calculator),
        """f => ({
            inputs: Object.fromEntries([...f.querySelectorAll('input[name], select[name]')].map(c => [c.name, c.value])),
            outputs: Object.fromEntries([...f.querySelectorAll('[data-output]')].map(e => [e.dataset.output, e.dataset.value])),
            stale: f.querySelector('.calculator__results').hasAttribute('data-stale'),
        })""",
    )
    if snapshot["stale"]:
        return
    expected = cli_json(calculator, snapshot["inputs"], lang)
    assert expected["ok"], expected
    from tests.test_live_calculators import as_raw

    assert snapshot["outputs"] == {name: as_raw(v) for name, v in expected["outputs"].items()}


def today() -> datetime.date:
    return datetime.date.today()


# --- §5 the action row -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "da"])
def test_copy_link_and_copy_summary_put_the_expected_text_on_the_clipboard(
    base_url: str, browser: Any, lang: str
) -> None:
    context, page, watch = new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + page_path(lang, "calculators"))
    form = form_selector("cost-comparison")
    page.focus(f'{form} [name="fte"]')
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "monthly_salary", TYPED[lang][1])
    page.click(f'{form} button[data-action="copy-link"]')
    page.wait_for_function("sel => document.querySelector(sel + ' [data-action-status]').textContent !== ''", arg=form)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    assert link_values(copied)["cost-comparison.monthly_salary"] == ["45000"]
    status = page.text_content(f"{form} [data-action-status]")
    assert status == translate(lang, "ui.action.copied-link")

    page.click(f'{form} button[data-action="copy-summary"]')
    page.wait_for_function(
        "([sel, before]) => document.querySelector(sel + ' [data-action-status]').textContent !== before",
        arg=[form, status],
    )
    summary = page.evaluate("navigator.clipboard.readText()")
    calc = get_calculator("cost-comparison")
    outcome = run(calc, typed_inputs(page, "cost-comparison"), lang)
    page_url = base_url + page_path(lang, "calculators")
    assert summary == summary_text(calc, outcome, lang, ExportContext(page_url, today()))
    lines = summary.splitlines()
    assert lines[0] == translate(lang, "cost-comparison.title")
    assert any(TYPED[lang][1] in line for line in lines)  # the input as the page writes it
    assert f"{translate(lang, 'ui.export.link')}: {page_url}?" in summary
    assert lines[-1] == f"{translate(lang, 'ui.export.date')}: {format_date(today(), lang)}"
    assert page.text_content(f"{form} [data-action-status]") == translate(lang, "ui.action.copied-summary")
    assert watch.errors == []
    context.close()


#: Per language, the calculators whose CSV is downloaded after an edit (field, value typed in the language).
CSV_EDITS = {
    "en": [("cost-comparison", "horizon_months", "36"), ("nps", "promoters", "1,250")],
    "da": [("cost-comparison", "monthly_salary", "45.000")],
    "sv": [("cost-per-conversion", "visitors", "12 500")],
    "is": [("decision-score", "expertise", "5")],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_download_equals_the_cli(base_url: str, browser: Any, tmp_path: Path, lang: str) -> None:
    """Every output and every month of the CSV is the CLI's value for the same inputs."""
    context, page, _ = new_page(browser, accept_downloads=True)
    page.goto(base_url + page_path(lang, "calculators"))
    page.focus(f"{form_selector(CSV_EDITS[lang][0][0])} [name]")
    for calculator, name, value in CSV_EDITS[lang]:
        check_csv_download(page, tmp_path, lang, calculator, (name, value))
    context.close()


def check_csv_download(page: Any, tmp_path: Path, lang: str, calculator: str, change: tuple[str, str]) -> None:
    """Edit one field, download the calculator's CSV, and compare it with the CLI's answer."""
    form = form_selector(calculator)
    wait_ready(page, calculator)
    edit(page, calculator, *change)
    with page.expect_download() as info:
        page.click(f'{form} button[data-action="download-csv"]')
    download = info.value
    assert download.suggested_filename == csv_name(get_calculator(calculator), today())
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    expected = cli_json(calculator, typed_inputs(page, calculator), lang)
    assert expected["ok"]
    sections = {translate(lang, f"ui.csv.section.{key}"): key for key in ("input", "output", "series")}
    outputs: dict[str, Any] = {}
    inputs: dict[str, str] = {}
    for section, key, month, label, raw, _unit in table[1:]:
        assert label
        kind = sections[section]
        if kind == "input":
            inputs[key] = raw
        elif kind == "series":
            outputs.setdefault(key, []).append(float(raw))
            assert int(month) == len(outputs[key])
        else:
            outputs[key] = None if raw == "" else raw
    assert set(outputs) == set(expected["outputs"])
    for key, want in expected["outputs"].items():
        got = outputs[key]
        if want is None or isinstance(want, (str, list)):
            assert got == want, key
        else:
            assert float(got) == want, key
            assert "e" not in got.lower()
    assert set(inputs) == {spec.name for spec in get_calculator(calculator).inputs}
    assert page.text_content(f"{form} [data-action-status]") == translate(lang, "ui.action.downloaded")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def visible(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            """sel => [...document.querySelectorAll(sel)].some(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
            })""",
            selector,
        )
    )


NAVIGATION = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-tabs")


def test_printing_a_calculator_gives_one_page_with_its_results_and_no_navigation(base_url: str, browser: Any) -> None:
    """Each calculator of the page in turn: after one is printed, the page is the page again."""
    context, page, _ = new_page(browser)
    context.add_init_script(STUB_PRINT)
    page.goto(base_url + page_path("en", "calculators"))
    for printed, calculator in enumerate(["decision-score", "cost-per-conversion", "cost-comparison", "nps"], 1):
        print_one(page, calculator, printed)
    context.close()


def print_one(page: Any, calculator: str, printed: int) -> None:
    """Print one calculator (the ``printed``-th print of the page) and check what the printout holds."""
    form = form_selector(calculator)
    page.focus(f"{form} [name]")
    wait_ready(page, calculator)
    page.click(f'{form} button[data-action="print"]')
    assert page.evaluate("window.__printed") == printed
    page.emulate_media(media="print")
    assert visible(page, form)
    assert visible(page, f"{form} .calculator__title")
    assert visible(page, f"{form} .calculator__print-meta")  # date and link
    assert format_date(today(), "en") in page.text_content(f"{form} .calculator__print-meta")
    assert visible(page, f"{form} .calculator__inputs")
    assert visible(page, f"{form} .calculator__outputs")
    if page.query_selector(f"{form} [data-verdict]"):
        assert visible(page, f"{form} [data-verdict]")
    if page.query_selector(f"{form} svg[data-chart], {form} svg.calculator__chart"):
        assert visible(page, f"{form} svg")
    for selector in (*NAVIGATION, "article > h1", "form.calculator:not([data-printing])", ".md-content__button"):
        assert not visible(page, selector), selector
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf_pages(pdf) == 1
    # After printing the page is the page again.
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.get_attribute("html", "data-calculator-print") is None
    assert visible(page, "article > h1")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printing_a_guide_page_gives_a_clean_article(base_url: str, browser: Any, lang: str) -> None:
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path(lang, "in-house-or-outsourced"))
    page.emulate_media(media="print")
    assert visible(page, "article h1")
    for selector in (*NAVIGATION, ".md-content__button", ".calculator__actions", ".headerlink"):
        assert not visible(page, selector), selector
    assert page.pdf(format="A4")[:4] == b"%PDF"
    context.close()


def test_reset_brings_back_the_example_and_clears_the_link(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path("da", "calculators"))
    form = form_selector("nps")
    original_inputs = typed_inputs(page, "nps")
    original = page.eval_on_selector(f"{form} .calculator__results", "e => e.innerHTML")
    page.focus(f'{form} [name="promoters"]')
    wait_ready(page, "nps")
    edit(page, "nps", "promoters", "1.250")
    page.wait_for_function("() => location.search.includes('nps.promoters=1250')")
    page.click(f'{form} button[data-action="reset"]')
    assert typed_inputs(page, "nps") == original_inputs
    assert "nps." not in urlparse(page.url).query
    assert page.eval_on_selector(f"{form} .calculator__results", "e => e.innerHTML") == original
    assert page.text_content(f"{form} [data-action-status]") == translate("da", "ui.action.reset-done")
    settled(page, "nps")
    assert_consistent(page, "nps", "da")
    context.close()


def test_actions_are_usable_by_keyboard(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + page_path("en", "kpis"))
    form = form_selector("nps")
    page.focus(f'{form} [name="detractors"]')
    wait_ready(page, "nps")
    for _ in range(8):  # past the results' own disclosures (formula, chart data) to the action row
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action"):
            break
    assert page.evaluate("document.activeElement.dataset.action") == "copy-link"
    page.keyboard.press("Enter")
    page.wait_for_function("sel => document.querySelector(sel + ' [data-action-status]').textContent", arg=form)
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    context.close()


# --- §6 state that follows the user ------------------------------------------------------------


def open_selector_and_pick(page: Any, target: str) -> None:
    """Use Material's language selector in the header the way a person does."""
    page.hover(".md-header .md-select")
    link = page.locator(f'.md-header .md-select__link[hreflang="{target}"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def check_carried(page: Any, target: str, typed: dict[str, tuple[str, str]] = TYPED) -> None:
    assert urlparse(page.url).path == page_path(target, "calculators")
    wait_ready(page, "cost-comparison")
    page.wait_for_function(
        "([sel, want]) => document.querySelector(sel + ' [name=\"monthly_salary\"]').value === want",
        arg=[form_selector("cost-comparison"), typed[target][1]],
        timeout=ENGINE_TIMEOUT,
    )
    settled(page, "cost-comparison")
    inputs = typed_inputs(page, "cost-comparison")
    assert inputs["fte"] == typed[target][0], target
    assert inputs["monthly_salary"] == typed[target][1], target
    assert inputs["currency"] == "USD", target
    assert_consistent(page, "cost-comparison", target)


def test_header_language_selector_keeps_the_inputs(base_url: str, browser: Any) -> None:
    """Every language pair: inputs typed in one language arrive re-formatted for the other.

    One walk covers the twelve pairs; at each stop the figures are typed afresh (alternately two
    sets, so that each is an edit) before the next switch. Before it, the selector's link itself
    carries them language-neutrally (a link opened in a new tab or copied carries them too); on
    arrival the fte is in the new language's format at once, and the results are the CLI's.
    """
    assert sorted(itertools.pairwise(TOUR)) == sorted(PAIRS)
    context, page, watch = new_page(browser)
    page.goto(base_url + page_path(TOUR[0], "calculators"))
    page.focus(f'{form_selector("cost-comparison")} [name="fte"]')
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "currency", "USD")
    for step, (source, target) in enumerate(itertools.pairwise(TOUR)):
        typed = RETYPED if step % 2 else TYPED
        edit(page, "cost-comparison", "fte", typed[source][0])
        edit(page, "cost-comparison", "monthly_salary", typed[source][1])
        fte, salary = IN_LINK[step % 2]
        carried = [f"cost-comparison.fte={fte}", f"cost-comparison.monthly_salary={salary}"]
        switcher = f'.md-header .md-select__link[hreflang="{target}"]'
        page.wait_for_function(
            "([s, want]) => want.every((w) => document.querySelector(s).href.includes(w))", arg=[switcher, carried]
        )
        href = page.get_attribute(switcher, "href")
        assert href
        assert all(value in href for value in carried), href
        open_selector_and_pick(page, target)
        assert typed_inputs(page, "cost-comparison")["fte"] == typed[target][0], (source, target)  # at once
        check_carried(page, target, typed)
        assert_matches_cli(page, "cost-comparison", target)
    assert watch.errors == []
    context.close()


def test_an_edit_a_moment_before_the_switch_is_carried(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path("da", "calculators"))
    form = form_selector("cost-comparison")
    page.focus(f'{form} [name="fte"]')
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "currency", "USD")
    edit(page, "cost-comparison", "fte", "1,5")
    page.fill(f'{form} [name="monthly_salary"]', "45.000")  # no wait: the switch follows at once
    open_selector_and_pick(page, "sv")
    check_carried(page, "sv")
    context.close()


def test_edits_before_the_engine_is_ready_are_carried(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    page.route("**/*.wasm.zst", lambda route: None)  # the engine stays on its way
    page.goto(base_url + page_path("is", "calculators"))
    form = form_selector("cost-comparison")
    page.select_option(f'{form} [name="currency"]', "USD")
    page.fill(f'{form} [name="fte"]', "1,5")
    page.fill(f'{form} [name="monthly_salary"]', "45.000")
    assert page.get_attribute(form, "data-engine") != "ready"
    page.unroute("**/*.wasm.zst")
    open_selector_and_pick(page, "en")
    check_carried(page, "en")
    context.close()


def test_one_link_restores_every_edited_calculator_in_the_page_format(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path("en", "calculators"))
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    wait_ready(page, "nps")
    edit(page, "nps", "promoters", "1,250")
    edit(page, "cost-comparison", "monthly_salary", "45,000")
    edit(page, "cost-comparison", "fte", "0.00005")
    page.wait_for_function(
        "() => location.search.includes('nps.promoters=1250') && location.search.includes('fte=0.00005')"
    )
    shared = page.url
    assert "e-05" not in shared
    values = link_values(shared)
    assert values["nps.promoters"] == ["1250"]
    assert values["cost-comparison.fte"] == ["0.00005"]
    context.close()

    fresh, page, watch = new_page(browser)
    page.goto(shared.replace(page_path("en", "calculators"), page_path("da", "calculators")))
    for calculator in ("nps", "cost-comparison"):
        settled(page, calculator)
    page.wait_for_function(
        "sel => document.querySelector(sel + ' [name=\"promoters\"]').value === '1.250'", arg=form_selector("nps")
    )
    assert typed_inputs(page, "nps")["promoters"] == "1.250"
    assert typed_inputs(page, "cost-comparison")["monthly_salary"] == "45.000"
    assert typed_inputs(page, "cost-comparison")["fte"] == "0,00005"
    for calculator in ("nps", "cost-comparison"):
        assert_consistent(page, calculator, "da")
    assert watch.errors == []
    fresh.close()


def test_a_link_that_sets_a_weight_opens_the_weights(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path("en", "calculators"))
    assert page.eval_on_selector(f"{form_selector('decision-score')} [data-adjust]", "d => d.open") is False
    assert not page.is_visible(f'{form_selector("decision-score")} [name="weight_budget"]')
    page.goto(base_url + page_path("en", "calculators") + "?decision-score.weight_budget=5&decision-score.budget=1")
    assert page.eval_on_selector(f"{form_selector('decision-score')} [data-adjust]", "d => d.open") is True
    assert page.is_visible(f'{form_selector("decision-score")} [name="weight_budget"]')
    settled(page, "decision-score")
    assert typed_inputs(page, "decision-score")["weight_budget"] == "5"
    assert_consistent(page, "decision-score", "en")
    context.close()


def test_back_forward_and_reload_never_show_stale_results(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    url = base_url + page_path("en", "calculators")
    page.goto(url)
    page.focus(f'{form_selector("cost-comparison")} [name="fte"]')
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "currency", "USD")
    edit(page, "cost-comparison", "horizon_months", "36")
    edit(page, "nps", "promoters", "1,250")
    page.wait_for_function("() => location.search.includes('cost-comparison.horizon_months=36')")
    # Selects changed after the link was last written: the browser may restore them on its own.
    page.select_option(f'{form_selector("decision-score")} [name="expertise"]', "5")
    for step in ("goto", "back", "forward", "back", "reload"):
        if step == "goto":
            page.goto(base_url + page_path("en", "faq"))
            continue
        getattr(page, {"back": "go_back", "forward": "go_forward", "reload": "reload"}[step])(
            wait_until="domcontentloaded"
        )
        if urlparse(page.url).path != page_path("en", "calculators"):
            continue
        for calculator in ("decision-score", "cost-comparison", "nps"):
            assert_consistent(page, calculator, "en")  # at once: stale marked, or matching
        for calculator in ("decision-score", "cost-comparison", "nps"):
            page.wait_for_function(
                "sel => !document.querySelector(sel + ' .calculator__results').hasAttribute('data-stale')",
                arg=form_selector(calculator),
                timeout=ENGINE_TIMEOUT,
            )
            assert_consistent(page, calculator, "en")
        assert typed_inputs(page, "cost-comparison")["currency"] == "USD"
    context.close()


# --- §4 a phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_verdict_stays_visible_while_editing_on_a_phone(base_url: str, browser: Any, scheme: str) -> None:
    context, page, _ = new_page(browser, viewport={"width": 390, "height": 844}, color_scheme=scheme, has_touch=True)
    page.goto(base_url + page_path("en", "calculators"))
    form = form_selector("cost-comparison")
    field = f'{form} [name="horizon_months"]'
    page.focus(field)
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "horizon_months", "6")
    page.locator(field).scroll_into_view_if_needed()
    page.focus(field)
    sticky = page.locator(f"{form} [data-sticky]")
    box = sticky.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box
    assert header
    assert box["height"] > 0
    assert box["y"] >= header["y"] + header["height"] - 1
    assert box["y"] + box["height"] <= 844
    verdict = page.eval_on_selector(
        form,
        """f => (f.querySelector('.calculator__results [data-verdict]')
                 || f.querySelector('.calculator__results .calculator__row')).textContent.replace(/\\s+/g, ' ').trim()""",
    )
    assert sticky.text_content() == verdict
    # Nothing covers it, and it follows the result of the edit.
    top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('[data-sticky]') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert top
    salary = f'{form} [name="monthly_salary"]'
    page.locator(salary).scroll_into_view_if_needed()
    page.fill(salary, "99,000")
    page.wait_for_function(
        "([sel, before]) => document.querySelector(sel + ' [data-sticky]').textContent !== before",
        arg=[form, verdict],
        timeout=ENGINE_TIMEOUT,
    )
    box = sticky.bounding_box()
    assert box
    assert box["y"] + box["height"] <= 844
    context.close()


# --- §7 the checklist -------------------------------------------------------------------------


def checklist_state(page: Any) -> list[bool]:
    return page.eval_on_selector_all(".task-list-item input[type=checkbox]", "bs => bs.map(b => b.checked)")


def test_checklist_ticks_by_mouse_keyboard_and_touch_survive_a_reload_per_language(base_url: str, browser: Any) -> None:
    context, page, watch = new_page(browser, has_touch=True)
    page.goto(base_url + page_path("en", "outsourcing-checklist"))
    boxes = page.locator(".task-list-item input[type=checkbox]")
    total = boxes.count()
    assert total >= 3
    assert all(not b for b in checklist_state(page))
    first_text = " ".join(page.locator(".task-list-item").first.inner_text().split())
    # Mouse: the item's box (drawn by the theme left of the item) and its text.
    page.locator(".task-list-item").nth(0).scroll_into_view_if_needed()
    first = page.locator(".task-list-item").nth(0).bounding_box()
    assert first
    page.mouse.click(first["x"] - 12, first["y"] + 10)
    assert checklist_state(page)[0] is True
    # Keyboard: Tab to the second box and press Space.
    page.get_by_role("checkbox", name=first_text).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    # Touch.
    page.locator(".task-list-item > span[id]").nth(2).tap()
    done = translate("en", "checklist.progress").format(done="3", total=str(total))
    assert page.text_content("[data-checklist-progress]") == done
    assert checklist_state(page)[:3] == [True, True, True]
    page.reload()
    assert checklist_state(page)[:3] == [True, True, True]
    assert page.text_content("[data-checklist-progress]") == done

    page.goto(base_url + page_path("da", "outsourcing-checklist"))
    assert not any(checklist_state(page))
    da_total = page.locator(".task-list-item input[type=checkbox]").count()
    assert page.text_content("[data-checklist-progress]") == translate("da", "checklist.progress").format(
        done="0", total=str(da_total)
    )
    page.locator(".task-list-item > span[id]").nth(4).click()
    page.goto(base_url + page_path("en", "outsourcing-checklist"))
    assert checklist_state(page)[:5] == [True, True, True, False, False]

    page.click('[data-checklist-action="reset"]')
    assert not any(checklist_state(page))
    page.reload()
    assert not any(checklist_state(page))
    page.goto(base_url + page_path("da", "outsourcing-checklist"))
    assert checklist_state(page)[4] is True
    assert watch.errors == []
    context.close()


def test_checklist_prints_with_its_ticks(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser)
    context.add_init_script(STUB_PRINT)
    page.goto(base_url + page_path("sv", "outsourcing-checklist"))
    page.locator(".task-list-item > span[id]").nth(1).click()
    page.click('[data-checklist-action="print"]')
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert checklist_state(page)[1] is True
    assert visible(page, ".task-list")
    for selector in NAVIGATION:
        assert not visible(page, selector), selector
    # The tick is drawn in print (background graphics kept for the indicator).
    adjust = page.eval_on_selector_all(
        ".task-list-indicator", "els => els.map(e => getComputedStyle(e, '::before').printColorAdjust)"
    )
    assert set(adjust) == {"exact"}
    context.close()


def test_checklist_without_javascript_is_a_readable_list(base_url: str, browser: Any) -> None:
    context, page, _ = new_page(browser, java_script_enabled=False)
    page.goto(base_url + page_path("en", "outsourcing-checklist"))
    items = page.locator(".task-list-item")
    assert items.count() >= 3
    assert page.is_visible(".task-list")
    assert not page.is_visible("[data-checklist-tools]")
    assert not page.is_visible(".calculator__actions")
    context.close()


# --- accessibility of the new interface ----------------------------------------------------------


@pytest.mark.parametrize(
    ("page_name", "scheme"),
    # The Calculators page in the light scheme, in this state and in every language: test_live_calculators.
    [("calculators", "dark"), ("outsourcing-checklist", "light"), ("outsourcing-checklist", "dark")],
)
def test_no_accessibility_violations_in_the_new_interface(
    base_url: str, browser: Any, scheme: str, page_name: str
) -> None:
    for lang in ("en", "is"):
        context, page, _ = new_page(browser, color_scheme=scheme)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        page.goto(base_url + page_path(lang, page_name))
        if page_name == "calculators":
            show_new_interface(page)
        else:
            page.locator(".task-list-item > span[id]").nth(0).click()
        scheme_attr = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme_attr == ("slate" if scheme == "dark" else "default")
        assert axe_violations(page) == [], (lang, scheme)
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculators_page_shows_each_calculator_before_its_formula(built_site: Path, lang: str) -> None:
    """On the Calculators page each section opens with its calculator; the formula text follows it."""
    html = (built_site / page_path(lang, "calculators").strip("/") / "index.html").read_text("utf-8")
    sections = [part for part in html.split("<h2")[1:] if '<form class="calculator"' in part]
    assert len(sections) == 4
    for section in sections:
        form = section.index('<form class="calculator"')
        # Only the lead ("What it answers") comes first; inputs, formula and reading follow it.
        assert section[:form].count("<p><strong>") == 1
        assert section[form:].count("<p><strong>") >= 2


# Out of view, a form and its results are sized by their stand-ins (content-visibility: auto). A
# check that lays them out there (axe, Lighthouse's "obscured" targets) sees the contents at their
# real size: the tallest must fit in each stand-in, or they overlap what follows.
OVERFLOWING_STAND_INS = """() => [...document.querySelectorAll("form.calculator")].flatMap((form) => {
  const results = form.querySelector(".calculator__results");
  const bottom = (element) => Math.max(...[...element.children].map((child) => child.getBoundingClientRect().bottom));
  const over = [];
  if (bottom(results) > results.getBoundingClientRect().bottom + 1) over.push(`${form.id} results`);
  if (bottom(form) > form.getBoundingClientRect().bottom + 1) over.push(`${form.id} form`);
  return over;
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 412, 601, 1280])
def test_out_of_view_stand_ins_hold_the_forms_contents(base_url: str, browser: Any, width: int) -> None:
    """No calculator's contents overflow its stand-in before it is rendered, in any language."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    overflowing = {}
    for lang in LANGUAGES:
        page.goto(base_url + page_path(lang, "calculators"), wait_until="load")
        skipped = "[...document.querySelectorAll('form.calculator')].slice(1).map((f) => f.firstElementChild.checkVisibility({contentVisibilityAuto: true}))"
        assert page.evaluate(skipped) == [False, False, False]  # out of view: sized by the stand-ins
        overflowing[lang] = page.evaluate(OVERFLOWING_STAND_INS)
    context.close()
    assert overflowing == {lang: [] for lang in LANGUAGES}


# The verdict and the charts live: test_live_calculators (an edit per calculator, in every language).
