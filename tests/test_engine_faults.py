"""The engine on hosts and files that are not what it expects, in headless Chromium.

A fault-injecting static server serves the built site with one fault at a time: a damaged
snapshot (each kind of damage), a host that decodes the snapshot itself, a missing or damaged
compressed wasm (trimmed or whole), a trimmed wasm that traps, a host that refuses HEAD, a wasm served as text/plain, a missing lock file, the
workers' headers file applied. Each test waits for the engine's final
state on events (``ready`` through the right path, or ``failed`` with its message) and asserts
that nothing was left uncaught: no page error, no console error from the page or its workers.
"""

from __future__ import annotations

import gzip
import http.server
import json
import struct
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard

from site_ext import engine_assets
from site_ext.local_site import QuietHandler, page_path, serve
from tests.conftest import CACHE, ROOT, cli_json

pytestmark = pytest.mark.browser

ENGINE_TIMEOUT = 60_000
SNAPSHOT = "calculators.snapshot.zst"
TRIMMED_SNAPSHOT = "calculators.trimmed.snapshot.zst"
PACKED_WASM = "pyodide.asm.wasm.zst"
TRIMMED_WASM = "pyodide.trimmed.wasm.zst"
NPS = 'form.calculator[data-calculator="nps"]'


class Faults:
    """What the server does wrong; each field is off by default. ``snapshot`` stands for both snapshots."""

    def __init__(self, **faults: Any) -> None:
        self.snapshot: bytes | None = faults.get("snapshot")
        self.trimmed_snapshot: bytes | None = faults.get("trimmed_snapshot", self.snapshot)
        self.snapshot_encoding: str | None = faults.get("snapshot_encoding")
        self.packed_wasm: bytes | None = faults.get("packed_wasm")
        self.trimmed_wasm: bytes | None = faults.get("trimmed_wasm")
        self.head_405: bool = faults.get("head_405", False)
        self.wasm_type: str | None = faults.get("wasm_type")
        self.missing: tuple[str, ...] = faults.get("missing", ())
        self.headers: list[tuple[str, list[tuple[str, str]]]] = faults.get("headers", [])


def faulty_handler(faults: Faults) -> type[http.server.SimpleHTTPRequestHandler]:
    """A static server with ``faults``."""

    class FaultyHost(QuietHandler):
        def do_HEAD(self) -> None:
            if faults.head_405:
                self.send_error(405, "Method Not Allowed")
                return
            super().do_HEAD()

        def send_head(self) -> Any:
            name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
            if name in faults.missing:
                self.send_error(404)
                return None
            body = {
                SNAPSHOT: faults.snapshot,
                TRIMMED_SNAPSHOT: faults.trimmed_snapshot,
                PACKED_WASM: faults.packed_wasm,
                TRIMMED_WASM: faults.trimmed_wasm,
            }.get(name)
            if body is not None:
                self.send_response(200)
                self.send_header("Content-Type", "application/zstd")
                if name in (SNAPSHOT, TRIMMED_SNAPSHOT) and faults.snapshot_encoding:
                    self.send_header("Content-Encoding", faults.snapshot_encoding)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None
            return super().send_head()

        def guess_type(self, path: Any) -> str:
            if str(path).endswith(".wasm") and faults.wasm_type:
                return faults.wasm_type
            return super().guess_type(path)

        def end_headers(self) -> None:
            path = self.path.split("?", 1)[0]
            for prefix, headers in faults.headers:
                if path.startswith(prefix):
                    for name, value in headers:
                        self.send_header(name, value)
            super().end_headers()

    return FaultyHost


def read_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file, as Netlify and Cloudflare Pages read them (``*`` at the end)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip().rstrip("*"), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class Watch:
    """Everything uncaught: page errors, console errors of the page and its workers."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if message.type == "error" and not text.startswith("Failed to load resource"):
            # The browser's own line for an HTTP error status is the injected fault, not an uncaught error.
            self.errors.append(f"console error: {text}")
        elif message.type == "warning" and ("wasm" in text or "Content Security Policy" in text):
            self.errors.append(f"console warning: {text}")
        else:
            self.infos.append(text)


@pytest.fixture
def host(built_site: Path, browser: Any) -> Iterator[Callable[[Faults], tuple[Any, Watch, str, list[str]]]]:
    """Open a fresh page on the site served with some faults: (page, watch, base URL, requested URLs)."""
    opened: list[Any] = []
    stack: list[Any] = []

    def open_with(faults: Faults) -> tuple[Any, Watch, str, list[str]]:
        server = serve(built_site, faulty_handler(faults))
        base_url = server.__enter__()
        stack.append(server)
        context = browser.new_context()
        opened.append(context)
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(f"{request.method} {request.url}"))
        return page, Watch(page), base_url, requested

    yield open_with
    for context in opened:
        context.close()
    for server in stack:
        server.__exit__(None, None, None)


def final_state(page: Any, base_url: str, lang: str = "en") -> str:
    """Show intent on the KPIs page's calculator and wait for the engine to settle."""
    page.goto(base_url + page_path(lang, "kpis"), wait_until="load")
    page.focus(f'{NPS} [name="promoters"]')
    page.wait_for_selector(f'{NPS}[data-engine="ready"], {NPS}[data-engine="failed"]', timeout=ENGINE_TIMEOUT)
    return str(page.get_attribute(NPS, "data-engine"))


def assert_live(page: Any, lang: str = "en") -> None:
    """An edit gives the CLI's result."""
    page.fill(f'{NPS} [name="promoters"]', "77")
    page.wait_for_function(
        "s => document.querySelector(s + ' [data-output=\"responses\"]').dataset.value === '157'",
        arg=NPS,
        timeout=ENGINE_TIMEOUT,
    )
    expected = cli_json("nps", {"promoters": "77", "passives": "50", "detractors": "30"}, lang)
    shown = page.eval_on_selector(NPS, "f => f.querySelector('[data-output=\"nps\"]').dataset.value")
    assert shown == repr(expected["outputs"]["nps"])


def engine_file(built_site: Path, name: str) -> bytes:
    (folder,) = (built_site / "assets" / "engine").iterdir()
    return (folder / name).read_bytes()


def real_snapshot(built_site: Path, name: str = SNAPSHOT) -> bytes:
    return engine_file(built_site, name)


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=1, write_content_size=True).compress(data)


def damaged(kind: str, original: bytes) -> bytes:
    """The snapshot with one kind of damage."""
    if kind == "zero-bytes":
        return b""
    if kind == "html-page":
        return b"<!doctype html><title>Not found</title><p>Page not found</p>"
    if kind == "truncated-zstd":
        return original[: len(original) // 2]
    packed = bytearray(zstandard.ZstdDecompressor().decompress(original))
    if kind == "one-bit-flipped":  # decodes fine: only the packed form's checksum tells
        packed[len(packed) // 2] ^= 1
    elif kind == "length-too-long":
        length = struct.unpack_from("<I", packed, 4)[0]
        struct.pack_into("<I", packed, 4, length + 16 * 65536)
    return zstd(bytes(packed))


#: One of each way the inflater or the packed format refuses a snapshot, end to end in the browser:
#: the frame cut short (zstd-stream.mjs), its contents changed (the checksum), the header's length
#: wrong (snapshot-format.mjs), nothing, and a host's error page. Every kind of damage each check
#: refuses is tested against the check itself under Node (test_snapshot_format.py,
#: test_zstd_stream.py); the kinds below only stand for them, as each costs a whole plain start.
SNAPSHOT_DAMAGE = [
    "truncated-zstd",
    "one-bit-flipped",
    "length-too-long",
    "zero-bytes",
    "html-page",
]


@pytest.mark.parametrize("kind", SNAPSHOT_DAMAGE)
def test_a_damaged_snapshot_falls_back_to_the_wheel(built_site: Path, host: Any, kind: str) -> None:
    """Every kind of damage, to both snapshots, ends in a plain start with the wheel: ready, live, nothing uncaught."""
    page, watch, base_url, requested = host(Faults(snapshot=damaged(kind, real_snapshot(built_site))))
    assert final_state(page, base_url) == "ready", watch.infos
    assert any(url.endswith("/calculators.whl") for url in requested), "no plain start"
    assert any(text.startswith("Trimmed engine failed") for text in watch.infos)  # the worker's console is watched
    assert any("Snapshot not restored" in text for text in watch.infos)
    assert_live(page)
    assert watch.errors == []


def test_a_damaged_trimmed_snapshot_gives_way_to_the_whole_snapshot(built_site: Path, host: Any) -> None:
    """The whole snapshot and the whole wasm take over: no plain start, live, nothing uncaught."""
    trimmed = real_snapshot(built_site, TRIMMED_SNAPSHOT)
    page, watch, base_url, requested = host(Faults(trimmed_snapshot=damaged("one-bit-flipped", trimmed)))
    assert final_state(page, base_url, "sv") == "ready", watch.infos
    names = [url.rsplit("/", 1)[-1] for url in requested]
    assert {TRIMMED_SNAPSHOT, SNAPSHOT, PACKED_WASM} <= set(names)
    assert "calculators.whl" not in names, "the whole snapshot was not used"
    assert [text.split(":")[0] for text in watch.infos if text.startswith("Trimmed engine failed")] == [
        "Trimmed engine failed, starting the whole engine"
    ]
    assert not any("Snapshot not restored" in text for text in watch.infos)
    assert_live(page, "sv")
    assert watch.errors == []


def test_without_the_zstandard_decoder_the_engine_starts_plainly(built_site: Path, host: Any) -> None:
    """A deploy missing the decoder's wasm: both compressed files are given up, the plain start is live."""
    page, watch, base_url, requested = host(Faults(missing=("zstd-decoder.wasm",)))
    assert final_state(page, base_url) == "ready", watch.infos
    assert any(url.endswith("/calculators.whl") for url in requested), "no plain start"
    assert any(url.endswith("/pyodide.asm.wasm") for url in requested), "the plain wasm was not fetched"
    assert any(text.startswith("Compressed wasm not used") for text in watch.infos)
    assert_live(page)
    assert watch.errors == []


def test_a_snapshot_the_host_decodes_itself_is_restored(built_site: Path, host: Any) -> None:
    """A host that sends the snapshot with its own Content-Encoding: the browser decodes it, the engine takes it as is."""
    packed = zstandard.ZstdDecompressor().decompress(real_snapshot(built_site))
    page, watch, base_url, requested = host(Faults(snapshot=gzip.compress(packed), snapshot_encoding="gzip"))
    assert final_state(page, base_url) == "ready", watch.infos
    assert not any(url.endswith("/calculators.whl") for url in requested), "the snapshot was not used"
    assert_live(page)
    assert watch.errors == []


NO_PACKED_WASM = (TRIMMED_WASM, PACKED_WASM)


@pytest.mark.parametrize(
    ("name", "faults", "wasm"),
    [
        ("HEAD answered with 405", Faults(head_405=True), TRIMMED_WASM),
        ("no trimmed wasm", Faults(missing=(TRIMMED_WASM,)), PACKED_WASM),
        ("trimmed wasm cut short", Faults(trimmed_wasm=b"cut"), PACKED_WASM),
        ("no compressed wasm", Faults(missing=NO_PACKED_WASM), "pyodide.asm.wasm"),
        ("compressed wasm cut short", Faults(missing=(TRIMMED_WASM,), packed_wasm=b"cut"), "pyodide.asm.wasm"),
        (
            "no compressed wasm, wasm served as text/plain",
            Faults(missing=NO_PACKED_WASM, wasm_type="text/plain"),
            "pyodide.asm.wasm",
        ),
        ("no pyodide-lock.json", Faults(missing=("pyodide-lock.json",)), TRIMMED_WASM),
        (
            "all of them",
            Faults(head_405=True, wasm_type="text/plain", missing=("pyodide-lock.json", *NO_PACKED_WASM)),
            "pyodide.asm.wasm",
        ),
    ],
)
def test_odd_hosts_still_start_the_engine_from_the_snapshot(
    built_site: Path, host: Any, name: str, faults: Faults, wasm: str
) -> None:
    """Hosts unlike Python's server: the engine is ready from its snapshot, with nothing uncaught.

    Without a usable trimmed wasm, the engine takes the whole wasm compressed; without that, the
    wasm itself (compiled from its bytes when the type is wrong). It asks for no other wasm.
    """
    for fault, file in (("packed_wasm", PACKED_WASM), ("trimmed_wasm", TRIMMED_WASM)):
        if getattr(faults, fault) is not None:  # the real file, cut short: the frame ends too early
            whole = engine_file(built_site, file)
            setattr(faults, fault, whole[: len(whole) // 2])
    page, watch, base_url, requested = host(faults)
    assert final_state(page, base_url, "da") == "ready", name
    assert not any(url.endswith("/calculators.whl") for url in requested), "the snapshot was not used"
    wasms = (TRIMMED_WASM, PACKED_WASM, "pyodide.asm.wasm")
    asked = [file for file in wasms if any(url.endswith(f"/{file}") for url in requested)]
    assert asked == list(wasms[: wasms.index(wasm) + 1]), name
    if wasm != TRIMMED_WASM:
        assert any(text.startswith("Trimmed wasm not used") for text in watch.infos), name
    if wasm == "pyodide.asm.wasm":
        assert any(text.startswith("Compressed wasm not used") for text in watch.infos), name
    assert_live(page, "da")
    assert watch.errors == []


def trimmed_to(keep: list[int]) -> bytes:
    """Pyodide's wasm trimmed (site_ext/wasm_trim.mjs) to the functions ``keep``, compressed."""
    script = (
        'import { readFileSync } from "node:fs";'
        f'import {{ trim }} from "{(ROOT / "site_ext" / "wasm_trim.mjs").as_uri()}";'
        "const [wasm, keep] = process.argv.slice(1);"
        "process.stdout.write(trim(new Uint8Array(readFileSync(wasm)), JSON.parse(keep)));"
    )
    wasm = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"
    argv = ["node", "--input-type=module", "-e", script, str(wasm), json.dumps(keep)]
    result = subprocess.run(argv, capture_output=True, check=True, cwd=ROOT)
    return zstd(result.stdout)


@pytest.mark.parametrize("when", ["at the start", "at the first call"])
def test_a_trimmed_engine_that_traps_gives_way_to_the_whole_engine(host: Any, when: str) -> None:
    """Code the build did not see run traps; the engine goes on whole (snapshot and wasm), nothing logged as an error.

    At the start: a wasm with nothing kept traps in its first function. At the first call: one
    kept to what the build saw a start run, which restores and traps on the first result.
    """
    snapshot = engine_assets.build_snapshot(engine_assets.build_wheel(CACHE / "wheel"))
    started = json.loads(engine_assets.trim_record(snapshot).read_text("utf-8"))["started"]
    page, watch, base_url, requested = host(Faults(trimmed_wasm=trimmed_to([] if when == "at the start" else started)))
    assert final_state(page, base_url, "is") == "ready", watch.infos
    assert_live(page, "is")
    assert any(url.endswith(f"/{PACKED_WASM}") for url in requested), "the whole wasm was not fetched"
    assert not any(url.endswith("/calculators.whl") for url in requested), "the snapshot was not used"
    assert any(url.endswith(f"/{SNAPSHOT}") for url in requested), "the whole snapshot was not fetched"
    said = "starting the whole engine" if when == "at the start" else "restarting whole"
    assert [text for text in watch.infos if text.startswith("Trimmed engine failed")] == [
        f"Trimmed engine failed, {said}: unreachable"
    ]
    page.fill(f'{NPS} [name="promoters"]', "x")  # the whole wasm's engine goes on: a message, no trap
    page.wait_for_selector(f'{NPS} [aria-invalid="true"]', timeout=ENGINE_TIMEOUT)
    assert watch.errors == []


@pytest.mark.parametrize(
    "missing",
    [("pyodide.asm.wasm", *NO_PACKED_WASM), ("pyodide.asm.mjs",), ("pyodide.mjs",), ("engine-worker.js",)],
    ids=["wasm", "pyodide.asm.mjs", "pyodide.mjs", "engine-worker.js"],
)
def test_a_missing_runtime_file_fails_with_the_message_not_a_timeout(host: Any, missing: tuple[str, ...]) -> None:
    """Without a file Pyodide needs, the engine fails at once with its message: the example stays."""
    page, watch, base_url, _ = host(Faults(missing=missing))
    assert final_state(page, base_url, "sv") == "failed"
    status = page.text_content(f"{NPS} [data-status]")
    assert status == page.get_attribute(NPS, "data-msg-failed")
    reasons = [text for text in watch.infos if text.startswith("Calculator engine unavailable:")]
    assert reasons
    assert "timeout" not in reasons[0]
    assert watch.errors == []


def test_workers_run_under_the_shipped_headers_policy(built_site: Path, host: Any) -> None:
    """Served with the build's _headers (as Netlify does), the workers get a policy and still start."""
    rules = read_headers_file((built_site / "_headers").read_text("utf-8"))
    page, watch, base_url, requested = host(Faults(headers=rules))
    assert final_state(page, base_url) == "ready"
    engine_scripts = [url for url in requested if url.endswith("/engine-worker.js")]
    assert engine_scripts
    worker_response = page.request.get(engine_scripts[0].split(" ", 1)[1])
    policy = worker_response.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert not any(url.endswith("/pyodide.asm.wasm") for url in requested), "the inflater could not compile"
    assert_live(page)
    assert watch.errors == []
