"""The calculator fence as a plain Python-Markdown extension, and its errors in a strict MkDocs build."""

from __future__ import annotations

import logging
import re
import textwrap
from pathlib import Path

import markdown
import pytest

from site_ext.calculator_fence import fence_format
from tests.conftest import ROOT, build_site


def convert(text: str, lang: str = "en", source: str = "docs/en/page.md") -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences", "site_ext.calculator_fence"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [{"name": "calculator", "class": "calculator", "format": fence_format}]
            },
            "site_ext.calculator_fence": {"lang": lang, "source": source},
        },
    )
    return md.convert(textwrap.dedent(text))


def test_renders_without_mkdocs_in_the_page_language() -> None:
    """Python-Markdown alone renders the form, with presets typed in Danish."""
    html = convert(
        """
        # Side

        ```calculator
        cost-per-conversion
        agency_fee: 60.000
        visitors: 12.000
        ```
        """,
        lang="da",
    )
    assert 'data-calculator="cost-per-conversion" data-lang="da"' in html
    assert 'name="agency_fee"' in html
    assert 'value="60.000"' in html
    assert 'data-output="total_cost" data-value="100000.0"' in html


def test_two_blocks_get_distinct_ids() -> None:
    """Control ids stay unique when a page embeds the same calculator twice."""
    html = convert("```calculator\nnps\n```\n\n```calculator\nnps\n```\n")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("npx", 4, "unknown calculator 'npx'"),
        ("nps\npromoters: 10\nfans: 3", 6, "nps has no input 'fans'"),
        ("nps\npassives: 1.5", 5, "invalid preset — passives: Passives must be a whole number"),
        ("nps\npromoters 3", 5, "expected 'name: value'"),
        ("nps\npromoters: 0\npassives: 0\ndetractors: 0", 4, "Enter at least one response"),
    ],
)
def test_bad_blocks_are_reported_with_page_and_line(
    caplog: pytest.LogCaptureFixture, block: str, line: int, message: str
) -> None:
    """Each mistake is logged with the page and the line, and shown in place of the form."""
    with caplog.at_level(logging.WARNING, logger="calculators.markdown"):
        html = convert(f"# Title\n\n```calculator\n{block}\n```\n")
    assert 'class="calculator-error"' in html
    assert len(caplog.records) == 1
    assert caplog.records[0].getMessage().startswith(f"docs/en/page.md:{line}: calculator block: ")
    assert message in caplog.records[0].getMessage()


@pytest.mark.site
def test_strict_build_fails_on_a_bad_block(tmp_path: Path) -> None:
    """Mkdocs build --strict stops and names the page and line of the bad preset."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nText.\n\n```calculator\nnps\npromoters: many\n```\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""
            site_name: Test
            docs_dir: {docs}
            hooks: [{ROOT / "site_ext" / "mkdocs_hooks.py"}]
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: calculator
                      class: calculator
                      format: !!python/name:site_ext.calculator_fence.fence_format
              - site_ext.calculator_fence
            """
        )
    )
    result = build_site(tmp_path / "site", config)
    assert result.returncode != 0
    assert "docs/index.md:7: calculator block: invalid preset — promoters: Promoters must be a number" in result.stderr


@pytest.mark.parametrize(
    ("source", "offset", "field"),
    [
        ("npx", 0, None),
        ("nps\npromoters: 10\nfans: 3", 2, "fans"),
        ("nps\n\npassives: 1.5", 2, "passives"),
        ("nps\npromoters: 1\npromoters: 2", 2, "promoters"),
        ("nps\npromoters: 0\npassives: 0\ndetractors: 0", 0, None),
    ],
)
def test_errors_carry_their_field_and_line_as_values(source: str, offset: int, field: str | None) -> None:
    """The fence's error names the input and its line within the block as attributes: no message is parsed back."""
    from site_ext.calculator_fence import CalculatorFenceError, _render

    with pytest.raises(CalculatorFenceError) as caught:
        _render(source, "en", "f-{}")
    assert (caught.value.offset, caught.value.field) == (offset, field)
