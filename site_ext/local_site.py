"""A built site served locally and Debian's Chromium to look at it: shared by the tests and the benchmark."""

from __future__ import annotations

import contextlib
import functools
import http.server
import mimetypes
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by $CHROMIUM_PATH; None to use Playwright's own download."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None
