"""Shared fixtures: the built site, a local server for it, and headless Chromium."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
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
    "sources",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def page_path(lang: str, page: str) -> str:
    """URL path of a page in a language (English at the root)."""
    prefix = "" if lang == "en" else f"{lang}/"
    return f"/{prefix}" if page == "index" else f"/{prefix}{page}/"


def build_site(target: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` into ``target``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)]
    if config:
        command += ["--config-file", str(config)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site, built once per test run (shared by xdist workers through a lock)."""
    cache = ROOT / ".cache" / "test-site"
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


# Module scripts need a JavaScript type, wasm its own for streaming compilation.
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file server, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: test output is for failures."""


@contextlib.contextmanager
def serve(directory: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site served locally."""
    with serve(built_site) as url:
        yield url


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by $CHROMIUM_PATH; None to use Playwright's own download."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


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
    """The JSON of ``python -m calculators run`` for these typed inputs."""
    args = [f"{name}={value}" for name, value in raw.items()]
    result = subprocess.run(
        [sys.executable, "-m", "calculators", "run", calculator, *args, "--lang", lang, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data
