"""Hostile links, a failing calculator and a page without JavaScript, in headless Chromium.

Each test watches for anything uncaught (page errors, console errors of the page and its
workers) and waits on the page's own state, never on a fixed delay.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest

from calculators import LANGUAGES
from calculators.i18n import translate
from site_ext.local_site import page_path
from tests.test_engine_faults import Watch

pytestmark = pytest.mark.browser

ENGINE_TIMEOUT = 60_000


def form(calculator: str) -> str:
    return f'form.calculator[data-calculator="{calculator}"]'


def open_page(browser: Any, url: str, **options: Any) -> tuple[Any, Any, Watch]:
    context = browser.new_context(**options)
    page = context.new_page()
    watch = Watch(page)
    page.goto(url)
    return context, page, watch


def wait_settled(page: Any, calculator: str) -> None:
    """Ready, and the restored values' results (or messages) are in."""
    page.wait_for_selector(f'{form(calculator)}[data-engine="ready"]', timeout=ENGINE_TIMEOUT)
    page.wait_for_function(
        """s => { const f = document.querySelector(s);
                  const stale = f.querySelector('.calculator__results').hasAttribute('data-stale');
                  return !stale || f.querySelector('[data-status]').textContent === f.dataset.msgUnavailable
                    || [...f.querySelectorAll('[data-error-for]')].some(e => e.textContent); }""",
        arg=form(calculator),
        timeout=ENGINE_TIMEOUT,
    )


#: One hostile link: the issue's extreme values, in the older one-calculator form (``calculator=``), and a
#: value outside a select's choices for two calculators, in the current form (``<calculator>.<input>``).
HOSTILE_LINK = {
    "calculator": "cost-per-conversion",
    "visitors": "1",
    "conversion_rate": "0.00000000000000000000000000000000000000001",
    "staff_cost": "1000000000000",
    "cost-comparison.currency": "XYZ",
    "decision-score.expertise": "7",
}
#: The selects given a value outside their choices, and the default each keeps (None: the language's currency).
OUTSIDE_THE_CHOICES = (("cost-comparison", "currency", None), ("decision-score", "expertise", "3"))
CURRENCY = {"en": "EUR", "da": "DKK", "sv": "SEK", "is": "ISK"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_hostile_link_shows_too_large_keeps_the_choices_and_the_page_lives(
    base_url: str, browser: Any, lang: str
) -> None:
    """The issue's values in a shared link: "too large to show", and every other calculator still works.

    currency=XYZ or expertise=7: the select keeps its default (never blank) and says why, until that
    field is edited.
    """
    context, page, watch = open_page(browser, f"{base_url}{page_path(lang, 'calculators')}?{urlencode(HOSTILE_LINK)}")
    messages = {}
    for calculator, name, default in OUTSIDE_THE_CHOICES:
        select = f'{form(calculator)} [name="{name}"]'
        assert page.eval_on_selector(select, "s => s.value") == (default or CURRENCY[lang])
        message = page.get_attribute(select, "data-msg-fallback")
        assert message
        assert re.search(r"\{|\}", message) is None
        assert page.text_content(f'{form(calculator)} [data-error-for="{name}"]') == message
        messages[calculator] = message

    wait_settled(page, "cost-per-conversion")
    shown = page.text_content(f'{form("cost-per-conversion")} [data-output="cost_per_conversion"]')
    assert shown == translate(lang, "ui.too_large")
    for calculator, name, default in OUTSIDE_THE_CHOICES:
        wait_settled(page, calculator)
        error = f'{form(calculator)} [data-error-for="{name}"]'
        assert page.text_content(error) == messages[calculator]  # still there once the engine has answered
        assert page.get_attribute(form(calculator), "data-engine") == "ready"
        page.select_option(f'{form(calculator)} [name="{name}"]', default or CURRENCY[lang])  # an edit clears it
        page.wait_for_function("s => document.querySelector(s).textContent === ''", arg=error, timeout=ENGINE_TIMEOUT)

    page.fill(f'{form("nps")} [name="promoters"]', "7")
    page.wait_for_function(
        "s => document.querySelector(s).dataset.value === '87'",
        arg=f'{form("nps")} [data-output="responses"]',
        timeout=ENGINE_TIMEOUT,
    )
    assert {page.get_attribute(form(c), "data-engine") for c in ("nps", "cost-comparison", "decision-score")} == {
        "ready"
    }
    assert watch.errors == []
    context.close()


def test_one_calculators_failure_leaves_the_engine_and_the_others_working(base_url: str, browser: Any) -> None:
    """A calculator whose update fails in the worker shows its own message; the engine stays ready."""
    context, page, watch = open_page(browser, base_url + page_path("da", "calculators"))
    page.focus(f'{form("nps")} [name="promoters"]')
    page.wait_for_selector(f'{form("nps")}[data-engine="ready"]', timeout=ENGINE_TIMEOUT)
    # A form the engine cannot compute (as if its calculator had a bug): the worker's call raises.
    page.eval_on_selector(form("cost-comparison"), "f => { f.dataset.calculator = 'broken'; }")
    broken = 'form.calculator[data-calculator="broken"]'
    page.fill(f'{broken} [name="fte"]', "2")
    page.wait_for_function(
        "s => { const f = document.querySelector(s); return f.querySelector('[data-status]').textContent === f.dataset.msgUnavailable; }",
        arg=broken,
        timeout=ENGINE_TIMEOUT,
    )
    assert page.get_attribute(broken, "data-engine") == "ready"
    assert page.get_attribute(f"{broken} .calculator__results", "data-stale") == ""
    page.fill(f'{form("nps")} [name="promoters"]', "7")
    page.wait_for_function(
        "s => document.querySelector(s).dataset.value === '87'",
        arg=f'{form("nps")} [data-output="responses"]',
        timeout=ENGINE_TIMEOUT,
    )
    assert page.text_content(f"{form('nps')} [data-status]") == page.get_attribute(form("nps"), "data-msg-ready")
    assert watch.errors == []
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_form_says_its_results_are_an_example(base_url: str, browser: Any, lang: str) -> None:
    """The status says the results are an example and updating needs JavaScript; with it, the idle message."""
    context, page, _ = open_page(browser, base_url + page_path(lang, "kpis"), java_script_enabled=False)
    status = page.text_content(f"{form('nps')} [data-status]")
    assert status == translate(lang, "ui.engine.static")
    assert "JavaScript" in status
    context.close()
    context, page, watch = open_page(browser, base_url + page_path(lang, "kpis"))
    page.wait_for_function(
        "s => document.querySelector(s).textContent === document.querySelector(s.split(' ')[0]).dataset.msgIdle",
        arg=f"{form('nps')} [data-status]",
    )
    assert watch.errors == []
    context.close()
