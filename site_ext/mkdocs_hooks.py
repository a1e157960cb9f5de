"""MkDocs hooks: the thin glue between MkDocs and the portable pieces in site_ext.

- per page, tell the calculator fence the page's language and file, and append the
  language's abbreviations;
- build the calculators wheel once and copy the engine's files into the site, in a folder
  named by their digest, and link each page to the controller and stylesheet in it;
- refuse inline code in a page's content and add each page's Content-Security-Policy; write the
  ``_headers`` file with the workers' policy;
- refuse a page that exists in only some languages;
- give each language its own search index;
- drop Material's palette rule that restyles the whole page at start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from site_ext import abbreviations, csp, engine_assets, material_palette, search_index

FENCE_EXTENSION = "site_ext.calculator_fence"
LOGGER = "mkdocs.plugins.calculators"
_engine: dict[str, Any] = {}
_serving = {"live_reload": False}
log = logging.getLogger(LOGGER)


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether ``mkdocs serve`` injects its live-reload script."""
    _serving["live_reload"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check every page exists in every language; check the pinned Pyodide, build the wheel and its snapshot."""
    i18n = _i18n(config)
    if i18n and not i18n["building"]:
        for message in missing_translations(Path(config.docs_dir), i18n["languages"]):
            log.warning(message)  # fails the strict build
    try:
        engine_assets.pyodide_version()
        _engine["wheel"] = engine_assets.build_wheel(engine_assets.ROOT / ".cache" / "wheel")
        _engine["snapshot"] = engine_assets.build_snapshot(_engine["wheel"])
        _engine["version"] = engine_assets.engine_version(_engine["wheel"], _engine["snapshot"])
    except engine_assets.EngineAssetError as error:
        raise PluginError(str(error)) from None
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    """Configure the calculator fence for this page (language, file, front-matter offset); add its abbreviations."""
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
    return abbreviations.append(markdown, lang)


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    """Refuse inline scripts, inline event handlers, ``javascript:`` URLs and ``<base>`` in a page's content."""
    source = page.file.content_string if page.file.abs_src_path else (page.markdown or "")
    messages = csp.content_offences(html, source, f"docs/{page.file.src_uri}")
    if messages:
        raise PluginError("\n".join(messages))
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Point the page at its language's search index and this build's engine; declare its policy."""
    i18n = _i18n(config)
    lang = config.theme.get("language", "en")
    output = search_index.configure_page(output, lang if i18n and lang != i18n["default"] else None)
    if FENCE_EXTENSION in config.markdown_extensions:  # a site without the fence has no calculators
        folder = f"{engine_assets.ENGINE_DIR}/{_engine['version']}/"
        output = engine_assets.link_engine(output, get_relative_url(folder, page.url).rstrip("/") + "/")
    try:
        return csp.add_policy(output, live_reload=_serving["live_reload"])
    except csp.CspError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from None


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Link this build's engine and declare the policy on pages built from templates alone (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    # A page from a template alone (404.html) is served at any depth: its links start at the root.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    output_content = engine_assets.link_engine(
        output_content, f"{root}{engine_assets.ENGINE_DIR}/{_engine['version']}/"
    )
    return csp.add_policy(output_content, live_reload=_serving["live_reload"])


@event_priority(-110)  # after static-i18n's own post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    """Copy the engine, split the search index by language, drop the palette's switching rule."""
    engine_assets.copy_engine(Path(config.site_dir), _engine["wheel"], _engine["snapshot"], _engine["version"])
    (Path(config.site_dir) / "_headers").write_text(csp.headers_file(engine_assets.ENGINE_DIR), "utf-8")
    i18n = _i18n(config)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    # static-i18n builds the other languages inside its own post_build and merges their search
    # entries at its end: only the outermost call, after that, sees the merged index.
    if i18n and search and not i18n["building"]:
        search_index.split(Path(config.site_dir), i18n["default"], i18n["languages"], search.config.pipeline or [])
    if not (i18n and i18n["building"]):  # once, after every language: the theme's assets are shared
        try:
            material_palette.drop_switching_rule(Path(config.site_dir))
        except material_palette.PaletteRuleError as error:
            raise PluginError(str(error)) from None


def missing_translations(docs: Path, languages: list[str]) -> list[str]:
    """One message per page that some languages lack, naming the file and those languages.

    Pages in ``docs/<lang>/`` must exist under the same name in every language, whether or not
    the navigation lists them (the build never falls back to another language).
    """
    pages = {lang: {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")} for lang in languages}
    messages = []
    for name in sorted(set().union(*pages.values())):
        missing = [lang for lang in languages if name not in pages[lang]]
        if missing:
            present = next(lang for lang in languages if lang not in missing)
            expected = ", ".join(f"docs/{lang}/{name}" for lang in missing)
            messages.append(
                f"docs/{present}/{name}: this page is missing in {', '.join(missing)}: "
                f"add {expected} (every page exists in every language)"
            )
    return messages


def _i18n(config: MkDocsConfig) -> dict[str, Any] | None:
    """The static-i18n settings this glue needs, or None on a single-language site."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return None
    languages = [language.locale for language in plugin.config.languages if language.build]
    default = next(language.locale for language in plugin.config.languages if language.default)
    return {"default": default, "languages": languages, "building": getattr(plugin, "building", False)}
