"""The same calculators in CPython and in the pinned Pyodide (under Node) give the same JSON."""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators import CALCULATORS, LANGUAGES, InputKind
from calculators.cli import main
from calculators.languages import get_locale
from site_ext.engine_assets import build_wheel
from tests.conftest import ROOT

pytestmark = pytest.mark.node
CASES_PER_CALCULATOR = 200


def typed_number(rng: random.Random, lang: str, whole: bool, high: float) -> str:
    """A number as someone might type it in ``lang``: grouped or not, sometimes out of range."""
    if rng.random() < 0.9:
        value = rng.choice([rng.uniform(0, high), rng.uniform(0, 10), 0, high])
    else:  # out of range
        value = rng.choice([high * 1.5, -rng.uniform(0.5, 5)])
    if whole:
        value = round(value)
    text = f"{value:,.{0 if whole else rng.choice([0, 1, 2, 4])}f}"
    fmt = get_locale(lang)
    group = rng.choice(fmt.typed_groups) if rng.random() < 0.5 else ""
    return text.replace(",", "\0").replace(".", fmt.decimal).replace("\0", group)


def generate_cases(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    cases = []
    for calc in CALCULATORS.values():
        for _ in range(CASES_PER_CALCULATOR):
            lang = rng.choice(LANGUAGES)
            args = ["run", calc.id, "--lang", lang, "--format", "json"]
            for spec in calc.inputs:
                if rng.random() < 0.3:
                    continue
                if spec.kind is InputKind.CURRENCY:
                    value = rng.choice(
                        ["DKK", "SEK", "ISK", "EUR", "USD", "usd", "GBP" if rng.random() < 0.2 else "DKK"]
                    )
                elif rng.random() < 0.03:
                    value = rng.choice(["", "abc", "nan", "inf", "1e5", "12.5", "12,5", "1 23", "%"])
                else:
                    value = typed_number(rng, lang, spec.whole, min(spec.maximum, 250_000))
                    if spec.kind is InputKind.PERCENT and rng.random() < 0.3:
                        value += rng.choice(["%", " %"])
                args.append(f"{spec.name}={value}")
            cases.append(args)
    return cases


def cpython_cli(args: list[str]) -> dict[str, object]:
    """The CLI's own main() in this process, as the Node harness runs it in Pyodide."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(args)
    return {"code": code, "stdout": out.getvalue()}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is required for the Pyodide parity test")
def test_cli_json_is_identical_in_pyodide(tmp_path: Path) -> None:
    """At least 200 generated cases per calculator: same exit code, same JSON, byte for byte."""
    cases = generate_cases(seed=20261122)
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    wheel = build_wheel(ROOT / ".cache" / "wheel")
    node = subprocess.run(
        ["node", str(ROOT / "tests" / "node" / "parity.mjs"), str(wheel), str(cases_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert node.returncode == 0, node.stderr[-3000:]
    in_pyodide = json.loads(node.stdout)
    assert in_pyodide["python"].startswith("3.14"), in_pyodide["python"]
    in_cpython = [cpython_cli(case) for case in cases]
    assert len(in_pyodide["results"]) == len(cases) >= CASES_PER_CALCULATOR * len(CALCULATORS)
    mismatches = [
        (case, ours, theirs)
        for case, ours, theirs in zip(cases, in_cpython, in_pyodide["results"], strict=True)
        if ours != theirs
    ]
    assert mismatches == []
    valid = sum(1 for result in in_cpython if result["code"] == 0)
    assert valid > len(cases) * 0.3, "too few valid cases to compare outputs"
