"""Shared fixtures: the built site, a local server for it, and headless Chromium."""

# Serving and browser helpers live in site_ext.local_site: the benchmark uses them too.

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from calculators import LOCALES, Currency, Locale, cli, i18n
from site_ext import engine_assets
from site_ext.local_site import CHROMIUM_ARGS, chromium_path, serve

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"

# No test is timed (performance is measured by `make bench` only): Hypothesis's per-example
# deadline failed property tests on a loaded machine.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")
PAGES = (
    "index",
    "in-house-or-outsourced",
    "proving-roi",
    "kpis",
    "building-a-team",
    "supporting-your-team",
    "outsourcing-checklist",
    "faq",
    "calculators",
    "glossary",
    "sources",
)


#: Markers of the tests that cost seconds each: Chromium, Node, a site build.
COSTLY = ("browser", "node", "site")


def _costly(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in COSTLY)


def _module_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture made once per module (test_page_status's clone and its build, say)."""
    info = getattr(item, "_fixtureinfo", None)  # pytest's own record; without it nothing is kept together
    if info is None:
        return False
    return any(d.scope == "module" for defs in info.name2fixturedefs.values() for d in defs)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the run for the two workers of `make test` (``-n 2 --dist worksteal``).

    Worksteal hands the first worker the first half of this list and the second the rest; a worker
    that runs dry takes half of what the other has not started yet, from its end. So the costly tests
    are dealt out in turn to two piles, and the list is: first pile, the cheap tests, second pile.
    One worker starts on the costly tests (its first one builds the site and, on a fresh clone, the
    engine) while the other runs cheap tests; one ends with cheap tests, fine to share out at the
    end. A module's tests that share a module fixture stay in one pile, at its start, so that no
    steal splits them and no build is made twice.
    """
    costly = [item for item in items if _costly(item)]
    cheap = [item for item in items if not _costly(item)]
    groups: dict[str, list[pytest.Item]] = {}
    singles: list[list[pytest.Item]] = []
    for item in costly:
        if _module_fixture(item):
            groups.setdefault(str(item.path), []).append(item)
        else:
            singles.append([item])
    piles: tuple[list[pytest.Item], list[pytest.Item]] = ([], [])
    for index, unit in enumerate([*groups.values(), *singles]):
        piles[index % 2].extend(unit)
    items[:] = [*piles[0], *cheap, *piles[1]]


def engine_built() -> None:
    """Make the calculators wheel and the Pyodide snapshot once, for every build of the run.

    Each build makes them when they are missing from .cache (mkdocs_hooks.on_config); on a fresh
    clone the first builds of both xdist workers would otherwise each make the snapshot (20 s of Node).
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "engine.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        engine_assets.build_snapshot(engine_assets.build_wheel(CACHE / "wheel"))


def build_site(target: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` into ``target``."""
    engine_built()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)]
    if config:
        command += ["--config-file", str(config)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site, built once per test run (shared by xdist workers through a lock)."""
    cache = CACHE / "test-site"
    cache.parent.mkdir(parents=True, exist_ok=True)
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))
    with open(cache.parent / "test-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = cache / ".run-id"
        if not (marker.exists() and marker.read_text() == run_id):
            shutil.rmtree(cache, ignore_errors=True)
            result = build_site(cache)
            assert result.returncode == 0, f"strict build failed:\n{result.stderr[-4000:]}"
            (cache / "build.log").write_text(result.stderr)
            marker.write_text(run_id)
    return cache


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served locally."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = chromium_path()
        try:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as error:
            pytest.fail(
                "No Chromium: install Debian's (apt-get install chromium), set CHROMIUM_PATH, "
                f"or run `python -m playwright install chromium` where downloads work. ({error})"
            )
        yield chromium
        chromium.close()


def cli_json(calculator: str, raw: dict[str, str], lang: str) -> dict[str, Any]:
    """The JSON of ``python -m calculators run`` for these typed inputs.

    The command's own entry point, run in this process: the browser tests ask it hundreds of times,
    and a Python start-up each time was a tenth of their run. test_cli runs it as a real process.
    """
    args = [f"{name}={value}" for name, value in raw.items()]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["run", calculator, *args, "--lang", lang, "--format", "json"])
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


#: A fifth language for the tests: Romansh as written in Switzerland, a number format none of
#: the site's languages has (``1’234.5``, the apostrophe grouping) and amounts with the symbol first.
ROMANSH = Locale(
    code="rm",
    decimal=".",
    group="\u2019",
    typed_groups=("\u2019", "'"),
    minus="\u2212",
    percent="%",
    currency_before=True,
    symbols={Currency.DKK: "DKK", Currency.SEK: "SEK", Currency.ISK: "ISK", Currency.EUR: "EUR", Currency.USD: "USD"},
    default_currency=Currency.EUR,
)


@pytest.fixture
def fifth_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    """Adds a language the way a contributor does: a locale record and a catalogue, nothing else.

    Returns a function that registers it (a copy of the English catalogue, with ``overrides``
    applied) and returns its code.
    """

    def add(overrides: dict[str, str] | None = None, record: Locale = ROMANSH) -> str:
        folder = tmp_path / "locales"
        shutil.copytree(ROOT / "calculators" / "locales", folder)
        english = json.loads((folder / "en.json").read_text("utf-8"))
        (folder / f"{record.code}.json").write_text(json.dumps({**english, **(overrides or {})}), "utf-8")
        monkeypatch.setitem(LOCALES, record.code, record)
        monkeypatch.setattr(i18n, "CATALOGUES", folder)
        return record.code

    return add
