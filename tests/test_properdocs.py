"""The second engine: ProperDocs 1.6.7, a maintained fork of MkDocs 1.6.

It builds the same mkdocs.yml into the same pages, with the same pre-rendered calculator outputs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, engine_built

pytestmark = pytest.mark.site

OUTPUT = re.compile(r'<[^>]*\bdata-output="([^"]+)"[^>]*\bdata-value="([^"]*)"')
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("properdocs") / "site"
    engine_built()
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return target


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_properdocs_is_the_pinned_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "--version"], capture_output=True, text=True, check=True
    )
    assert "version 1.6.7" in result.stdout


def test_same_pages(built_site: Path, properdocs_site: Path) -> None:
    """Every page, and every other file of the site, exists in both builds."""
    assert pages(properdocs_site) == pages(built_site)
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    files -= {"build.log", ".run-id"}  # the test fixture's own notes
    assert {p.relative_to(properdocs_site).as_posix() for p in properdocs_site.rglob("*") if p.is_file()} == files


def test_same_calculator_outputs_and_content(built_site: Path, properdocs_site: Path) -> None:
    """The calculators' pre-rendered outputs and each page's article (results markup included) are equal."""
    with_outputs = 0
    for page in pages(built_site):
        ours = (built_site / page).read_text("utf-8")
        theirs = (properdocs_site / page).read_text("utf-8")
        outputs = OUTPUT.findall(ours)
        assert OUTPUT.findall(theirs) == outputs, page
        with_outputs += bool(outputs)
        assert ARTICLE.findall(theirs) == ARTICLE.findall(ours), page
    assert with_outputs >= 16  # the four calculator pages in four languages at least
    # The two builds really are two engines: each names itself in the generator tag (if the theme writes one).
    generator = re.compile(r'<meta name="generator" content="([^"]+)"')
    named = [generator.search((site / "index.html").read_text("utf-8")) for site in (built_site, properdocs_site)]
    if named[0] and named[1]:
        assert "ProperDocs" not in named[0].group(1)
        assert "ProperDocs 1.6.7" in named[1].group(1)
