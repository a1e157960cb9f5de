"""The engine's files in the built site: one folder per build, named by its content."""

from __future__ import annotations

import concurrent.futures
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
import zstandard

from calculators.protocol import MANIFEST, EngineFile
from site_ext import engine_assets
from tests.conftest import ROOT


@pytest.mark.site
def test_built_site_holds_one_versioned_engine_folder(built_site: Path) -> None:
    """Everything the browser runs sits in assets/engine/<digest>/, and nothing beside it."""
    (folder,) = (built_site / "assets" / "engine").iterdir()
    assert folder.is_dir()
    assert re.fullmatch(r"[0-9a-f]{12}", folder.name)
    expected = {
        *engine_assets.PYODIDE_FILES,
        *engine_assets.ENGINE_SCRIPTS,
        engine_assets.WHEEL_NAME,
        engine_assets.SNAPSHOT_NAME,
        engine_assets.SNAPSHOT_STDLIB_NAME,
        engine_assets.PACKED_WASM_NAME,
        engine_assets.TRIMMED_WASM_NAME,
        engine_assets.TRIMMED_SNAPSHOT_NAME,
        EngineFile.ZSTD_DECODER.value,
        MANIFEST,
    }
    assert {path.name for path in folder.iterdir()} == expected
    # zstddec's wasm (MIT) holds zstd's decoder (BSD-3-Clause): its copy carries both notices.
    sections = wasm_sections((folder / EngineFile.ZSTD_DECODER.value).read_bytes())
    notice = sections[(0, b"license")].decode()
    assert notice.startswith("zstddec 0.3.4 (https://github.com/donmccurdy/zstddec)")
    assert "Copyright (c) 2020 Don McCurdy" in notice
    assert "Copyright (c) 2016-present, Yann Collet, Facebook, Inc." in notice
    exports = sections[(7, b"")]
    for name in (b"ZSTD_createDCtx", b"ZSTD_decompressStream", b"ZSTD_DStreamOutSize", b"malloc", b"free", b"memory"):
        assert name in exports, name


def wasm_sections(module: bytes) -> dict[tuple[int, bytes], bytes]:
    """A WebAssembly module's sections by id and, for custom sections, name (checks the header)."""
    assert module[:8] == b"\0asm\1\0\0\0"

    def number(at: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            byte = module[at]
            value |= (byte & 0x7F) << shift
            at, shift = at + 1, shift + 7
            if byte < 0x80:
                return value, at

    sections, at = {}, 8
    while at < len(module):
        kind = module[at]
        size, start = number(at + 1)
        name = b""
        if kind == 0:
            length, begin = number(start)
            name, body = module[begin : begin + length], module[begin + length : start + size]
        else:
            body = module[start : start + size]
        sections[kind, name] = body
        at = start + size
    assert at == len(module)
    return sections


@pytest.mark.site
def test_every_page_links_the_calculator_files_with_the_engine_version(built_site: Path) -> None:
    """A page and the engine it starts always come from the same build: the page links its folder."""
    (folder,) = (built_site / "assets" / "engine").iterdir()
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text("utf-8")
        links = re.findall(r'(?:src|href)="([^"]*(?:calculators\.css|controller\.js)[^"]*)"', html)
        assert len(links) == 2, path
        for link in links:
            resolved = urljoin(f"http://127.0.0.1/{path.relative_to(built_site).as_posix()}", link)
            assert resolved.startswith(f"http://127.0.0.1/assets/engine/{folder.name}/"), (path, link)
        assert not re.search(r"assets/calculators/", html), path


def test_version_changes_with_any_file_the_browser_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files give the same name; a changed wheel, snapshot (whole or trimmed), its zip, a wasm or script gives a new one."""
    wheel, snapshot = tmp_path / "a.whl", tmp_path / engine_assets.SNAPSHOT_NAME
    stdlib = engine_assets.snapshot_stdlib(snapshot)
    engine_assets.snapshot_wasm(snapshot).write_bytes(b"compressed wasm")
    engine_assets.snapshot_trimmed_wasm(snapshot).write_bytes(b"trimmed wasm")
    engine_assets.trimmed_snapshot(snapshot).write_bytes(b"trimmed snapshot")
    wheel.write_bytes(b"wheel")
    snapshot.write_bytes(b"snapshot")
    stdlib.write_bytes(b"names")
    version = engine_assets.engine_version(wheel, snapshot)
    assert engine_assets.engine_version(wheel, snapshot) == version

    snapshot.write_bytes(b"snapshot, remade")
    assert engine_assets.engine_version(wheel, snapshot) != version
    snapshot.write_bytes(b"snapshot")
    wheel.write_bytes(b"wheel, rebuilt")
    assert engine_assets.engine_version(wheel, snapshot) != version
    wheel.write_bytes(b"wheel")
    stdlib.write_bytes(b"other names")
    assert engine_assets.engine_version(wheel, snapshot) != version
    stdlib.write_bytes(b"names")
    engine_assets.snapshot_wasm(snapshot).write_bytes(b"compressed wasm, remade")
    assert engine_assets.engine_version(wheel, snapshot) != version
    engine_assets.snapshot_wasm(snapshot).write_bytes(b"compressed wasm")
    engine_assets.snapshot_trimmed_wasm(snapshot).write_bytes(b"trimmed wasm, remade")
    assert engine_assets.engine_version(wheel, snapshot) != version
    engine_assets.snapshot_trimmed_wasm(snapshot).write_bytes(b"trimmed wasm")
    engine_assets.trimmed_snapshot(snapshot).write_bytes(b"trimmed snapshot, remade")
    assert engine_assets.engine_version(wheel, snapshot) != version
    engine_assets.trimmed_snapshot(snapshot).write_bytes(b"trimmed snapshot")
    assert engine_assets.engine_version(wheel, snapshot) == version

    monkeypatch.setattr(engine_assets, "ENGINE_SCRIPTS", engine_assets.ENGINE_SCRIPTS[1:])
    assert engine_assets.engine_version(wheel, snapshot) != version
    monkeypatch.setattr(engine_assets, "manifest_module", lambda: "export const FILE = {};")
    assert engine_assets.engine_version(wheel, snapshot) != version


def test_linking_needs_a_head_and_a_body() -> None:
    """A page the links cannot go into fails loudly instead of losing its calculators."""
    with pytest.raises(engine_assets.EngineAssetError):
        engine_assets.link_engine("<p>no head</p>", "assets/engine/x/")


def test_parallel_wheel_builds_are_each_complete(tmp_path: Path) -> None:
    """Builds running at once (parallel test workers, two checkouts) never share build files."""
    caches = [tmp_path / "shared", tmp_path / "shared", tmp_path / "own"]
    with concurrent.futures.ThreadPoolExecutor(len(caches)) as pool:
        wheels = list(pool.map(engine_assets.build_wheel, caches))
    assert wheels[0] == wheels[1]
    sources = {path.relative_to(ROOT).as_posix() for path in (ROOT / "calculators").rglob("*.*")}
    sources = {name for name in sources if "__pycache__" not in name}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            packaged = {name for name in archive.namelist() if name.startswith("calculators/")}
        assert packaged == sources
    assert not (ROOT / "build").exists()


def test_a_cached_file_is_never_replaced(tmp_path: Path) -> None:
    """The first build to finish wins: a file whose digest named the engine keeps its bytes."""
    target, partial = tmp_path / "calculators.whl", tmp_path / "calculators.whl.1.partial"
    partial.write_bytes(b"first")
    engine_assets.publish(partial, target)
    partial.write_bytes(b"second, same sources, other timestamps")
    engine_assets.publish(partial, target)
    assert target.read_bytes() == b"first"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.site
def test_the_snapshot_mounts_a_standard_library_of_names_only(built_site: Path) -> None:
    """The restored interpreter has its modules in memory: its zip names them and holds no code.

    The names are those of Pyodide's own standard library (the modules the calculators and
    Pyodide import), far fewer than the whole; the plain start's full zip is shipped beside it.
    """
    (folder,) = (built_site / "assets" / "engine").iterdir()
    with zipfile.ZipFile(folder / engine_assets.SNAPSHOT_STDLIB_NAME) as cut:
        entries = cut.infolist()
    with zipfile.ZipFile(folder / "python_stdlib.zip") as full:
        everything = set(full.namelist())
    names = {entry.filename for entry in entries}
    assert {"json/__init__.py", "json/decoder.py", "html/__init__.py"} <= names
    assert names <= everything
    assert len(names) < len(everything) / 2
    assert all(entry.file_size == 0 for entry in entries)
    assert (folder / engine_assets.SNAPSHOT_STDLIB_NAME).stat().st_size < 64 * 1024


@pytest.mark.site
def test_the_worker_is_stamped_with_the_snapshots_memory_length(built_site: Path) -> None:
    """Pyodide sizes its memory from the worker's stamped length, not from the snapshot's first bytes."""
    (folder,) = (built_site / "assets" / "engine").iterdir()
    packed = zstandard.ZstdDecompressor().decompress((folder / engine_assets.SNAPSHOT_NAME).read_bytes())
    length = int.from_bytes(packed[4:8], "little")
    assert length > 16 * 2**20  # Pyodide's memory is tens of megabytes
    worker = (folder / EngineFile.ENGINE_WORKER.value).read_text("utf-8")
    assert f"const SNAPSHOT_LENGTH = {length};" in worker
    assert "const LOCK_INFO = {" in worker


def test_stamping_a_worker_without_its_lines_fails(tmp_path: Path) -> None:
    """A worker that lost a line to stamp fails the build, naming the line."""
    snapshot = tmp_path / engine_assets.SNAPSHOT_NAME
    snapshot.write_bytes(engine_assets.compress(b"SNP4" + (31_457_440).to_bytes(4, "little") + bytes(32)))
    assert engine_assets.snapshot_memory_length(snapshot) == 31_457_440
    with pytest.raises(engine_assets.EngineAssetError, match="SNAPSHOT_LENGTH"):
        engine_assets.stamp_worker("const LOCK_INFO = null;", snapshot)
