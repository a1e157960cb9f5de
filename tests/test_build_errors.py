"""Careless or hostile edits fail the strict build with a message that names the file and the line.

Each case builds a small site with this project's hooks, Markdown extensions and theme.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site

pytestmark = pytest.mark.site

CONFIG = """
site_name: Test
docs_dir: {docs}
hooks: [{hooks}]
theme:
  name: material
  language: en
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: calculator
          class: calculator
          format: !!python/name:site_ext.calculator_fence.fence_format
  - site_ext.calculator_fence
"""

I18N = """
plugins:
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      reconfigure_search: false
      languages:
        - locale: en
          name: English
          default: true
          build: true
        - locale: da
          name: Dansk
          build: true
        - locale: is
          name: Íslenska
          build: true
nav:
  - index.md
"""


def run_build(tmp_path: Path, pages: dict[str, str], extra: str = "") -> subprocess.CompletedProcess[str]:
    """Strict-build ``pages`` (path under docs/ -> Markdown) as a small site of their own."""
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG.format(docs=docs, hooks=ROOT / "site_ext" / "mkdocs_hooks.py") + extra, "utf-8")
    return build_site(tmp_path / "site", config)


def build(tmp_path: Path, pages: dict[str, str], extra: str = "") -> str:
    """Build ``pages``; the build must fail; returns its log."""
    result = run_build(tmp_path, pages, extra)
    assert result.returncode != 0, "the strict build passed"
    return result.stderr


#: Inline code in a page's Markdown, however it is written: (Markdown, its offending line, what).
INLINE_CODE = {
    "script": ("<script>alert(1)</script>", 0, "inline script"),
    "script-uppercase": ("<SCRIPT>alert(1)</SCRIPT>", 0, "inline script"),
    "script-module": ('<script type="module">alert(1)</script>', 0, "inline script"),
    "script-in-html-block": ('<div markdown="1">\n\n<script >alert(1)</script >\n\n</div>', 2, "inline script"),
    "img-slash-onerror": ("<img/onerror=alert(1) src=x>", 0, "inline event handler onerror"),
    "uppercase-handler": ("<IMG SRC=x ONERROR=alert(1)>", 0, "inline event handler onerror"),
    "handler-on-new-lines": ('<img\nsrc="x"\nonerror\n=\n"alert(1)">', 2, "inline event handler onerror"),
    "spaces-around-equals": ('<img src=x onerror = "alert(1)">', 0, "inline event handler onerror"),
    "svg-handler": ('<svg><a href="#" onclick="alert(1)">x</a></svg>', 0, "inline event handler onclick"),
    "attr-list-handler": ('Click me\n{: onclick="alert(1)" }', 1, "inline event handler onclick"),
    "javascript-url": ('<a href="javascript:alert(1)">x</a>', 0, "javascript: URL in href"),
    "base": ('<base href="https://example.com/">', 0, "<base> element"),
    "base-uppercase": ("<BASE/href=//example.com/>", 0, "<base> element"),
}


@pytest.mark.parametrize("case", list(INLINE_CODE))
def test_inline_code_in_a_page_fails_the_build_naming_file_and_line(tmp_path: Path, case: str) -> None:
    """No inline script, handler, javascript: URL or <base> gets into a page, however written."""
    markup, offending, what = INLINE_CODE[case]
    lines = ["---", "title: Page", "---", "# Page", "", "Some text.", "", "```html", "<script>shown as code</script>"]
    lines += ["```", "", markup, ""]
    log = build(tmp_path, {"index.md": "\n".join(lines)})
    assert f"docs/index.md:{lines.index(markup) + 1 + offending}: {what}" in log


def test_theme_scripts_are_hashed_and_a_clean_page_builds(tmp_path: Path) -> None:
    """A page whose Markdown only shows a script as code builds; code blocks are not inline code."""
    result = run_build(
        tmp_path, {"index.md": "# Page\n\n```html\n<script>x()</script>\n<img onerror=x>\n```\n\n`<base>`\n"}
    )
    assert result.returncode == 0, result.stderr
    headers = (tmp_path / "site" / "_headers").read_text()
    assert (
        "/assets/engine/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
        in headers
    )


#: Calculator blocks written carelessly: (Markdown after "# Page\n\n", line, message).
FENCES = {
    "empty": ("```calculator\n```\n", 3, "the block is empty"),
    "empty-tilde": ("~~~calculator\n~~~\n", 3, "the block is empty"),
    "tilde": ("~~~calculator\nnps\npromoters: many\n~~~\n", 5, "invalid preset — promoters: Promoters must be"),
    "misspelled": (
        "```calculater\nnps\n```\n",
        3,
        "a code block named 'calculater' starts with the calculator id 'nps'",
    ),
    "capitalised": ("```Calculator\nnps\n```\n", 3, "a code block named 'Calculator'"),
    "unnamed": ("Text.\n\n```\ncost-comparison\nfte: 2\n```\n", 5, "a code block named '(nothing)'"),
    "second-of-two": (
        "```calculator\nnps\n```\n\n```calculator\nnps\npassives: x\n```\n",
        9,
        "invalid preset — passives:",
    ),
}


@pytest.mark.parametrize("case", list(FENCES))
def test_careless_calculator_blocks_fail_the_build_naming_file_and_line(tmp_path: Path, case: str) -> None:
    """Empty, tilde, misspelled and unnamed calculator blocks are reported at their line."""
    markdown, line, message = FENCES[case]
    log = build(tmp_path, {"index.md": "# Page\n\n" + markdown})
    assert f"docs/index.md:{line}: calculator block: {message}" in log


def test_a_misspelled_fence_of_ordinary_code_is_left_alone(tmp_path: Path) -> None:
    """A code block whose first line is no calculator id is just code."""
    result = run_build(tmp_path, {"index.md": "# Page\n\n```calc\n1 + 1\n```\n\n```text\nnps\n```\n"})
    assert result.returncode == 0, result.stderr


def test_a_page_missing_in_some_languages_fails_the_build(tmp_path: Path) -> None:
    """A page in only some languages fails even outside the navigation, naming the file and languages."""
    pages = {f"{lang}/index.md": f"# Home {lang}\n" for lang in ("en", "da", "is")}
    pages["en/extra.md"] = "# Extra\n"
    pages["da/guide/deep.md"] = "# Dyb\n"
    log = build(tmp_path, pages, I18N)
    assert "docs/en/extra.md: this page is missing in da, is: add docs/da/extra.md, docs/is/extra.md" in log
    assert (
        "docs/da/guide/deep.md: this page is missing in en, is: add docs/en/guide/deep.md, docs/is/guide/deep.md" in log
    )


def test_errors_on_a_translated_page_are_in_english_then_the_page_language(tmp_path: Path) -> None:
    """A contributor who reads no Icelandic learns what is wrong; the Icelandic message follows."""
    pages = {f"{lang}/index.md": f"# Home {lang}\n" for lang in ("en", "da")}
    pages["is/index.md"] = "# Heim\n\n```calculator\nnps\npromoters: 12.5\npassives: mörg\n```\n"
    log = build(tmp_path, pages, I18N)
    assert (
        "docs/is/index.md:5: calculator block: invalid preset — promoters: Promoters: a separator is in the wrong "
        "place. On this page “,” is the decimal sign and “.” separates thousands, followed by exactly three digits. "
        "[is: Meðmælendur: notaðu kommu sem tugabrotskommu." in log
    )
    assert "passives: Passives must be a number from 0 to 1.000.000.000.000, for example 1.200. [is: " in log
