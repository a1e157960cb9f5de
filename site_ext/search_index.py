"""Search that works for each language: its own index, stemmed where Material has a stemmer.

mkdocs-static-i18n merges every language into the single ``search/search_index.json`` that
Material loads on every page: a Danish reader got English, Swedish and Icelandic hits, and
every page parsed four languages' worth of index on the main thread. Material finds the index
at ``search/search_index.json`` under the ``base`` of the page's ``__config``, so each language
gets its own index (and sitemap) under its folder and its pages get that folder as ``base``.

Stemming follows what Material ships: a language with a lunr stemmer file in the theme is
stemmed with the configured pipeline; a language without one (Icelandic) is searched unstemmed,
with no English stop words and no trimmer (lunr's English trimmer would cut letters like þ and ð).
Pages also get a small search worker that finds whole stemmed words (see search-stemmed.js).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def search_settings(lang: str, pipeline: list[str], lunr_dir: Path) -> dict[str, list[str]]:
    """The ``lang`` and ``pipeline`` of the index for ``lang``, given Material's lunr files."""
    if lang == "en" or (lunr_dir / f"lunr.{lang}.min.js").exists():
        return {"lang": [lang], "pipeline": pipeline}
    return {"lang": ["en"], "pipeline": []}


def split(site_dir: Path, default: str, languages: Iterable[str], pipeline: list[str]) -> bool:
    """Write ``<lang>/search/search_index.json`` per language from the merged index.

    The default language keeps ``search/search_index.json``. Returns False (and leaves the
    files alone) when there is no merged index to split, e.g. on an already split site.
    """
    merged_file = site_dir / "search" / "search_index.json"
    merged = json.loads(merged_file.read_text("utf-8"))
    others = [lang for lang in languages if lang != default]
    if not any(doc["location"].startswith(f"{lang}/") for doc in merged["docs"] for lang in others):
        return False
    lunr_dir = site_dir / "assets" / "javascripts" / "lunr" / "min"
    for lang in [default, *others]:
        if lang == default:
            docs = [doc for doc in merged["docs"] if not doc["location"].startswith(tuple(f"{o}/" for o in others))]
            target = merged_file
        else:
            prefix = f"{lang}/"
            docs = [
                {**doc, "location": doc["location"][len(prefix) :]}
                for doc in merged["docs"]
                if doc["location"].startswith(prefix)
            ]
            target = site_dir / lang / "search" / "search_index.json"
        config = {**merged["config"], **search_settings(lang, pipeline, lunr_dir)}
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False), "utf-8")
    _split_sitemap(site_dir, others)
    return True


def _split_sitemap(site_dir: Path, languages: list[str]) -> None:
    """Give each language folder the sitemap Material looks for under its ``base``."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text("utf-8")
    head, _, rest = text.partition("<url>")
    entries = ["<url>" + entry for entry in rest.split("<url>")] if rest else []
    tail = "</urlset>"
    for lang in languages:
        mine = [entry.replace(tail, "") for entry in entries if re.search(rf"<loc>[^<]*/{lang}/", entry)]
        (site_dir / lang / "sitemap.xml").write_text(head + "".join(mine).rstrip() + f"\n{tail}\n", "utf-8")


STEMMED_WORKER = "search-stemmed.js"


def configure_page(html: str, lang: str | None) -> str:
    """Point a page's ``__config`` at its language's index and at the whole-word search worker.

    ``lang`` is the page's language folder (None for the default language at the root).
    The worker (docs/assets/javascripts/workers/search-stemmed.js) loads Material's own.
    """

    def rewrite(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        if lang:
            config["base"] = f"{config['base'].rstrip('/')}/{lang}/"
        folder, _, material = config["search"].rpartition("/")
        config["search"] = f"{folder}/{STEMMED_WORKER}?material={material}"
        # Escaped like Jinja's tojson, so the JSON can never end the script element early.
        return match.group(1) + json.dumps(config).replace("<", "\\u003c") + match.group(3)

    return _CONFIG.sub(rewrite, html, count=1)
