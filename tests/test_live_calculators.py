"""Calculators in the pages, in headless Chromium: what a marketer sees and does.

Each test drives Debian's Chromium against the built site served on 127.0.0.1 and
compares what the page shows with ``python -m calculators run`` for the same typed inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import zstandard

from calculators import CALCULATORS, LANGUAGES, InputKind
from calculators.formatting import format_number
from calculators.present import default_value
from calculators.protocol import INFLATED_STORE, MANIFEST, PageFile
from site_ext.local_site import QuietHandler, page_path, serve
from tests.conftest import ROOT, cli_json

pytestmark = pytest.mark.browser

#: Where each calculator is embedded: its topic page, and the Calculators page that has them all.
TOPIC_PAGES = {
    "in-house-or-outsourced": ["decision-score", "cost-comparison"],
    "proving-roi": ["cost-per-conversion"],
    "kpis": ["nps"],
    "calculators": list(CALCULATORS),
}


def edit_for(calculator: str, lang: str) -> tuple[str, str]:
    """An edit that changes a calculator's results: its first number input, typed (grouped) in ``lang``."""
    calc = CALCULATORS[calculator]
    spec = next(s for s in calc.inputs if s.kind is not InputKind.CURRENCY and default_value(s, lang))
    if spec.kind is InputKind.RATING:
        return spec.name, "1" if default_value(spec, lang) == 5 else "5"
    value = min(float(default_value(spec, lang)) * 10 + 7, spec.maximum)
    return spec.name, format_number(value, lang, max_digits=0 if spec.whole else 2)


def invalid_field(calculator: str) -> str:
    """A typed (not chosen) field of the calculator, to put invalid text in."""
    calc = CALCULATORS[calculator]
    return next(s.name for s in reversed(calc.inputs) if s.kind not in (InputKind.CURRENCY, InputKind.RATING))


ENGINE_TIMEOUT = 60_000
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


class PageWatch:
    """Collects uncaught errors and CSP reports of a page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.csp: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)


def new_page(browser: Any, **context_options: Any) -> tuple[Any, Any, PageWatch]:
    context = browser.new_context(**context_options)
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    return context, page, PageWatch(page)


def form_selector(calculator: str) -> str:
    return f'form.calculator[data-calculator="{calculator}"]'


def typed_inputs(page: Any, calculator: str) -> dict[str, str]:
    return page.eval_on_selector(
        form_selector(calculator),
        "f => Object.fromEntries([...f.querySelectorAll('input[name], select[name]')].map(c => [c.name, c.value]))",
    )


def shown_outputs(page: Any, calculator: str) -> dict[str, str]:
    return page.eval_on_selector(
        form_selector(calculator),
        "f => Object.fromEntries([...f.querySelectorAll('[data-output]')].map(e => [e.dataset.output, e.dataset.value]))",
    )


def as_raw(value: Any) -> str:
    """An output as the page writes it in data-value."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value)
    return value if isinstance(value, str) else repr(value)


def assert_matches_cli(page: Any, calculator: str, lang: str) -> None:
    expected = cli_json(calculator, typed_inputs(page, calculator), lang)
    assert expected["ok"], expected
    assert shown_outputs(page, calculator) == {name: as_raw(v) for name, v in expected["outputs"].items()}


def wait_ready(page: Any, calculator: str) -> None:
    page.wait_for_selector(f'{form_selector(calculator)}[data-engine="ready"]', timeout=ENGINE_TIMEOUT)


def results_html(page: Any, calculator: str) -> str:
    return page.eval_on_selector(f"{form_selector(calculator)} .calculator__results", "e => e.innerHTML")


def edit(page: Any, calculator: str, name: str, value: str, *, invalid: bool = False) -> None:
    """Change one input the way a person does, and wait until the engine's answer is painted."""
    selector = f'{form_selector(calculator)} [name="{name}"]'
    before = results_html(page, calculator)
    stale = page.eval_on_selector(
        f"{form_selector(calculator)} .calculator__results", "e => e.hasAttribute('data-stale')"
    )
    if not page.is_visible(selector):  # a weight: behind "adjust the weights", opened as a person does
        page.click(f"{form_selector(calculator)} [data-adjust] > summary")
    if page.eval_on_selector(selector, "e => e.tagName") == "SELECT":
        page.select_option(selector, value)
    else:
        page.fill(selector, value)
    page.wait_for_function(
        """([sel, name, before, stale, invalid]) => {
            const f = document.querySelector(sel);
            const r = f.querySelector('.calculator__results');
            if (f.dataset.engine !== 'ready') return false;
            if (invalid) return f.querySelector(`[data-error-for="${name}"]`).textContent !== '';
            const errors = [...f.querySelectorAll('[data-error-for]')].some(e => e.textContent);
            return !errors && !r.hasAttribute('data-stale') && (stale || r.innerHTML !== before);
        }""",
        arg=[form_selector(calculator), name, before, stale, invalid],
        timeout=ENGINE_TIMEOUT,
    )


def check_prerendered(page: Any, topic: str, lang: str) -> None:
    """Every calculator of the page shows the CLI's results for its inputs, in the page's language."""
    for calculator in TOPIC_PAGES[topic]:
        assert page.get_attribute(form_selector(calculator), "data-lang") == lang
        assert_matches_cli(page, calculator, lang)


def check_live_edits(page: Any, calculator: str, lang: str) -> None:
    """An edit gives the CLI's results, bad input its message; undone, the pre-rendered markup is back."""
    wait_ready(page, calculator)
    original = results_html(page, calculator)
    name, value = edit_for(calculator, lang)
    start_value = typed_inputs(page, calculator)[name]
    edit(page, calculator, name, value)
    assert_matches_cli(page, calculator, lang)

    bad = invalid_field(calculator)
    bad_start = typed_inputs(page, calculator)[bad]
    edit(page, calculator, bad, "12x", invalid=True)
    expected = cli_json(calculator, typed_inputs(page, calculator), lang)
    shown = page.text_content(f'{form_selector(calculator)} [data-error-for="{bad}"]')
    assert shown == expected["errors"][bad]
    assert page.get_attribute(f'{form_selector(calculator)} [name="{bad}"]', "aria-invalid") == "true"
    edit(page, calculator, bad, bad_start)
    assert page.get_attribute(f'{form_selector(calculator)} [name="{bad}"]', "aria-invalid") is None

    edit(page, calculator, name, start_value)
    assert results_html(page, calculator) == original, "live markup differs from the pre-rendered one"


#: An edit per calculator that changes its verdict and its chart.
VERDICT_EDITS = {
    "decision-score": ("expertise", "1"),
    "cost-per-conversion": ("conversion_rate", "9"),
    "cost-comparison": ("horizon_months", "7"),
    "nps": ("detractors", "400"),
}


def check_verdict_and_chart(page: Any, calculator: str, lang: str) -> None:
    """After an edit the verdict and the chart change, and the live results are what the build renders."""
    from calculators import get_calculator, run
    from calculators.render import render_results

    name, value = VERDICT_EDITS[calculator]
    form = form_selector(calculator)
    verdict_and_chart = (
        "f => [f.querySelector('[data-verdict]').textContent, f.querySelector('svg[data-chart]').outerHTML]"
    )
    before = page.eval_on_selector(form, verdict_and_chart)
    edit(page, calculator, name, value)
    after = page.eval_on_selector(form, verdict_and_chart)
    assert after[0] != before[0]
    assert after[1] != before[1]
    outcome = run(get_calculator(calculator), typed_inputs(page, calculator), lang)
    live = results_html(page, calculator)
    # The build's markup for these inputs, serialized by the same browser.
    built = page.evaluate(
        "html => { const t = document.createElement('section'); t.innerHTML = html; return t.innerHTML; }",
        render_results(outcome, lang),
    )
    assert live == built
    assert page.eval_on_selector(f"{form} [data-sticky]", "e => e.textContent") == " ".join(after[0].split())


#: Visitors typed (grouped) in each language, for the shared link.
VISITORS = {"en": "12,500", "da": "12.500", "sv": "12 500", "is": "12.500"}


def check_shared_link(browser: Any, page: Any, lang: str) -> None:
    """The URL after an edit, opened in a fresh browser, shows the same inputs and results."""
    visitors = VISITORS[lang]
    edit(page, "cost-per-conversion", "visitors", visitors)
    edit(page, "cost-per-conversion", "currency", "USD")
    page.wait_for_function("() => location.search.includes('cost-per-conversion.currency=USD')")  # once typing pauses
    shared = page.url
    inputs = typed_inputs(page, "cost-per-conversion")
    outputs = shown_outputs(page, "cost-per-conversion")
    assert parse_qs(urlparse(shared).query)["cost-per-conversion.visitors"] == ["12500"]

    fresh, page, watch = new_page(browser)
    page.goto(shared, wait_until="domcontentloaded")
    restored = typed_inputs(page, "cost-per-conversion")
    assert restored["visitors"] == "12500"  # at once, before the engine runs
    assert restored["currency"] == "USD"
    wait_ready(page, "cost-per-conversion")
    page.wait_for_selector(f"{form_selector('cost-per-conversion')} .calculator__results:not([data-stale])")
    # Once Python has read it, in the page's number format.
    shown = typed_inputs(page, "cost-per-conversion")["visitors"]
    assert shown.replace("\u00a0", " ") == visitors.replace("\u00a0", " ")
    assert shown_outputs(page, "cost-per-conversion") == outputs
    assert cli_json("cost-per-conversion", typed_inputs(page, "cost-per-conversion"), lang)["ok"]
    # The link carries values language-neutrally (no grouping); they compute the same results.
    assert (
        cli_json("cost-per-conversion", restored, lang)["outputs"]
        == cli_json("cost-per-conversion", inputs, lang)["outputs"]
    )
    assert watch.errors == []
    fresh.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculators_page_prerendered_then_live(base_url: str, browser: Any, lang: str) -> None:
    """Results are there before the engine runs, edits give the CLI's results, bad input its message.

    One engine per language, on the Calculators page (all four calculators): for each, an edit, a
    bad value and its message, the example again (the pre-rendered markup), then an edit that changes
    its verdict and chart. Last, the link after an edit, opened in a fresh browser, shows the same
    inputs and results. (The topic pages' pre-rendered results: test_results_without_javascript.)
    """
    context, page, watch = new_page(browser)
    page.goto(base_url + page_path(lang, "calculators"))
    check_prerendered(page, "calculators", lang)
    page.focus(f"{form_selector(TOPIC_PAGES['calculators'][0])} [name]")  # intent starts the engine
    for calculator in TOPIC_PAGES["calculators"]:
        check_live_edits(page, calculator, lang)
        check_verdict_and_chart(page, calculator, lang)
    check_shared_link(browser, page, lang)
    assert watch.errors == []
    assert watch.csp == []
    assert page.evaluate("window.__csp") == []
    context.close()


def test_a_topic_page_prerendered_then_live(base_url: str, browser: Any) -> None:
    """A page that embeds only some of the calculators (two) runs them live like the Calculators page."""
    topic, lang = "in-house-or-outsourced", "sv"
    context, page, watch = new_page(browser)
    page.goto(base_url + page_path(lang, topic))
    check_prerendered(page, topic, lang)
    page.focus(f"{form_selector(TOPIC_PAGES[topic][0])} [name]")  # intent starts the engine
    for calculator in TOPIC_PAGES[topic]:
        check_live_edits(page, calculator, lang)
    assert watch.errors == []
    assert watch.csp == []
    assert page.evaluate("window.__csp") == []
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_blocked_wasm_leaves_a_readable_static_example(base_url: str, browser: Any, lang: str) -> None:
    """Without WebAssembly the results stay the pre-rendered example, with a clear message."""
    context, page, watch = new_page(browser)
    for wasm in ("**/*.wasm", "**/*.wasm.zst"):  # the wasm, and the same compressed
        page.route(wasm, lambda route: route.abort())
    page.goto(base_url + page_path(lang, "kpis"))
    before = shown_outputs(page, "nps")
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    page.wait_for_selector(f'{form_selector("nps")}[data-engine="failed"]', timeout=ENGINE_TIMEOUT)
    status = page.text_content(f"{form_selector('nps')} [data-status]")
    assert status == page.get_attribute(form_selector("nps"), "data-msg-failed")
    assert status
    assert len(status) > 40
    assert shown_outputs(page, "nps") == before
    assert watch.errors == []
    context.close()


def test_engine_is_not_requested_without_calculators(base_url: str, browser: Any) -> None:
    """A page without calculators never loads Pyodide, the wheel or the worker."""
    context, page, _ = new_page(browser)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + page_path("en", "faq"), wait_until="load")
    page.mouse.move(200, 300)
    page.keyboard.press("Tab")
    # The controller has run and found no calculator: it sets nothing in motion after this.
    page.wait_for_function("() => document.documentElement.dataset.calculators === 'none'")
    page.wait_for_load_state("networkidle")
    page_files = {file.value for file in PageFile} | {MANIFEST}  # what every page links, and the names it reads
    engine = [url for url in requested if "/assets/engine/" in url and url.rsplit("/", 1)[-1] not in page_files]
    assert engine == []
    assert any(url.endswith(PageFile.CONTROLLER.value) for url in requested)
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_accessibility_violations(base_url: str, browser: Any, lang: str) -> None:
    """axe-core finds nothing on the Calculators page, before and after the engine runs.

    Live, with a bad value's message, the weights open and an action's status shown (the light
    scheme; the dark one is test_calculator_actions').
    """
    context, page, _ = new_page(browser, color_scheme="light")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(base_url + page_path(lang, "calculators"))
    for state in ("static", "live"):
        if state == "live":
            show_new_interface(page)
            edit(page, "nps", "promoters", "abc", invalid=True)
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
            # The scroll to nps shows Material's back-to-top button: axe judges it once it has faded in.
            page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
        assert axe_violations(page) == [], state
    context.close()


def show_new_interface(page: Any) -> None:
    """The Calculators page live: the decision score's weights open and its copy-link status shown."""
    form = form_selector("decision-score")
    page.click(f"{form} .calculator__adjust summary")
    page.focus(f'{form} [name="expertise"]')
    wait_ready(page, "decision-score")
    page.click(f'{form} button[data-action="copy-link"]')
    page.wait_for_function("sel => document.querySelector(sel + ' [data-action-status]').textContent", arg=form)


def axe_violations(page: Any) -> list[tuple[str, list[Any]]]:
    """What axe-core finds on the page as it is now: each rule's id and its first three targets."""
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8") + "\n;void 0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def test_calculator_is_usable_by_keyboard(base_url: str, browser: Any) -> None:
    """Tab reaches the fields; typing recomputes."""
    context, page, _ = new_page(browser)
    page.goto(base_url + page_path("en", "kpis"))
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    wait_ready(page, "nps")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "passives"
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    page.wait_for_function(
        "() => document.querySelector('[data-output=\"nps\"]').dataset.value === '60.0'", timeout=ENGINE_TIMEOUT
    )
    context.close()


def test_page_policy_is_strict(built_site: Path) -> None:
    """Every page declares the strict policy; no page allows 'unsafe-eval'."""
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert (
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
            in html
        ), path
        assert "unsafe-eval'" not in html.replace("'wasm-unsafe-eval'", ""), path


def test_engine_falls_back_to_a_plain_start_without_the_snapshot(base_url: str, browser: Any) -> None:
    """If the snapshot cannot be had, Pyodide starts plainly with the wheel and results are the same."""
    context, page, watch = new_page(browser)
    page.route("**/*.snapshot.zst", lambda route: route.abort())
    assert_starts_plainly(page, base_url, "da", "1.250")
    assert watch.errors == []
    context.close()


def test_snapshot_made_against_another_pyodide_build_falls_back_to_a_plain_start(base_url: str, browser: Any) -> None:
    """A snapshot whose base (the fresh instance it was diffed against) is not this build's is refused.

    The snapshot is stored as its difference from a fresh Pyodide instance; restored against
    another base it would be garbage. The checksum of the base catches that before Pyodide
    restores anything (the trimmed snapshot's start, then the whole one's), and the engine starts
    plainly with the wheel instead.
    """
    context, page, watch = new_page(browser)

    def other_base(route: Any) -> None:
        packed = bytearray(zstandard.ZstdDecompressor().decompress(route.fetch().body()))
        packed[20] ^= 0xFF  # the base's checksum (snapshot-format.mjs)
        # As engine_assets.compress frames it, at a fast level: the site's level 19 took seconds here.
        body = zstandard.ZstdCompressor(level=1, write_content_size=True).compress(bytes(packed))
        route.fulfill(body=body, content_type="application/zstd")

    page.route("**/*.snapshot.zst", other_base)
    assert_starts_plainly(page, base_url, "en", "1,250")
    assert watch.errors == []
    context.close()


def assert_starts_plainly(page: Any, base_url: str, lang: str, promoters: str) -> None:
    """At the first intent Pyodide starts plainly (the wheel is fetched) and shows the CLI's results."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + page_path(lang, "kpis"), wait_until="networkidle")
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    wait_ready(page, "nps")
    edit(page, "nps", "promoters", promoters)
    assert_matches_cli(page, "nps", lang)
    assert any(url.endswith("/calculators.whl") for url in requested)


#: The engine's large files, fetched only once a reader shows intent (or a calculator is in view).
LARGE_ENGINE_FILES = (
    ".wasm",
    ".wasm.zst",
    "pyodide.asm.mjs",
    "python_stdlib.zip",
    ".snapshot.zst",
    "zstd-decoder.mjs",
    ".whl",
)


def test_idle_page_prepares_the_engine_without_its_large_files(base_url: str, built_site: Path, browser: Any) -> None:
    """With no calculator in view, an idle page readies the small worker scripts and nothing large.

    Every file of the engine comes from this build's versioned folder.
    """
    context, page, watch = new_page(browser, viewport={"width": 1280, "height": 720})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + page_path("en", "kpis"), wait_until="networkidle")
    page.wait_for_function("() => document.documentElement.dataset.calculators === 'prepared'")
    page.wait_for_load_state("networkidle")
    names = [url.rsplit("/", 1)[-1] for url in requested]
    assert [name for name in names if name.endswith(LARGE_ENGINE_FILES)] == []
    # Before any intent: the page's files and the two workers, nothing they import but the manifest.
    before_intent = {url.rsplit("/", 1)[-1] for url in requested if "/assets/engine/" in url}
    assert before_intent == {
        "controller.js",
        "calculators.css",
        "protocol.mjs",
        "engine-worker.js",
        "inflater.js",
    }
    assert page.get_attribute(form_selector("nps"), "data-engine") == "idle"
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    edit(page, "nps", "promoters", "1,250")
    assert_matches_cli(page, "nps", "en")
    (folder,) = (built_site / "assets" / "engine").iterdir()
    engine = [url for url in requested if "/assets/engine/" in url]
    assert len(engine) >= 7
    # Restored from the trimmed snapshot: the cut standard library, the trimmed wasm, and none of
    # what a plain start needs (Pyodide's whole standard library, its lock file, the wheel, the
    # whole wasm compressed or not) or what a trimmed engine that trapped would have fetched (the
    # whole snapshot and the whole wasm).
    fetched = {url.rsplit("/", 1)[-1] for url in engine}
    assert {"calculators.trimmed.snapshot.zst", "calculators.stdlib.zip", "pyodide.trimmed.wasm.zst"} <= fetched
    whole = {"python_stdlib.zip", "pyodide-lock.json", "calculators.whl", "pyodide.asm.wasm", "pyodide.asm.wasm.zst"}
    assert whole.isdisjoint(fetched)
    assert "calculators.snapshot.zst" not in fetched
    assert [url for url in engine if not url.startswith(f"{base_url}/assets/engine/{folder.name}/")] == []
    assert watch.errors == []
    context.close()


class WithoutInflater(QuietHandler):
    """Serves the site as if the inflater's script had not been deployed."""

    def send_head(self) -> Any:
        """A 404 for the inflater, everything else as usual."""
        if self.path.endswith("/inflater.js"):
            self.send_error(404)
            return None
        return super().send_head()


def test_engine_starts_plainly_when_the_inflater_cannot_load(built_site: Path, browser: Any) -> None:
    """An inflater that fails to load means a plain start (with the wasm itself), not a failed engine."""
    context, page, watch = new_page(browser)
    with serve(built_site, WithoutInflater) as base_url:
        assert_starts_plainly(page, base_url, "sv", "1\u00a0250")
    assert watch.errors == []
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_results_without_javascript(base_url: str, browser: Any, lang: str) -> None:
    """With JavaScript off, every calculator on every page shows the correct, formatted example result.

    What the build wrote, before any script runs: on each topic page and on the Calculators page.
    """
    context, page, _ = new_page(browser, java_script_enabled=False)
    for topic, calculators in TOPIC_PAGES.items():
        page.goto(base_url + page_path(lang, topic))
        check_prerendered(page, topic, lang)
        for calculator in calculators:
            shown = page.text_content(f"{form_selector(calculator)} [data-output]")
            assert shown
            assert shown.strip()
            assert page.get_attribute(form_selector(calculator), "data-engine") == "idle"
    context.close()


def test_hints_and_currency_conversion_live(base_url: str, browser: Any) -> None:
    """A number read otherwise elsewhere gets its hint; a new currency converts defaults, keeps typed amounts."""
    context, page, watch = new_page(browser)
    page.goto(base_url + page_path("en", "calculators"))
    form = form_selector("cost-comparison")
    page.focus(f'{form} [name="agency_monthly"]')
    wait_ready(page, "cost-comparison")
    edit(page, "cost-comparison", "agency_monthly", "45.000")
    hint = f'{form} [data-hint-for="agency_monthly"]'
    assert page.text_content(hint) == "Read as 45. For 45 thousand, write 45,000."
    edit(page, "cost-comparison", "agency_monthly", "8,000")  # the euro default again
    assert page.text_content(hint) == ""
    edit(page, "cost-comparison", "tools_monthly", "123")
    edit(page, "cost-comparison", "currency", "DKK")
    page.wait_for_function(
        "s => document.querySelector(s).value === '60,000'",
        arg=f'{form} [name="agency_monthly"]',
        timeout=ENGINE_TIMEOUT,
    )
    assert typed_inputs(page, "cost-comparison")["tools_monthly"] == "123"
    note = page.text_content(f'{form} [data-hint-for="tools_monthly"]')
    assert note == "Kept as you typed it: not converted to DKK."
    help_text = page.text_content(f'{form} [data-help-for="agency_monthly"]')
    assert help_text == "Agencies charge roughly DKK\u00a030,000–DKK\u00a0200,000 a month for community management."
    page.wait_for_selector(f"{form} .calculator__results:not([data-stale])")
    assert_matches_cli(page, "cost-comparison", "en")
    verdict = page.text_content(f"{form} [data-verdict]")
    assert verdict
    assert "DKK" in verdict
    assert watch.errors == []
    context.close()


def test_a_calculator_in_view_at_load_waits_for_a_scroll_or_intent(base_url: str, browser: Any) -> None:
    """The Calculators page opens on a calculator: reading it fetches none of the engine's large files.

    Once the reader scrolls (the page idle, a calculator in view), the engine starts before any
    intent and is ready when they type.
    """
    context, page, watch = new_page(browser, viewport={"width": 1280, "height": 720})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + page_path("en", "calculators"), wait_until="load")
    page.wait_for_function("() => document.documentElement.dataset.calculators === 'prepared'")
    assert page.evaluate("() => document.querySelector('form.calculator').getBoundingClientRect().top < innerHeight")
    page.wait_for_load_state("networkidle")  # the idle callbacks have run: an engine started on view would load
    assert [url for url in requested if url.endswith(LARGE_ENGINE_FILES)] == []
    page.mouse.wheel(0, 400)
    page.wait_for_selector('form.calculator[data-engine="ready"]', timeout=ENGINE_TIMEOUT)
    assert any(url.endswith(".snapshot.zst") for url in requested)
    assert page.evaluate("() => !document.activeElement || !document.activeElement.closest('form')")  # no intent
    assert watch.errors == []
    context.close()


STORED = f"() => caches.open({INFLATED_STORE!r}).then((store) => store.keys()).then((keys) => keys.map((r) => r.url))"


def visit_and_edit(page: Any, base_url: str, requested: list[str]) -> None:
    """Show intent on the KPIs page, wait for the engine, check an edit against the CLI."""
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + page_path("en", "kpis"), wait_until="load")
    page.focus(f'{form_selector("nps")} [name="promoters"]')
    wait_ready(page, "nps")
    edit(page, "nps", "promoters", "1,250")
    assert_matches_cli(page, "nps", "en")


def test_a_returning_reader_starts_from_what_was_inflated_before(base_url: str, browser: Any) -> None:
    """The inflated wasm and snapshot are kept: a second visit downloads and inflates neither."""
    context, first, watch = new_page(browser)
    visit_and_edit(first, base_url, [])
    first.wait_for_function(f"() => ({STORED})().then((urls) => urls.length === 2)")
    stored = first.evaluate(STORED)
    assert sorted(url.rsplit("/", 1)[-1] for url in stored) == [
        "calculators.trimmed.snapshot.zst",
        "pyodide.trimmed.wasm.zst",
    ]
    second = context.new_page()
    requested: list[str] = []
    visit_and_edit(second, base_url, requested)
    assert [url for url in requested if url.endswith((".zst", ".wasm", ".whl"))] == []
    assert watch.errors == []
    context.close()


def test_a_damaged_stored_snapshot_is_dropped_and_the_engine_still_starts(base_url: str, browser: Any) -> None:
    """Stored bytes that fail the trimmed snapshot's checks: the whole engine starts, and the entry is deleted."""
    context, first, watch = new_page(browser)
    visit_and_edit(first, base_url, [])
    first.wait_for_function(f"() => ({STORED})().then((urls) => urls.length === 2)")
    (snapshot,) = [url for url in first.evaluate(STORED) if url.endswith(".snapshot.zst")]
    first.evaluate(
        "([name, url]) => caches.open(name).then((store) => store.put(url, new Response(new Uint8Array(64))))",
        [INFLATED_STORE, snapshot],
    )
    second = context.new_page()
    requested: list[str] = []
    visit_and_edit(second, base_url, requested)
    assert any(url.endswith("/calculators.snapshot.zst") for url in requested), "the whole snapshot was not fetched"
    assert not any(url.endswith("/calculators.whl") for url in requested), "a plain start"
    second.wait_for_function(f"() => ({STORED})().then((urls) => !urls.includes({snapshot!r}))")
    assert watch.errors == []
    context.close()
