"""Each page's Content-Security-Policy, declared in a ``<meta http-equiv>`` so it holds on any host.

The only inline scripts are Material's own; they are allowed by their SHA-256 hashes,
computed from the page as built. Our own scripts are files, and no page may carry an
inline event handler.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
_NON_SCRIPT_TYPES = re.compile(r"""type=["']?application/(ld\+)?json""", re.IGNORECASE)


class CspError(ValueError):
    """The page cannot run under a strict policy (e.g. it has an inline event handler)."""


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
    """The strict policy for a page: same origin only, Material's inline scripts by hash.

    Args:
        html: The page.
        live_reload: For ``mkdocs serve`` only, whose live-reload script is injected inline
            with a new timestamp on every request, so no hash can name it.

    Raises:
        CspError: The page has an inline event handler, which no hash can allow.
    """
    if match := _EVENT_HANDLER.search(html):
        raise CspError(f"inline event handler in {match.group(0)!r}")
    inline = ["'unsafe-inline'"] if live_reload else inline_script_hashes(html)
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline])
    return (
        f"default-src 'self'; script-src {scripts}; worker-src 'self'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
    )


def add_policy(html: str, *, live_reload: bool = False) -> str:
    """``html`` with its policy as the first element of ``<head>``."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, live_reload=live_reload)}">'
    return re.sub(r"<head>", lambda m: m.group(0) + "\n    " + meta, html, count=1)
