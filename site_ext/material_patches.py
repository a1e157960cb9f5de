"""Passages of Material's built assets that this site changes, each checked at every build.

- **The palette's switching rule.** While Material's palette component applies the reader's
  colour scheme (on every page load, not only on a switch) it marks ``<body>`` with
  ``data-md-color-switching`` and reads the header's computed style, then removes the mark. Its
  stylesheet suspends every transition under that mark with a rule that matches every element,
  so each change of the mark invalidates the style of the whole page inside Material's start-up
  task: in ``make bench``'s Lighthouse runs about 20–30 ms of total blocking time on the guide's
  longest pages. Without the rule, switching between light and dark lets colour transitions run
  (at most a quarter of a second) instead of cutting them.
- **The colour-scheme meta.** The palette component adds ``<meta name="color-scheme">`` to the
  head and then writes the header's ``color-scheme`` into it. Chromium restyles the whole page
  for each (a "platform colour change"): two whole-page style recalculations in Material's
  start-up task, each as long as the page has elements. The meta only tells the browser which
  scheme the page's canvas and scrollbars take; ``extra.css`` sets it on the root for the dark
  scheme instead, from the palette's own mark on ``<body>``.
- **Rules that restyle the whole page when ``<html>`` changes class.** Material's start swaps
  ``no-js`` for ``js`` on ``<html>`` and its focus-visible polyfill adds a class there too.
  Chromium restyles only the elements a class can affect, except when a selector that depends on
  the changed class ends in a compound without a type, class or id: then it restyles everything
  below. Two table rules (``table:not([class]) td>:first-child`` and ``:last-child``: the
  margins of a block first or last in a table cell; the guide's cells hold text and inline
  elements only, which margins do not move) and the tabbed sets' rule for pages without
  JavaScript (the site has no tabbed sets) are such selectors. Blanked, Material's start
  restyles 58 elements instead of all 629 on the English Calculators page.
- **The alternate-site sitemaps.** Material's language selector treats every
  ``<link rel="alternate">`` as the root of another site: it fetches ``sitemap.xml`` below each
  (four 404s on every page here, where the alternates are the page's own translations, as
  hreflang requires) and steals clicks on links into them to navigate to that root, dropping the
  page and its query. Our selector links already point at the same page in each language, so
  the integration is switched off by a selector that matches nothing.
- **The search index at every page load.** Material fetches the language's search index as a
  page starts and its search worker builds the index from it (lunr, 42 KB of JSON): on 2 cores
  that work runs beside the calculators' engine when a reader types as the page finishes
  loading (a cold start on loopback: 511 ms with it, 495 without, medians of 16). Here the
  index is fetched once the reader focuses the search box (a click, or Material's keyboard shortcut), or at once on a
  page opened from a search result (``?h=``), whose terms Material then highlights. The new text
  uses the pinned bundle's own minified names (``h`` fromEvent, ``Q`` startWith, ``m`` map,
  ``Ee`` take, ``b`` switchMap, ``ze`` its JSON fetch, ``Z`` shareReplay), so the patch names
  that bundle's file: another Material fails the build. It drops the index's ``file:`` variant
  (a site opened from disk), which this site does not support: its engine needs HTTP.

Each replacement has the length of what it replaces, so the assets' source maps stay right. A
Material whose assets no longer hold the exact text fails the build, naming this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Patch:
    """Text in Material's built assets, and what this site writes instead (of the same length)."""

    files: str
    old: str
    new: str

    def __post_init__(self) -> None:
        if len(self.new) != len(self.old):
            raise ValueError(f"a patch of {self.files} must keep the length of {self.old!r}")


SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,[data-md-color-switching] :before"
    "{transition-duration:0s!important}"
)
PALETTE = Patch("assets/stylesheets/palette.*.min.css", SWITCHING_RULE, " " * len(SWITCHING_RULE))
ALTERNATE = Patch("assets/javascripts/bundle.*.min.js", '"link[rel=alternate]"', '"link[rel=x-md-none]"')
SEARCH_INDEX_LOAD = (
    'function ks(){return location.protocol==="file:"?_t(`${new URL("search/search_index.js",Or.base)}`)'
    '.pipe(m(()=>__index),Z(1)):ze(new URL("search/search_index.json",Or.base))}'
)
SEARCH_INDEX_ON_DEMAND = (
    'function ks(){return h(document.forms.search,"focusin").pipe(/[?&]h=/.test(location.search)?Q(0):m(e=>e),'
    'Ee(1),b(()=>ze(new URL("search/search_index.json",Or.base))),Z(1))'
)
SEARCH_INDEX = Patch(
    "assets/javascripts/bundle.a5f9d56c.min.js",
    SEARCH_INDEX_LOAD,
    SEARCH_INDEX_ON_DEMAND.ljust(len(SEARCH_INDEX_LOAD) - 1) + "}",
)
COLOR_SCHEME_META_ADDED = 'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);'
COLOR_SCHEME_META = Patch(
    "assets/javascripts/bundle.a5f9d56c.min.js",
    COLOR_SCHEME_META_ADDED,
    COLOR_SCHEME_META_ADDED.replace("document.head.appendChild(o)", "o".ljust(len("document.head.appendChild(o)"))),
)
TABLE_CELL_MARGINS = (
    ".md-typeset table:not([class]) td>:first-child,.md-typeset table:not([class]) th>:first-child{margin-top:0}"
    ".md-typeset table:not([class]) td>:last-child,.md-typeset table:not([class]) th>:last-child{margin-bottom:0}"
)
# The first tab's label and the nth's, for each of Material's scopes: 20 tabs, in the order its
# minifier sorted them ("first-child", "nth-child(10)" … "nth-child(19)", "nth-child(2)", "nth-child(20)" …).
_TABS = ["first-child", *sorted(f"nth-child({n})" for n in range(2, 21))]
_TABBED_SCOPES = (".md-typeset .no-js", ".md-typeset [role=dialog]", ".no-js .md-typeset", "[role=dialog] .md-typeset")
TABBED_WITHOUT_JS = (
    ",".join(
        f"{scope} .tabbed-set>input:{tab}:checked~.tabbed-labels>:{tab}" for scope in _TABBED_SCOPES for tab in _TABS
    )
    + "{border-color:var(--md-default-fg-color)}"
)
WHOLE_PAGE_RESTYLES = tuple(
    Patch("assets/stylesheets/main.*.min.css", rule, " " * len(rule))
    for rule in (TABLE_CELL_MARGINS, TABBED_WITHOUT_JS)
)
PATCHES = (PALETTE, ALTERNATE, SEARCH_INDEX, COLOR_SCHEME_META, *WHOLE_PAGE_RESTYLES)


class MaterialPatchError(RuntimeError):
    """Material's assets are not the ones this module knows."""


def apply(site_dir: Path, patch: Patch) -> list[Path]:
    """Replace the patch's text in the built site's matching files and return them.

    Raises:
        MaterialPatchError: No matching file holds the text (Material changed it).
    """
    changed = []
    for path in sorted(site_dir.glob(patch.files)):
        text = path.read_text("utf-8")
        if patch.old in text:
            path.write_text(text.replace(patch.old, patch.new), "utf-8")
            changed.append(path)
    if not changed:
        raise MaterialPatchError(
            f"no {patch.files} in the site holds {patch.old[:60]!r}: "
            "check Material's new assets and update site_ext/material_patches.py"
        )
    return changed


def apply_all(site_dir: Path) -> None:
    """Apply every patch to the built site."""
    for patch in PATCHES:
        apply(site_dir, patch)
