"""Each page's Content-Security-Policy, declared in a ``<meta http-equiv>`` so it holds on any host.

The only inline scripts are the theme's own (Material's templates); they are allowed by their
SHA-256 hashes, computed from the page as built. A page's Markdown may carry none: the build
fails on any inline script in a page's content (see :func:`content_offences`), on any inline
event handler or ``javascript:`` URL however it is written, and on a ``<base>`` element, which
would move every relative URL the policy trusts.

A meta policy reaches the document only, never its workers: a worker runs under the policy of
its script's HTTP response. :func:`headers_file` writes that policy (and the cache rule of the
engine's folder) for hosts that read a ``_headers`` file (Netlify, Cloudflare Pages).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
#: A handler however the tag is written: after a space, a slash or a closing quote, any case.
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*[\s/\"'`]on[a-z]+\s*=", re.IGNORECASE)
_NON_SCRIPT_TYPES = re.compile(r"""type=["']?application/(ld\+)?json""", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})

#: The policy of every page; ``{scripts}`` receives the theme's inline scripts' hashes.
PAGE_POLICY = (
    "default-src 'self'; script-src {scripts}; worker-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
)
#: The policy of the engine's workers, sent as an HTTP header with their scripts (see headers_file).
WORKER_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)


class CspError(ValueError):
    """The page cannot run under a strict policy (e.g. it has an inline event handler)."""


@dataclass(frozen=True)
class Offence:
    """Markup the policy refuses.

    Attributes:
        what: What is wrong, in a contributor's words.
        tag: The start tag as written.
        needle: A regular expression that finds it in the page's source (for the line).
    """

    what: str
    tag: str
    needle: str


class _Scanner(HTMLParser):
    def __init__(self, *, scripts: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = scripts
        self.offences: list[Offence] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or f"<{tag}>"
        for name, value in attrs:
            if name.startswith("on"):
                needle = rf"(?<![a-z0-9_-]){re.escape(name)}\s*(=|$)"
                self.offences.append(Offence(f"inline event handler {name}", text, needle))
            elif name in _URL_ATTRIBUTES and re.match(r"\s*javascript:", value or "", re.IGNORECASE):
                self.offences.append(Offence(f"javascript: URL in {name}", text, r"javascript:|&#"))
        if tag == "base":
            self.offences.append(Offence("<base> element", text, r"<base(?![a-z])"))
        if tag == "script" and self.scripts:
            attributes = dict(attrs)
            if "src" not in attributes and not _NON_SCRIPT_TYPES.search(f"type={attributes.get('type') or ''}"):
                self.offences.append(Offence("inline script", text, r"<script(?![a-z])"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def offences(html: str, *, scripts: bool) -> list[Offence]:
    """Inline event handlers, ``javascript:`` URLs and ``<base>`` in ``html``; inline scripts too if ``scripts``.

    >>> [o.what for o in offences('<img/onerror=alert(1)><BASE href=x><script>a()</script>', scripts=True)]
    ['inline event handler onerror', '<base> element', 'inline script']
    """
    scanner = _Scanner(scripts=scripts)
    scanner.feed(html)
    scanner.close()
    found = scanner.offences
    # Belt and braces for markup the parser reads differently from a browser.
    if not any(o.what.startswith("inline event handler") for o in found) and (match := _EVENT_HANDLER.search(html)):
        found.append(Offence("inline event handler", match.group(0), r"(?<![a-z0-9_-])on[a-z]+\s*(=|$)"))
    return found


def source_line(source: str, needle: str, nth: int = 0) -> int:
    r"""1-based line of the ``nth`` match of ``needle`` in ``source``, outside fenced code (0 if none).

    >>> source_line("```\n<script>\n```\ntext <SCRIPT>x</script>\n", r"<script(?![a-z])")
    4
    """
    pattern = re.compile(needle, re.IGNORECASE)
    fence = ""
    hits = 0
    for number, line in enumerate(source.splitlines(), start=1):
        opening = re.match(r"\s*(`{3,}|~{3,})", line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        for _ in pattern.finditer(line):
            if hits == nth:
                return number
            hits += 1
    return 0


def content_offences(content: str, source: str, where: str) -> list[str]:
    """Messages, naming ``where`` and the line, for everything in a page's content the policy refuses.

    Args:
        content: The page's content as rendered from its Markdown.
        source: The Markdown file's text, to find each line.
        where: The file's name in messages, e.g. ``docs/en/kpis.md``.
    """
    messages = []
    seen: dict[str, int] = {}
    for offence in offences(content, scripts=True):
        nth = seen.get(offence.needle, 0)
        seen[offence.needle] = nth + 1
        line = source_line(source, offence.needle, nth)
        messages.append(
            f"{where}:{line or '?'}: {offence.what} in {offence.tag[:80]!r}: the page's policy allows no inline "
            "code in a page (only the theme's own scripts, by hash); put code in a file under docs/assets/"
            + ("" if offence.what != "<base> element" else "; <base> would move every relative URL")
        )
    return messages


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions for every executable inline script in ``html``.

    >>> inline_script_hashes("<script>a()</script><script src=x.js></script>")
    ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"]
    """
    hashes = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _NON_SCRIPT_TYPES.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def policy(html: str, *, live_reload: bool = False) -> str:
    """The strict policy for a page built from the theme's templates: its inline scripts by hash.

    The page's own content must have passed :func:`content_offences`: every inline script left
    is then the theme's.

    Args:
        html: The page.
        live_reload: For ``mkdocs serve`` only, whose live-reload script is injected inline
            with a new timestamp on every request, so no hash can name it.

    Raises:
        CspError: The page has an inline event handler, a ``javascript:`` URL or a ``<base>``.
    """
    if found := offences(html, scripts=False):
        raise CspError(f"{found[0].what} in {found[0].tag[:80]!r}")
    inline = ["'unsafe-inline'"] if live_reload else inline_script_hashes(html)
    return PAGE_POLICY.format(scripts=" ".join(["'self'", "'wasm-unsafe-eval'", *inline]))


def add_policy(html: str, *, live_reload: bool = False) -> str:
    """``html`` with its policy as the first element of ``<head>``."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, live_reload=live_reload)}">'
    return re.sub(r"<head>", lambda m: m.group(0) + "\n    " + meta, html, count=1)


def headers_file(engine_dir: str) -> str:
    """A ``_headers`` file: the workers' policy and caching for the engine's folder, nosniff everywhere.

    >>> print(headers_file("assets/engine").splitlines()[3])
    /assets/engine/*
    """
    return (
        "# For hosts that read a _headers file (Netlify, Cloudflare Pages); written by the build.\n"
        "/*\n"
        "  X-Content-Type-Options: nosniff\n"
        f"/{engine_dir}/*\n"
        # The engine's workers run under this policy: a page's meta policy does not reach them.
        f"  Content-Security-Policy: {WORKER_POLICY}\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
    )
