"""MkDocs hooks: the thin glue between MkDocs and the portable pieces in site_ext.

- per page, tell the calculator fence the page's language and file;
- build the calculators wheel once and copy the engine's files into the site;
- add each page's Content-Security-Policy.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from site_ext import csp, engine_assets

FENCE_EXTENSION = "site_ext.calculator_fence"
LOGGER = "mkdocs.plugins.calculators"
_engine: dict[str, Path] = {}
_serving = {"live_reload": False}
log = logging.getLogger(LOGGER)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether ``mkdocs serve`` injects its live-reload script."""
    _serving["live_reload"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check the pinned Pyodide, build the wheel and its snapshot (once per digest of the source)."""
    try:
        engine_assets.pyodide_version()
        _engine["wheel"] = engine_assets.build_wheel(engine_assets.ROOT / ".cache" / "wheel")
        _engine["snapshot"] = engine_assets.build_snapshot(_engine["wheel"])
    except engine_assets.EngineAssetError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    """Configure the calculator fence for this page: its language, file and front-matter offset."""
    source = page.file.content_string if page.file.abs_src_path else markdown
    offset = max(len(source.splitlines()) - len(markdown.splitlines()), 0)
    # Material and static-i18n set the theme language per language build; plain themes have none.
    lang = config.theme.get("language", "en")
    config.mdx_configs[FENCE_EXTENSION] = {
        "lang": lang,
        "source": f"docs/{page.file.src_uri}",
        "line_offset": offset,
        "logger": LOGGER,
    }
    return markdown


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Declare the page's Content-Security-Policy."""
    try:
        return csp.add_policy(output, live_reload=_serving["live_reload"])
    except csp.CspError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from None


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Declare the policy on pages built from templates alone (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    return csp.add_policy(output_content, live_reload=_serving["live_reload"])


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the Pyodide runtime, the wheel and the snapshot into the site (every language shares them)."""
    engine_assets.copy_engine(Path(config.site_dir), _engine["wheel"], _engine["snapshot"])
