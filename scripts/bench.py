"""Performance benchmark: every target of the performance issues as ratios measured in one run.

Usage: ``make bench`` (``python scripts/bench.py``), or ``BENCH_QUICK=1 make bench`` /
``python scripts/bench.py --quick`` while developing (one run of each timing, two network
profiles, Lighthouse on two pages, no synthetic builds: a subset of the targets, minutes instead
of most of an hour). It builds the site and a plain Material build of the same pages without
calculators, serves both on 127.0.0.1 the way static hosts do, on simulated networks
(scripts/static_host.py), drives Debian's Chromium through Playwright (and Lighthouse from
bench/node_modules), prints one table and writes it, with the figures behind it, as JSON to
bench/results.json. Exit code 0 when every target measured holds, 1 otherwise. Absolute times
on shared machines are noisy: each target compares figures from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from static_host import LOOPBACK, PROFILES, Link, Network, host  # noqa: E402

from calculators import LANGUAGES  # noqa: E402
from calculators.protocol import ENTRY_FUNCTION, ENTRY_MODULE, PageFile  # noqa: E402
from site_ext.engine_assets import ENGINE_DIR  # noqa: E402
from site_ext.local_site import CHROMIUM_ARGS, chromium_path, page_path  # noqa: E402

BENCH = ROOT / "bench"
CALCULATOR_PAGES = ("in-house-or-outsourced", "proving-roi", "kpis", "calculators")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Row:
    """One target: our figure, the reference figure from the same run, their ratio and the verdict."""

    target: str
    ours: float | None
    reference: float | None
    ratio: float | None
    limit: str
    passed: bool


def build(config: Path, site: Path) -> float:
    """Seconds for one strict build of ``config`` into ``site``."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"build of {config} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def plain_config(target: Path, docs: Path | None = None) -> Path:
    """mkdocs.yml without the calculators: no fence (blocks stay code), no controller.

    Everything else stays, the hooks included (per-language search, the page policy), so the
    comparison is with this very site, minus its calculators.
    """
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = text.replace("site_ext/mkdocs_hooks.py", str(ROOT / "site_ext" / "mkdocs_hooks.py"))
    text = re.sub(r"watch:\n(  - .*\n)+", "", text)
    text = re.sub(r"  - pymdownx.superfences:\n(      .*\n)+", "  - pymdownx.superfences\n", text)
    text = text.replace("  - site_ext.calculator_fence\n", "")
    text = text.replace("docs_dir: docs", f"docs_dir: {docs or ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    target.write_text(text, "utf-8")
    return target


def synthetic_config(target: Path, docs: Path, pages: int, *, calculators: bool) -> Path:
    """A config over ``pages`` generated pages per language (every tenth with a calculator)."""
    for lang in LANGUAGES:
        source = (ROOT / "docs" / lang / "kpis.md").read_text("utf-8")
        for n in range(pages):
            body = source if n % 10 == 0 else source.split("```calculator")[0]
            # Parts of ten chapters of ten pages, as a large guide would be organised: with
            # navigation pruning a page renders its own chapter and the headings above it.
            page = docs / lang / f"part-{n // 100:02d}" / f"chapter-{n // 10 % 10}" / f"page-{n:04d}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# Page {n}\n\n{body}", "utf-8")
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    text = (ROOT / "mkdocs.yml").read_text("utf-8") if calculators else plain_config(target).read_text("utf-8")
    text = re.sub(r"\nnav:\n(  .*\n)+", "\n", text)
    text = re.sub(r"docs_dir: .*", f"docs_dir: {docs}", text)
    text = text.replace("site_ext/mkdocs_hooks.py", str(ROOT / "site_ext" / "mkdocs_hooks.py"))
    text = re.sub(r"watch:\n(  - .*\n)+", "", text)
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    target.write_text(text, "utf-8")
    return target


REFERENCE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reference</title>
<script type="module" src="reference.js"></script></head><body><p id="out">Loading…</p></body></html>"""
# The usual way to embed Pyodide: on the main thread, plain start, load the wheel, one call.
REFERENCE_JS = """import { loadPyodide } from "ENGINE/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("ENGINE/", import.meta.url).href });
const wheel = await (await fetch("ENGINE/calculators.whl")).arrayBuffer();
pyodide.unpackArchive(wheel, "wheel");
const entry = pyodide.pyimport("ENTRY_MODULE");
const result = JSON.parse(entry.ENTRY_FUNCTION("nps", "en", JSON.stringify({ promoters: "130" })));
document.getElementById("out").innerHTML = result.html;
requestAnimationFrame(() => { window.__done = performance.now(); });
"""

FIRST_RESULT = """([selector]) => new Promise((resolve) => {
  const form = document.querySelector(selector);
  const results = form.querySelector('.calculator__results');
  const start = performance.now();
  new MutationObserver((_, observer) => {
    if (results.hasAttribute('data-stale')) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - start));
  }).observe(results, { childList: true, subtree: true, attributes: true });
  const field = form.querySelector('[name="promoters"]');
  field.focus();
  field.value = '130';
  field.dispatchEvent(new Event('input', { bubbles: true }));
})"""

# From the input event to the new result in the page (the next frame paints it), and to that
# frame's animation callback, which also counts the wait for the display's next frame (<= 16.7 ms
# at 60 Hz, whatever the work): both are reported, the first is the target.
RECOMPUTE = """([selector, value]) => new Promise((resolve) => {
  const form = document.querySelector(selector);
  const results = form.querySelector('.calculator__results');
  const field = form.querySelector('[name="promoters"]');
  let start;
  new MutationObserver((_, observer) => {
    observer.disconnect();
    const swapped = performance.now() - start;
    requestAnimationFrame(() => resolve([swapped, performance.now() - start]));
  }).observe(results, { childList: true, subtree: true });
  field.value = value;
  start = performance.now();
  field.dispatchEvent(new Event('input', { bubbles: true }));
})"""


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


FORM = 'form.calculator[data-calculator="nps"]'
PAGE_FILES = {file.value for file in PageFile}  # the page's own files in the engine's folder


def engine_bytes(sent: dict[str, int]) -> dict[str, int]:
    """The engine's files among the bytes a server sent (the page's controller and stylesheet aside)."""
    return {
        path.rsplit("/", 1)[-1]: size
        for path, size in sent.items()
        if f"/{ENGINE_DIR}/" in path and path.rsplit("/", 1)[-1] not in PAGE_FILES
    }


class Pages:
    """Our KPIs page and the reference page, timed on one server whose network can be changed."""

    def __init__(self, browser: Any, base: str, link: Link, lang: str) -> None:
        self.browser, self.base, self.link = browser, base, link
        self.url = base + page_path(lang, "kpis")

    def ours(self, context: Any) -> float:
        """From the first intent, typed as soon as the page has loaded, to the new result on screen."""
        page = context.new_page()
        page.goto(self.url, wait_until="load", timeout=300_000)
        elapsed = float(page.evaluate(FIRST_RESULT, [FORM]))
        page.close()
        return elapsed

    def ours_viewed(self, context: Any) -> float:
        """The same, for a reader who scrolls to the calculator at load and types 3 s later.

        The controller starts the engine when a calculator is in view and the page idle, so
        the wait moves before the intent: the figure is from the intent to the result.
        """
        page = context.new_page()
        page.goto(self.url, wait_until="load", timeout=300_000)
        page.eval_on_selector(FORM, "form => form.scrollIntoView()")
        page.wait_for_timeout(3000)
        elapsed = float(page.evaluate(FIRST_RESULT, [FORM]))
        page.close()
        return elapsed

    def reference(self, context: Any) -> float:
        """From navigation to the result of the plain Pyodide page."""
        page = context.new_page()
        page.goto(self.base + "/reference/", wait_until="load", timeout=300_000)
        page.wait_for_function("window.__done", timeout=300_000)
        elapsed = float(page.evaluate("window.__done"))
        page.close()
        return elapsed

    def cold(self, measure: Callable[[Any], float]) -> float:
        context = self.browser.new_context()
        try:
            return measure(context)
        finally:
            context.close()

    def warm(self, measure: Callable[[Any], float]) -> float:
        """A second visit in the same context: the HTTP cache holds the first visit's files."""
        context = self.browser.new_context()
        try:
            measure(context)
            return measure(context)
        finally:
            context.close()

    def bytes_of(self, measure: Callable[[Any], float]) -> dict[str, int]:
        """The engine's bytes the server sent for one cold visit, by file."""
        self.link.reset()
        self.cold(measure)
        return engine_bytes(self.link.reset())


def network_figures(pages: Pages, profiles: tuple[Network, ...], runs: int) -> dict[str, Any]:
    """Engine-ready medians, cold and warm, ours and the reference, on every network profile."""
    figures: dict[str, Any] = {}
    pages.link.network = LOOPBACK
    pages.cold(pages.ours)  # untimed: the server compresses each file on its first request
    pages.cold(pages.reference)
    figures["engine_bytes"] = {"ours": pages.bytes_of(pages.ours), "reference": pages.bytes_of(pages.reference)}
    for network in profiles:
        pages.link.network = network
        started = time.perf_counter()
        figures[network.name] = {
            "ours_cold": median_of(runs, lambda: pages.cold(pages.ours)),
            "reference_cold": median_of(runs, lambda: pages.cold(pages.reference)),
            "ours_warm": median_of(runs, lambda: pages.warm(pages.ours)),
            "reference_warm": median_of(runs, lambda: pages.warm(pages.reference)),
            "ours_cold_viewed_3s": pages.cold(pages.ours_viewed),  # information, one run
        }
        print(f"  {network.name}: {figures[network.name]} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    pages.link.network = LOOPBACK
    return figures


def recompute_figures(browser: Any, url: str) -> dict[str, float]:
    """Recompute p95 over 100 edits once the engine is ready."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate(FIRST_RESULT, [FORM])
    times = [page.evaluate(RECOMPUTE, [FORM, str(140 + i)]) for i in range(100)]
    context.close()
    return {
        "recompute_p95": statistics.quantiles([swapped for swapped, _ in times], n=20)[18],
        "recompute_frame_p95": statistics.quantiles([framed for _, framed in times], n=20)[18],
    }


def transferred(browser: Any, url: str) -> float:
    """Bytes over the wire from navigation until the page has been idle for 3 s, without interaction.

    Counted from Playwright's request events, which include the page's workers' requests (a CDP
    session on the page alone would miss what its workers fetch).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context()
    page = context.new_page()
    requested: list[Any] = []
    finished: list[Any] = []

    def record(request: Any) -> None:  # Playwright tags its handlers: a bound method will not do
        finished.append(request)

    def note(request: Any) -> None:
        requested.append(request)

    page.on("request", note)
    page.on("requestfinished", record)
    try:
        page.goto(url, wait_until="networkidle")
    except PlaywrightTimeout:  # seen once in a full run, not reproduced: name what was pending, count the rest
        pending = [request.url for request in requested if request not in finished]
        print(f"  {url}: not idle after 30 s; pending: {pending}", file=sys.stderr)
    page.wait_for_timeout(3000)
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return float(total)


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_median(url: str, runs: int, categories: tuple[str, ...] = CATEGORIES) -> dict[str, Any] | None:
    """Median scores, TBT and CLS of ``runs`` Lighthouse runs (its own advice for noisy machines)."""
    reports = [report for report in (lighthouse(url, categories) for _ in range(runs)) if report]
    if not reports:
        return None
    medians: dict[str, Any] = {
        key: statistics.median(report[key] for report in reports) for key in reports[0] if key != "failing"
    }
    medians["failing"] = sorted({audit for report in reports for audit in report["failing"]})
    return medians


def lighthouse(url: str, categories: tuple[str, ...]) -> dict[str, Any] | None:
    """Lighthouse mobile scores, TBT and CLS for one page (and the audits that cost points), or None."""
    cli = BENCH / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(cli),
                url,
                "--quiet",
                f"--only-categories={','.join(categories)}",
                "--output=json",
                f"--output-path={out}",
                f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
            ],
            env={**ENV, "CHROME_PATH": chromium_path() or ""},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if not out.exists():
            return None
        report = json.loads(out.read_text())
    audits = report["audits"]
    figures: dict[str, Any] = {name: report["categories"][name]["score"] for name in categories}
    figures["tbt"] = audits["total-blocking-time"]["numericValue"]
    figures["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    figures["failing"] = [
        f"{name}:{ref['id']}"
        for name in categories
        if name != "performance"
        for ref in report["categories"][name]["auditRefs"]
        if ref.get("weight") and (audits[ref["id"]].get("score") is not None) and audits[ref["id"]]["score"] < 1
    ]
    return figures


def site_pages(site: Path) -> list[str]:
    """The URL path of every page of the built site, in every language (404 and assets aside)."""
    paths = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.split("/")[0] in ("assets", "reference", "search"):
            continue
        paths.append("/" if relative == "." else f"/{relative}/")
    return paths


def lighthouse_figures(
    ours: str, plain: str, paths: list[str], calculator_paths: list[str], *, runs: int, other_runs: int
) -> dict[str, Any]:
    """Medians for every page, and for each calculator page the same page built without calculators.

    Calculator pages and their twins get ``runs`` runs each (their blocking times are compared),
    the other pages ``other_runs``.

    Calculator pages come first, each beside its plain twin (the blocking-time comparison then
    sees the same load on the machine), then the other pages. Every median is written to
    bench/results.partial.json as it comes, so a run cut short still leaves its figures.
    """
    figures: dict[str, Any] = {"pages": {}, "plain": {}}
    ordered = [path for path in calculator_paths if path in paths] + [p for p in paths if p not in calculator_paths]
    for path in ordered:
        started = time.perf_counter()
        figures["pages"][path] = lighthouse_median(ours + path, runs if path in calculator_paths else other_runs)
        if path in calculator_paths:
            figures["plain"][path] = lighthouse_median(plain + path, runs, ("performance",))
        print(
            f"  lighthouse {path}: {figures['pages'][path]} plain: {figures['plain'].get(path)}"
            f" ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
        BENCH.mkdir(exist_ok=True)
        (BENCH / "results.partial.json").write_text(json.dumps(figures, indent=2))
    return figures


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.3f}" if value < 10 else f"{value:,.0f}"


def ratio(ours: float | None, reference: float | None) -> float | None:
    return ours / reference if ours is not None and reference else None


def report(rows: list[Row], details: dict[str, Any]) -> None:
    """Print the table and write it, with the figures behind it, as JSON to bench/results.json."""
    print(f"{'target':<66} {'ours':>12} {'reference':>12} {'ratio':>7}  {'limit':<24} result")
    for row in rows:
        print(
            f"{row.target:<66} {fmt(row.ours):>12} {fmt(row.reference):>12} {fmt(row.ratio):>7}  {row.limit:<24} "
            f"{'PASS' if row.passed else 'FAIL'}"
        )
    BENCH.mkdir(exist_ok=True)
    results = {"rows": [asdict(row) for row in rows], "details": details}
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


def ratio_row(target: str, ours: float, reference: float, limit: float) -> Row:
    r = ratio(ours, reference)
    return Row(target, ours, reference, r, f"ratio <= {limit}", r is not None and r <= limit)


def network_rows(figures: dict[str, Any], profiles: tuple[Network, ...]) -> list[Row]:
    rows = []
    ours_bytes = float(sum(figures["engine_bytes"]["ours"].values()))
    reference_bytes = float(sum(figures["engine_bytes"]["reference"].values()))
    rows.append(ratio_row("engine bytes, first intent to first result (bytes)", ours_bytes, reference_bytes, 1.0))
    r = ratio(ours_bytes, reference_bytes)
    rows.append(
        Row("  (stretch) engine bytes", ours_bytes, reference_bytes, r, "ratio <= 0.75", r is not None and r <= 0.75)
    )
    for network in profiles:
        measured = figures[network.name]
        cold_limit = 0.25 if network == LOOPBACK else 0.5
        rows.append(
            ratio_row(
                f"engine ready, cold, {network.name} (ms)",
                measured["ours_cold"],
                measured["reference_cold"],
                cold_limit,
            )
        )
        rows.append(
            ratio_row(
                f"engine ready, warm, {network.name} (ms)", measured["ours_warm"], measured["reference_warm"], 0.25
            )
        )
        viewed = measured.get("ours_cold_viewed_3s")
        if viewed is not None:  # the calculator in view at load, typed 3 s later: information
            rows.append(
                Row(
                    f"  (info) in view at load, typed 3 s later, cold, {network.name} (ms)",
                    viewed,
                    measured["reference_cold"],
                    ratio(viewed, measured["reference_cold"]),
                    "reported",
                    True,
                )
            )
    return rows


def lighthouse_rows(figures: dict[str, Any], calculator_paths: list[str]) -> list[Row]:
    measured = {path: scores for path, scores in figures["pages"].items() if scores}
    if not measured:
        return [Row("Lighthouse (not installed: npm ci --prefix bench)", None, None, None, "measured", False)]
    rows = []
    count = f"{len(measured)} pages"
    for name, limit in (("performance", 0.95), ("accessibility", 1.0), ("best-practices", 1.0), ("seo", 1.0)):
        worst_path = min(measured, key=lambda path: measured[path][name])
        worst = measured[worst_path][name]
        rows.append(
            Row(
                f"Lighthouse {name} (median), worst of {count}: {worst_path}",
                worst,
                None,
                None,
                f">= {limit}",
                worst >= limit,
            )
        )
    # Blocking time: each calculator page against the same page built without calculators.
    over = [
        (measured[path]["tbt"] - figures["plain"][path]["tbt"], path)
        for path in calculator_paths
        if path in measured and figures["plain"].get(path)
    ]
    if over:
        extra, path = max(over)
        rows.append(
            Row(
                f"Lighthouse TBT over the page without calculators, worst: {path} (ms)",
                measured[path]["tbt"],
                figures["plain"][path]["tbt"],
                None,
                "ours <= reference + 10",
                extra <= 10,
            )
        )
    tbt_path = max(measured, key=lambda path: measured[path]["tbt"])
    rows.append(
        Row(
            f"  (info) Lighthouse TBT (median), worst page: {tbt_path} (ms)",
            measured[tbt_path]["tbt"],
            None,
            None,
            "reported",
            True,
        )
    )
    cls = max(scores["cls"] for scores in measured.values())
    rows.append(Row("Lighthouse CLS (median), worst page", cls, None, None, "<= 0.05", cls <= 0.05))
    return rows


def page_rows(
    figures: dict[str, float],
    extra: float,
    builds: tuple[float, float],
    per_page: dict[int, float],
    scale: tuple[int, int],
) -> list[Row]:
    """The targets kept from issue 5: page weight before interaction, recompute, build times."""
    build_ours, build_plain = builds
    rows = [
        Row(
            "bytes before first interaction, over the plain page (max)",
            extra,
            None,
            None,
            "<= 30 KB",
            extra <= 30 * 1024,
        )
    ]
    rows.append(
        Row(
            "recompute, input to new result on the page, p95 (ms)",
            figures["recompute_p95"],
            None,
            None,
            "<= 16",
            figures["recompute_p95"] <= 16,
        )
    )
    rows.append(
        Row(
            "  (info) ... to the animation frame that paints it, p95 (ms)",
            figures["recompute_frame_p95"],
            None,
            None,
            "vsync-bound",
            True,
        )
    )
    rows.append(ratio_row("full build (s)", build_ours, build_plain, 1.2))
    if per_page:
        small, large = scale
        rows.append(
            ratio_row(
                f"build time per page, {large} vs {small} pages per language (s)", per_page[large], per_page[small], 1.5
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each browser timing (median reported)")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per calculator page and its twin (median)"
    )
    parser.add_argument(
        "--lighthouse-runs-other", type=int, help="Lighthouse runs per other page (default: --lighthouse-runs)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the timed pages")
    parser.add_argument("--scale", type=int, nargs=2, default=(100, 1000), help="synthetic pages per language")
    parser.add_argument(
        "--quick",
        action="store_true",
        default=bool(os.environ.get("BENCH_QUICK")),
        help=(
            "for development (also BENCH_QUICK=1): one run of each timing, loopback and 8 Mbit/s only, "
            "Lighthouse on two pages once, no synthetic builds"
        ),
    )
    args = parser.parse_args()
    profiles = (PROFILES[0], PROFILES[-1]) if args.quick else PROFILES
    runs, lighthouse_runs = (1, 1) if args.quick else (args.runs, args.lighthouse_runs)
    other_runs = lighthouse_runs if args.quick or args.lighthouse_runs_other is None else args.lighthouse_runs_other
    from playwright.sync_api import sync_playwright

    details: dict[str, Any] = {
        "quick": args.quick,
        "runs": runs,
        "lighthouse_runs": lighthouse_runs,
        "lighthouse_runs_other": other_runs,
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ours_site, plain_site = tmp / "ours", tmp / "plain"
        build_runs = 1 if args.quick else 2
        build(ROOT / "mkdocs.yml", ours_site)  # untimed: makes the wheel and snapshot if the cache lacks them
        build_ours = median_of(build_runs, lambda: build(ROOT / "mkdocs.yml", ours_site))
        build_plain = median_of(build_runs, lambda: build(plain_config(tmp / "plain.yml"), plain_site))
        paths = site_pages(ours_site)
        (ours_site / "reference").mkdir()
        (ours_site / "reference" / "index.html").write_text(REFERENCE_HTML)
        (engine,) = (ours_site / ENGINE_DIR).iterdir()  # the one versioned folder of this build
        reference_js = REFERENCE_JS.replace("ENTRY_MODULE", ENTRY_MODULE).replace("ENTRY_FUNCTION", ENTRY_FUNCTION)
        (ours_site / "reference" / "reference.js").write_text(
            reference_js.replace("ENGINE", f"../{ENGINE_DIR}/{engine.name}")
        )
        calculator_paths = [page_path(lang, name) for lang in LANGUAGES for name in CALCULATOR_PAGES]
        per_page = {}
        if not args.quick:
            for pages in args.scale:
                docs = tmp / f"docs-{pages}"
                config = synthetic_config(tmp / f"synthetic-{pages}.yml", docs, pages, calculators=True)
                per_page[pages] = build(config, tmp / f"site-{pages}") / (pages * len(LANGUAGES))

        with host(ours_site) as (ours, link), host(plain_site) as (plain, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            print("network profiles", file=sys.stderr)
            network = network_figures(Pages(browser, ours, link, args.lang), profiles, runs)
            figures = recompute_figures(browser, ours + page_path(args.lang, "kpis"))
            extra = [
                transferred(browser, ours + page_path(lang, n)) - transferred(browser, plain + page_path(lang, n))
                for lang in ([args.lang] if args.quick else LANGUAGES)
                for n in CALCULATOR_PAGES
            ]
            browser.close()
            if args.quick:
                paths = [page_path(args.lang, "index"), page_path(args.lang, "kpis")]
                calculator_paths = [page_path(args.lang, "kpis")]
            print(f"Lighthouse on {len(paths)} pages", file=sys.stderr)
            scores = lighthouse_figures(
                ours, plain, paths, calculator_paths, runs=lighthouse_runs, other_runs=other_runs
            )
    details |= {"network": network, "lighthouse": scores, "browser": figures}
    rows = network_rows(network, profiles) + lighthouse_rows(scores, calculator_paths)
    rows += page_rows(figures, max(extra), (build_ours, build_plain), per_page, args.scale)
    report(rows, details)
    if args.quick:
        print("quick mode: a subset of the targets, from single runs; `make bench` measures them all")
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
