"""The engine's protocol: the names Python declares are the names the browser code uses, and no others."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calculators.protocol import MANIFEST, EngineFile, EngineState, Message, PageFile, manifest, manifest_module
from site_ext.engine_assets import ENGINE_SCRIPTS, ENGINE_SCRIPTS_DIR, PYODIDE_FILES

BROWSER_CODE = sorted(path for path in ENGINE_SCRIPTS_DIR.iterdir() if path.suffix in {".js", ".mjs"})


def references(group: str) -> set[str]:
    """Every ``GROUP.name`` the browser code reads from the manifest."""
    return {name for path in BROWSER_CODE for name in re.findall(rf"\b{group}\.(\w+)", path.read_text("utf-8"))}


def string_literals() -> set[str]:
    """Every quoted string in the browser code, imports included."""
    found: set[str] = set()
    for path in BROWSER_CODE:
        found |= set(re.findall(r"""["'`]([^"'`\n$]*)["'`]""", path.read_text("utf-8")))
    return found


@pytest.mark.parametrize("group", ["STATE", "MESSAGE", "FILE"])
def test_the_browser_code_uses_exactly_the_declared_names(group: str) -> None:
    """A name the JavaScript reads that Python does not declare fails, and so does one declared but unused."""
    assert references(group) == set(manifest()[group])


def test_no_declared_value_is_written_out_in_the_browser_code() -> None:
    """Message types, states and file names come from the manifest, never from a literal of their own."""
    declared = {item.value for group in (EngineState, Message, EngineFile, PageFile) for item in group}
    assert declared & string_literals() == set()
    # The manifest's own name is the one literal: the scripts import it by name.
    assert f"./{MANIFEST}" in string_literals()


def test_manifest_module_is_what_python_declares() -> None:
    """The generated module holds the declaration, value for value."""
    exported = dict(re.findall(r"export const (\w+) = Object\.freeze\((.*)\);", manifest_module()))
    assert {name: json.loads(value) for name, value in exported.items()} == manifest()
    assert set(manifest()["STATE"].values()) == {state.value for state in EngineState}


def test_every_declared_file_exists_where_the_build_takes_it_from() -> None:
    """Each file name names a browser script in site_ext/engine/, a Pyodide file or a built artefact."""
    built = {
        EngineFile.WHEEL.value,
        EngineFile.SNAPSHOT.value,
        EngineFile.SNAPSHOT_TRIMMED.value,
        EngineFile.SNAPSHOT_STDLIB.value,
        EngineFile.PYODIDE_WASM_ZSTD.value,
        EngineFile.PYODIDE_WASM_TRIMMED.value,
        EngineFile.ZSTD_DECODER.value,
    }
    for file in (*EngineFile, *PageFile):
        assert file.value in (*ENGINE_SCRIPTS, *PYODIDE_FILES, *built), file
    for name in ENGINE_SCRIPTS:
        assert (ENGINE_SCRIPTS_DIR / name).is_file(), name


def test_the_entry_point_exists() -> None:
    """The worker's entry module and function are importable under the declared names."""
    import importlib

    entry = manifest()["ENTRY"]
    module = importlib.import_module(entry["module"])
    assert callable(getattr(module, entry["function"]))


def test_a_stray_literal_would_be_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks see a message type written out, and a name the manifest lacks (they can fail)."""
    stray = tmp_path / "stray.js"
    stray.write_text('worker.postMessage({ type: "update" }); use(FILE.missing);')
    monkeypatch.setitem(globals(), "BROWSER_CODE", [stray])
    assert "update" in string_literals()
    assert references("FILE") == {"missing"}
