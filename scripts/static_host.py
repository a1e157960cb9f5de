"""A static host for the benchmark: compressed the way hosts compress, on a network it simulates.

``StaticHostHandler`` serves a built site the way typical static hosts (GitHub Pages, Netlify,
Cloudflare Pages) do: text and wasm gzip-compressed on the fly, ten minutes of caching, ``HEAD``
answered. Python's own server sends every byte uncompressed and no ``Cache-Control``, which no
production host does; measuring page weight against it would measure the server.

A ``Network`` throttles the server: every response waits one round trip before its first byte,
and all bodies share one downlink of a given bandwidth (a shared clock hands out the time to send
each chunk, so six parallel downloads each get a sixth). The same server serves our pages and
the reference page, so both see the same network. It also counts the bytes it sends per path.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_ext.local_site import QuietHandler

# What typical static hosts compress on the fly: text, and wasm (GitHub Pages, Netlify, Cloudflare).
COMPRESSED_TYPES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map", ".wasm")
CHUNK = 16 * 1024


@dataclass(frozen=True)
class Network:
    """A simulated network: downlink in Mbit/s (None: unthrottled loopback) and round trip in ms."""

    name: str
    mbit: float | None = None
    rtt_ms: float = 0.0

    @property
    def bytes_per_second(self) -> float | None:
        return None if self.mbit is None else self.mbit * 1_000_000 / 8


LOOPBACK = Network("loopback")
PROFILES = (
    LOOPBACK,
    Network("50 Mbit/s, 20 ms", 50, 20),
    Network("20 Mbit/s, 40 ms", 20, 40),
    Network("8 Mbit/s, 60 ms", 8, 60),
)


@dataclass
class Link:
    """The server's side of the network: one downlink shared by every connection, and a byte count."""

    network: Network = LOOPBACK
    sent: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _free_at: float = 0.0

    def wait_round_trip(self) -> None:
        if self.network.rtt_ms:
            time.sleep(self.network.rtt_ms / 1000)

    def send(self, path: str, out: Any, data: bytes) -> None:
        """Write ``data`` at the network's pace, sharing the downlink with every other response."""
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            rate = self.network.bytes_per_second
            if rate:
                with self._lock:
                    begin = max(time.perf_counter(), self._free_at)
                    self._free_at = begin + len(chunk) / rate
                    done = self._free_at
                delay = done - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            out.write(chunk)
            self.count(path, len(chunk))

    def count(self, path: str, size: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + size

    def reset(self) -> dict[str, int]:
        """The bytes sent per path since the last reset, and start counting anew."""
        with self._lock:
            sent, self.sent = self.sent, {}
        return sent


@functools.lru_cache(maxsize=512)
def gzipped(path: str, mtime: float) -> bytes:
    """The gzip body of ``path`` (cached per modification time, so a rebuild is picked up)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class StaticHostHandler(QuietHandler):
    """Serves files the way a typical static host does, through the server's ``link``."""

    link: Link

    def url_path(self) -> str:
        return self.path.split("?")[0].split("#")[0]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        self.link.wait_round_trip()  # the request's way there and the first byte's way back
        headers = b"".join(getattr(self, "_headers_buffer", []))
        self.link.count(self.url_path(), len(headers) + 2)
        super().end_headers()

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, *, with_body: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        # A directory without its slash goes to the base class, which redirects it.
        plain = not self.url_path().endswith(("/", path.suffix)) or self.path.endswith("/..")
        if not (accepts_gzip and path.suffix in COMPRESSED_TYPES and path.is_file()) or plain:
            source = self.send_head()  # headers (or an error) sent; the file, if any
            if source:
                with source:
                    if with_body:
                        self.copyfile(source, self.wfile)
            return
        body = gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        if with_body:
            self.link.send(self.url_path(), self.wfile, body)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        buffer = bytearray()
        shutil.copyfileobj(source, _Collect(buffer))
        self.link.send(self.url_path(), outputfile, bytes(buffer))


class _Collect:
    def __init__(self, buffer: bytearray) -> None:
        self.buffer = buffer

    def write(self, data: bytes) -> int:
        self.buffer += data
        return len(data)


@contextlib.contextmanager
def host(directory: Path, link: Link | None = None) -> Iterator[tuple[str, Link]]:
    """Serve ``directory`` on 127.0.0.1 through ``link`` (a new unthrottled one by default)."""
    link = link or Link()
    handler = type("Handler", (StaticHostHandler,), {"link": link})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", link
    finally:
        server.shutdown()
        server.server_close()
