"""The per-page Content-Security-Policy."""

import base64
import hashlib

import pytest

from site_ext.csp import (
    WORKER_POLICY,
    CspError,
    add_policy,
    content_offences,
    headers_file,
    inline_script_hashes,
    policy,
)


def test_hashes_inline_scripts_only() -> None:
    """Inline scripts are hashed; external and JSON scripts are not."""
    html = '<script>var a=1</script><script src="x.js"></script><script type="application/json">{}</script>'
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"var a=1").digest()).decode() + "'"
    assert inline_script_hashes(html) == [expected]


def test_policy_is_strict() -> None:
    """Same origin, wasm allowed, no unsafe-eval and no unsafe-inline scripts."""
    text = policy("<html></html>")
    assert text == (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


def test_inline_event_handlers_are_refused() -> None:
    """No hash can allow onclick=…: the build fails instead."""
    with pytest.raises(CspError, match="inline event handler"):
        policy('<button onclick="go()">Go</button>')


def test_meta_comes_first_in_head() -> None:
    """The policy must precede every script to cover it."""
    html = add_policy("<html><head><script>x()</script></head></html>")
    assert html.index('http-equiv="Content-Security-Policy"') < html.index("<script>")


def test_live_reload_allows_inline_scripts_for_the_dev_server_only() -> None:
    """The dev server's injected script carries a timestamp, so the dev server allows inline scripts."""
    html = "<script>var a=1</script>"
    assert "'unsafe-inline'" in policy(html, live_reload=True)
    assert "'unsafe-inline'" not in policy(html).split("style-src")[0]


@pytest.mark.parametrize(
    "markup",
    [
        "<img/onerror=alert(1)>",
        "<IMG SRC=x ONERROR=alert(1)>",
        '<img\nsrc="x"\nonerror\n=\n"alert(1)">',
        '<svg><a onclick="x">y</a></svg>',
        "<div/x/onload=1>",
        '<a href=" JavaScript:alert(1)">x</a>',
        '<base href="/">',
        "<BASE/href=x>",
    ],
)
def test_the_finished_page_refuses_handlers_and_base_however_written(markup: str) -> None:
    """The whole page (theme included) may hold no handler, javascript: URL or <base>."""
    with pytest.raises(CspError):
        policy(f"<html><body>{markup}</body></html>")


@pytest.mark.parametrize(
    ("markup", "what"),
    [
        ("<script>a()</script>", "inline script"),
        ("<Script type=module>a()</Script>", "inline script"),
        ('<script type="text/javascript">a()</script>', "inline script"),
        ("<img/onerror=alert(1)>", "inline event handler onerror"),
        ("<base href=x>", "<base> element"),
    ],
)
def test_content_offences_name_file_and_line(markup: str, what: str) -> None:
    """A page's own content may hold no inline script at all; the message names file and line."""
    source = f"# Title\n\n```html\n{markup}\n```\n\nText.\n{markup}\n"
    (message,) = content_offences(f"<p>{markup}</p>", source, "docs/da/kpis.md")
    assert message.startswith(f"docs/da/kpis.md:8: {what} in ")


def test_json_scripts_in_content_are_data_not_code() -> None:
    """Structured data is not executed, so it is no offence."""
    assert content_offences('<script type="application/ld+json">{}</script>', "", "docs/x.md") == []


def test_headers_file_gives_the_workers_their_policy() -> None:
    """A meta policy does not reach workers: hosts that read _headers send them theirs."""
    text = headers_file("assets/engine")
    assert f"/assets/engine/*\n  Content-Security-Policy: {WORKER_POLICY}\n" in text
    for directive in ("script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "connect-src 'self'"):
        assert directive in WORKER_POLICY
    assert "unsafe-eval'" not in WORKER_POLICY.replace("'wasm-unsafe-eval'", "")
