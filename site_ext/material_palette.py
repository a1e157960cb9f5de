"""Material's palette stylesheet, without the rule that restyles the whole page at start-up.

While Material's palette component applies the reader's colour scheme (on every page load, not
only on a switch) it marks ``<body>`` with ``data-md-color-switching`` and reads the header's
computed style, then removes the mark. Its stylesheet suspends every transition under that mark
with a rule that matches every element, so each change of the mark invalidates the style of the
whole page and the read forces a recalculation of it, inside Material's start-up task: in
``make bench``'s Lighthouse runs about 20–30 ms of total blocking time on the guide's longest
pages. Without the rule, switching between light and dark lets colour transitions run (at most
a quarter of a second) instead of cutting them.
"""

from __future__ import annotations

from pathlib import Path

#: The rule, as Material's minified palette stylesheet writes it.
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,[data-md-color-switching] :before"
    "{transition-duration:0s!important}"
)
STYLESHEETS = "assets/stylesheets/palette.*.min.css"


class PaletteRuleError(RuntimeError):
    """Material's palette stylesheet is not the one this module knows."""


def drop_switching_rule(site_dir: Path) -> list[Path]:
    """Blank the rule out of the built site's palette stylesheets and return them.

    Spaces of the same length replace it, so that the stylesheet's source map stays right.

    Raises:
        PaletteRuleError: No palette stylesheet holds the rule (Material changed it).
    """
    changed = []
    for path in sorted(site_dir.glob(STYLESHEETS)):
        css = path.read_text("utf-8")
        if SWITCHING_RULE in css:
            path.write_text(css.replace(SWITCHING_RULE, " " * len(SWITCHING_RULE)), "utf-8")
            changed.append(path)
    if not changed:
        raise PaletteRuleError(
            f"no {STYLESHEETS} in the site holds Material's colour-switching rule: "
            "check the new stylesheet and update site_ext/material_palette.py"
        )
    return changed
