"""The per-page Content-Security-Policy."""

import base64
import hashlib

import pytest

from site_ext.csp import CspError, add_policy, inline_script_hashes, policy


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
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
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
