"""MkDocs hooks: the thin glue between MkDocs and the portable pieces in site_ext.

- per page, tell the calculator fence the page's language and file, and append the
  language's abbreviations;
- build the calculators wheel once and copy the engine's files into the site, in a folder
  named by their digest, and link each page to the controller and stylesheet in it;
- refuse inline code in a page's content and add each page's Content-Security-Policy; write the
  ``_headers`` file with the workers' policy;
- refuse a page that exists in only some languages;
- give each language its own search index;
- blank two lines of Material's assets: the palette rule that restyles the whole page at
  start-up, and the language selector's sitemap fetches (``site_ext/material_patches.py``);
- absolute hreflang links with ``x-default`` (site_ext/hreflang.py); one 404 page in every
  language (site_ext/not_found.py); a banner when a build has no SITE_URL;
- give each page its "last updated" date from git (site_ext/git_dates.py) and a notice on a
  translation whose English page changed since it was stamped (site_ext/translations.py);
- under ``mkdocs serve``, say loudly that a failed rebuild leaves the last good build served.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from site_ext import (
    abbreviations,
    csp,
    engine_assets,
    git_dates,
    hreflang,
    material_patches,
    not_found,
    search_index,
    translations,
)

FENCE_EXTENSION = "site_ext.calculator_fence"
LOGGER = "mkdocs.plugins.calculators"
_engine: dict[str, Any] = {}
_serving: dict[str, Any] = {"live_reload": False, "command": ""}
_not_found: dict[str, str] = {}
log = logging.getLogger(LOGGER)
# Outside MkDocs' "mkdocs" logger hierarchy: these warnings are shown (as NOTICE) but never counted by
# --strict (an outdated translation or a shallow clone must not fail a build).
notice_log = logging.getLogger("site_ext.notices")
_pages: dict[str, Any] = {"outdated": {}}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether ``mkdocs serve`` injects its live-reload script."""
    _serving["live_reload"] = command == "serve"
    _serving["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Check every page exists in every language; check the pinned Pyodide, build the wheel and its snapshot."""
    _serving["reported"] = False  # a new build (or one language's): its failure gets a banner
    i18n = _i18n(config)
    if i18n and not i18n["building"]:
        for message in missing_translations(Path(config.docs_dir), i18n["languages"]):
            log.warning(message)  # fails the strict build
    _warn_without_site_url(config.site_url or "")
    try:
        engine_assets.pyodide_version()
        _engine["wheel"] = engine_assets.build_wheel(engine_assets.ROOT / ".cache" / "wheel")
        _engine["snapshot"] = engine_assets.build_snapshot(_engine["wheel"])
        _engine["version"] = engine_assets.engine_version(_engine["wheel"], _engine["snapshot"])
    except engine_assets.EngineAssetError as error:
        raise PluginError(str(error)) from None
    if "dates" not in _pages:  # once: static-i18n runs this again for each language
        _pages["dates"] = git_dates.GitDates(Path(config.config_file_path).resolve().parent)
        if problem := _pages["dates"].history_problem():
            notice_log.warning("NOTICE  -  %s", problem)
        _pages["dates"].prefetch(Path(config.docs_dir).rglob("*.md"))
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
    _page_status(page, config, lang)
    return abbreviations.append(markdown, lang)


def _page_status(page: Page, config: MkDocsConfig, lang: str) -> None:
    """The page's last-updated date for the template; a translation behind its English page noted."""
    if not page.file.abs_src_path:
        return
    page.meta["last_updated"] = git_dates.last_updated(_pages["dates"], Path(page.file.abs_src_path), lang)
    folder, _, rest = page.file.src_uri.partition("/")
    docs = Path(config.docs_dir)
    if folder == lang and lang != translations.SOURCE and (docs / translations.SOURCE / rest).exists():
        if translations.page_state(docs, lang, rest) == "outdated":
            _pages["outdated"][page.file.src_uri] = True
            notice_log.warning(
                "NOTICE  -  docs/%s: docs/%s/%s has changed since this translation was stamped "
                "(update it, then `python -m site_ext.translations stamp docs/%s`)",
                page.file.src_uri,
                translations.SOURCE,
                rest,
                page.file.src_uri,
            )
        else:
            _pages["outdated"].pop(page.file.src_uri, None)


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    """Refuse inline code in a page's content (see csp); show the notice on a translation behind its English page.

    Refused: inline scripts, inline event handlers, ``javascript:`` URLs and ``<base>``. The
    localized notice goes under the title.
    """
    source = page.file.content_string if page.file.abs_src_path else (page.markdown or "")
    messages = csp.content_offences(html, source, f"docs/{page.file.src_uri}")
    if messages:
        raise PluginError("\n".join(messages))
    if page.file.src_uri not in _pages["outdated"]:
        return html
    lang = config.theme.get("language", "en")
    english_url = page.url.removeprefix(f"{lang}/")
    notice = translations.outdated_notice(lang, get_relative_url(english_url, page.url))
    head, found, tail = html.partition("</h1>")
    return head + found + notice + tail if found else notice + html


def on_build_error(error: Exception, **kwargs: Any) -> None:
    """Under ``mkdocs serve``, a banner: the browser keeps showing the last good build until this is fixed."""
    _pages.pop("dates", None)
    # A language built inside static-i18n's post_build reports its error, then the outer build
    # reports its own: one banner per failed build.
    if not _serving["live_reload"] or _serving.get("reported"):
        return
    _serving["reported"] = True
    rule = "=" * 78
    if _serving.get("built"):
        advice = (
            "  The browser still shows the LAST GOOD BUILD and will not reload until the build passes.\n"
            "  Fix the error reported above and save: the site rebuilds by itself.\n"
        )
    else:
        advice = "  Nothing is served yet: fix the error reported above and run `make serve` again.\n"
    sys.stderr.write(f"\n{rule}\n  BUILD FAILED: {error}\n{advice}{rule}\n\n")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Point the page at its language's search index and this build's engine; declare its policy."""
    i18n = _i18n(config)
    lang = config.theme.get("language", "en")
    output = search_index.configure_page(output, lang if i18n and lang != i18n["default"] else None)
    if FENCE_EXTENSION in config.markdown_extensions:  # a site without the fence has no calculators
        folder = f"{engine_assets.ENGINE_DIR}/{_engine['version']}/"
        output = engine_assets.link_engine(output, get_relative_url(folder, page.url).rstrip("/") + "/")
    if i18n and config.site_url:
        output = hreflang.absolute_alternates(output, page.canonical_url or config.site_url, i18n["default"])
    try:
        return csp.add_policy(output, live_reload=_serving["live_reload"])
    except csp.CspError as error:
        raise PluginError(f"docs/{page.file.src_uri}: {error}") from None


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Link this build's engine and declare the policy on pages built from templates alone (404.html).

    static-i18n renders 404.html once per language into the same file; the default language's
    copy, which speaks every language, is kept and written back after the last language.
    """
    if not template_name.endswith(".html"):
        return output_content
    # A page from a template alone (404.html) is served at any depth: its links start at the root.
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    output_content = engine_assets.link_engine(
        output_content, f"{root}{engine_assets.ENGINE_DIR}/{_engine['version']}/"
    )
    output_content = csp.add_policy(output_content, live_reload=_serving["live_reload"])
    i18n = _i18n(config)
    if template_name == "404.html" and (i18n is None or config.theme.get("language") == i18n["default"]):
        languages = i18n["languages"] if i18n else [config.theme.get("language", "en")]
        default = i18n["default"] if i18n else languages[0]
        _not_found["html"] = output_content = not_found.fill(output_content, languages, default, config.site_url or "")
    return output_content


@event_priority(-110)  # after static-i18n's own post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    """Copy the engine, split the search index by language, patch Material's assets."""
    engine_assets.copy_engine(Path(config.site_dir), _engine["wheel"], _engine["snapshot"], _engine["version"])
    (Path(config.site_dir) / "_headers").write_text(csp.headers_file(engine_assets.ENGINE_DIR), "utf-8")
    i18n = _i18n(config)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    # static-i18n builds the other languages inside its own post_build and merges their search
    # entries at its end: only the outermost call, after that, sees the merged index.
    if i18n and search and not i18n["building"]:
        search_index.split(Path(config.site_dir), i18n["default"], i18n["languages"], search.config.pipeline or [])
    if not (i18n and i18n["building"]):  # once, after every language: the theme's assets are shared
        _pages.pop("dates", None)  # a rebuild under `mkdocs serve` asks git again
        _serving["built"] = True
        if "html" in _not_found:
            (Path(config.site_dir) / "404.html").write_text(_not_found["html"], encoding="utf-8")
        try:
            material_patches.apply_all(Path(config.site_dir))
        except material_patches.MaterialPatchError as error:
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


SITE_URL_MISSING = """
************************************************************************************************
  SITE_URL is not set: this build's canonical and hreflang URLs point at {url}
  Set it to the address the site is published at before you deploy, for example
      SITE_URL=https://example.org/playbook/ make build
************************************************************************************************
"""


def _warn_without_site_url(site_url: str) -> None:
    """A build without SITE_URL would publish localhost URLs: say so where nobody can miss it.

    Printed, not logged as a warning: ``--strict`` turns warnings into failures, and local and test
    builds rightly have no public address.
    """
    if _serving["command"] in ("build", "gh-deploy") and not os.environ.get("SITE_URL"):
        print(SITE_URL_MISSING.format(url=site_url), file=sys.stderr)


def _i18n(config: MkDocsConfig) -> dict[str, Any] | None:
    """The static-i18n settings this glue needs, or None on a single-language site."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return None
    languages = [language.locale for language in plugin.config.languages if language.build]
    default = next(language.locale for language in plugin.config.languages if language.default)
    return {"default": default, "languages": languages, "building": getattr(plugin, "building", False)}
