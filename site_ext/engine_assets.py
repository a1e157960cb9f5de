"""The browser's files: the page's controller and stylesheet, the engine, the wheel and Pyodide.

All are produced from the repository itself (the wheel from ``calculators/`` by the
standard build backend, Pyodide from the npm package pinned in ``package.json``, the browser
code from ``site_ext/engine/``, the protocol's manifest from :mod:`calculators.protocol`) and
copied into the built site, so it works from any static host and offline. They go into one
folder named by a digest of their content, and every page links the controller and the
stylesheet in that folder (:func:`link_engine`), so a cache never mixes two builds' files and
the folder can be cached for good.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import zstandard

from calculators import palette
from calculators.protocol import MANIFEST, EngineFile, PageFile, manifest_module

ROOT = Path(__file__).resolve().parent.parent
#: Files of the npm package that a browser needs to start Pyodide.
PYODIDE_FILES = (
    EngineFile.PYODIDE_LOADER.value,
    EngineFile.PYODIDE_MODULE.value,
    EngineFile.PYODIDE_WASM.value,
    "python_stdlib.zip",
    EngineFile.PYODIDE_LOCK.value,
)
#: The browser code (the page's controller and stylesheet, the workers, the snapshot's format).
ENGINE_SCRIPTS_DIR = ROOT / "site_ext" / "engine"
ENGINE_SCRIPTS = tuple(
    file.value
    for file in (
        PageFile.CONTROLLER,
        PageFile.STYLESHEET,
        EngineFile.ENGINE_WORKER,
        EngineFile.INFLATER,
        EngineFile.SNAPSHOT_FORMAT,
        EngineFile.ZSTD_STREAM,
    )
)
#: The engine's Zstandard decoder: zstd's own C decoder compiled to WebAssembly by zstddec (MIT and
#: BSD-3-Clause, pinned in package.json), which embeds it in this module as base64.
ZSTD_DECODER_SOURCE = ROOT / "node_modules" / "zstddec" / "dist" / "zstddec-stream.mjs"
#: Zstandard's level for the engine's large files: 19 is as small as 22 within 0.1 %, and faster.
ZSTD_LEVEL = 19
#: The worker's lines that receive facts of the build when copied (see ``stamp_worker``).
STAMPED_SCRIPT = EngineFile.ENGINE_WORKER.value
LOCK_INFO_LINE = "const LOCK_INFO = null;"
SNAPSHOT_LENGTH_LINE = "const SNAPSHOT_LENGTH = null;"
#: Where the engine's versioned folders live in the built site.
ENGINE_DIR = "assets/engine"
WHEEL_NAME = EngineFile.WHEEL.value
SNAPSHOT_NAME = EngineFile.SNAPSHOT.value
#: The standard library a restored snapshot mounts: the names of the modules it has imported.
SNAPSHOT_STDLIB_NAME = EngineFile.SNAPSHOT_STDLIB.value
#: Pyodide's wasm, Zstandard-compressed: what a snapshot start fetches instead of the wasm itself.
PACKED_WASM_NAME = EngineFile.PYODIDE_WASM_ZSTD.value
#: The scripts that make the snapshot and define its format: a change to either remakes it.
SNAPSHOT_SCRIPTS = (
    "site_ext/make_snapshot.mjs",
    f"site_ext/engine/{EngineFile.SNAPSHOT_FORMAT.value}",
    "site_ext/wasm_trim.mjs",
)
TRIMMED_WASM_NAME = EngineFile.PYODIDE_WASM_TRIMMED.value
TRIMMED_SNAPSHOT_NAME = EngineFile.SNAPSHOT_TRIMMED.value


class EngineAssetError(RuntimeError):
    """The engine's files cannot be prepared; the message says what to run."""


def pyodide_version() -> str:
    """The Pyodide version pinned in package.json, checked against node_modules.

    Raises:
        EngineAssetError: node_modules is missing or holds another version.
    """
    pinned = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["pyodide"]
    installed_file = ROOT / "node_modules" / "pyodide" / "package.json"
    if not installed_file.exists():
        raise EngineAssetError("node_modules/pyodide is missing: run `npm ci` (or `make build`)")
    installed = json.loads(installed_file.read_text("utf-8"))["version"]
    if installed != pinned:
        raise EngineAssetError(f"node_modules has Pyodide {installed}, package.json pins {pinned}: run `npm ci`")
    return str(pinned)


def source_digest() -> str:
    """A digest of the calculators package's files, to rebuild the wheel only when they change."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "calculators").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()[:16]


def build_wheel(cache: Path) -> Path:
    """Build the calculators wheel with the standard backend, cached by source digest.

    The build runs on a copy of the sources: setuptools writes ``build/`` and ``*.egg-info``
    next to them, and two builds sharing those (parallel test workers) corrupt each other.

    Raises:
        EngineAssetError: The build failed; the message carries its output.
    """
    target = cache / source_digest() / WHEEL_NAME
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as work_name:
        source, out = Path(work_name) / "src", Path(work_name) / "out"
        shutil.copytree(ROOT / "calculators", source / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copyfile(ROOT / "pyproject.toml", source / "pyproject.toml")
        result = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = list(out.glob("calculators-*.whl"))
        if result.returncode or len(wheels) != 1:
            raise EngineAssetError(f"building the calculators wheel failed:\n{result.stdout}\n{result.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        shutil.copyfile(wheels[0], partial)
        publish(partial, target)
    return target


def publish(partial: Path, target: Path) -> None:
    """Move a finished file into the cache, unless a parallel build got there first.

    Once there, a cached file never changes: the engine's version is a digest of these files,
    and a build reads them more than once (once per language).
    """
    try:
        os.link(partial, target)  # atomic, and fails if the target exists
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def compress(data: bytes) -> bytes:
    """``data`` as one Zstandard frame that records its size (the browser's decoder sizes its buffer by it)."""
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True).compress(data)


def build_snapshot(wheel: Path) -> Path:
    """Make (and check) the Zstandard-compressed memory snapshot of Pyodide with the calculators imported.

    Cached next to the wheel, for this wheel and this Pyodide version, with the standard library
    zip it is restored with (:func:`snapshot_stdlib`), the compressed wasm it is restored into
    (:func:`snapshot_wasm`), and the trimmed pair a start takes first (:func:`trimmed_snapshot`
    and :func:`snapshot_trimmed_wasm`) beside it.

    Raises:
        EngineAssetError: Node failed to make or to restore the snapshot.
    """
    maker = hashlib.sha256(f"zstd-{ZSTD_LEVEL}-{zstandard.__version__}".encode())
    for script in SNAPSHOT_SCRIPTS:
        maker.update((ROOT / script).read_bytes())
    target = wheel.parent / f"pyodide-{pyodide_version()}-{maker.hexdigest()[:12]}-{SNAPSHOT_NAME}"
    wasm = snapshot_wasm(target)
    if not wasm.exists():
        publish_copy(compressed_wasm(wheel.parent.parent, maker.hexdigest()[:12]), wasm)
    trimmed, trimmed_target = snapshot_trimmed_wasm(target), trimmed_snapshot(target)
    if all(path.exists() for path in (target, snapshot_stdlib(target), trimmed, trimmed_target)):
        return target
    raw = target.with_suffix(f".{os.getpid()}.raw")  # parallel builds write their own
    stdlib_partial = snapshot_stdlib(target).with_suffix(f".{os.getpid()}.partial")
    trimmed_raw = trimmed.with_suffix(f".{os.getpid()}.raw")
    trimmed_snapshot_raw = trimmed_target.with_suffix(f".{os.getpid()}.raw")
    outputs = (raw, stdlib_partial, trimmed_raw, trimmed_snapshot_raw)
    result = subprocess.run(
        ["node", str(ROOT / SNAPSHOT_SCRIPTS[0]), str(wheel), *map(str, outputs)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode or not all(path.exists() for path in outputs):
        raise EngineAssetError(f"making the Pyodide snapshot failed:\n{result.stderr[-3000:]}")
    pairs = ((raw, target), (trimmed_raw, trimmed), (trimmed_snapshot_raw, trimmed_target))
    partial, trimmed_partial, trimmed_snapshot_partial = (compressed_partial(source, path) for source, path in pairs)
    record = json.loads(result.stdout)
    record_partial = trim_record(target).with_suffix(f".{os.getpid()}.partial")
    kept = ("started", "executed", "exports", "python_ran", "python_left_out")
    record_partial.write_text(json.dumps({key: record[key] for key in kept}), "utf-8")
    # The snapshot last: it is only used with its zip and its trimmed pair.
    publish(stdlib_partial, snapshot_stdlib(target))
    publish(trimmed_partial, trimmed)
    publish(trimmed_snapshot_partial, trimmed_target)
    publish(record_partial, trim_record(target))
    publish(partial, target)
    return target


def compressed_partial(raw: Path, target: Path) -> Path:
    """``raw`` compressed into a partial file for ``target`` (see :func:`publish`); ``raw`` is removed."""
    partial = target.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(compress(raw.read_bytes()))
    raw.unlink()
    return partial


def compressed_wasm(cache: Path, maker: str) -> Path:
    """Pyodide's wasm compressed once per Pyodide version (and way of compressing), in ``cache``."""
    target = cache / f"pyodide-{pyodide_version()}-{maker}-{PACKED_WASM_NAME}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(compress((ROOT / "node_modules" / "pyodide" / EngineFile.PYODIDE_WASM.value).read_bytes()))
        publish(partial, target)
    return target


def publish_copy(source: Path, target: Path) -> None:
    """Publish a copy of the cached ``source`` as ``target`` (see :func:`publish`)."""
    partial = target.with_suffix(f".{os.getpid()}.partial")
    shutil.copyfile(source, partial)
    publish(partial, target)


def snapshot_stdlib(snapshot: Path) -> Path:
    """The standard library zip made with ``snapshot`` (the file the snapshot must be restored with)."""
    return snapshot.with_name(snapshot.name.removesuffix(SNAPSHOT_NAME) + SNAPSHOT_STDLIB_NAME)


def snapshot_trimmed_wasm(snapshot: Path) -> Path:
    """Pyodide's wasm trimmed to what a restored ``snapshot`` runs (site_ext/wasm_trim.mjs), compressed."""
    return snapshot.with_name(snapshot.name.removesuffix(SNAPSHOT_NAME) + TRIMMED_WASM_NAME)


def trimmed_snapshot(snapshot: Path) -> Path:
    """``snapshot`` with only the Python functions a restored engine runs (site_ext/make_snapshot.mjs), compressed."""
    return snapshot.with_name(snapshot.name.removesuffix(SNAPSHOT_NAME) + TRIMMED_SNAPSHOT_NAME)


def trim_record(snapshot: Path) -> Path:
    """What the trimmed pair of ``snapshot`` kept. Not part of the site.

    A JSON object. Of Pyodide's wasm (code section indices), ``started``: the functions the
    trimmed snapshot ran until the entry point was looked up; ``executed``: those run by the end
    of every call (the trimmed wasm keeps these); ``exports``, the names of the exports it keeps
    (those Pyodide's JavaScript reads). Of Python's functions: ``python_ran``, those the trimmed
    snapshot keeps ([file, qualified name, first line]); ``python_left_out``, how many it left out.
    """
    return snapshot.with_name(snapshot.name.removesuffix(SNAPSHOT_NAME) + "trimmed.json")


def snapshot_wasm(snapshot: Path) -> Path:
    """The compressed wasm that goes with ``snapshot`` (the same Pyodide, compressed the same way)."""
    return snapshot.with_name(snapshot.name.removesuffix(SNAPSHOT_NAME) + PACKED_WASM_NAME)


def engine_version(wheel: Path, snapshot: Path) -> str:
    """A digest of everything the browser runs: Pyodide, the wheel, the snapshot, the scripts, the manifest."""
    digest = hashlib.sha256(pyodide_version().encode())
    digest.update(manifest_module().encode())
    digest.update(palette.stylesheet().encode())
    scripts = [ENGINE_SCRIPTS_DIR / name for name in ENGINE_SCRIPTS]
    companions = (snapshot_stdlib, snapshot_wasm, snapshot_trimmed_wasm, trimmed_snapshot)
    for path in (wheel, snapshot, *(companion(snapshot) for companion in companions), ZSTD_DECODER_SOURCE, *scripts):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def link_engine(html: str, folder_url: str) -> str:
    """Link the page's stylesheet and controller from the engine's folder (``folder_url`` ends in /).

    The controller is a deferred module: it runs before DOMContentLoaded, so a shared link's
    values are in the form by then. (As an async module it left Material's long start-up task,
    but it sometimes ran after DOMContentLoaded, showing the example's values first, and the
    engine's cold start took about 30 ms longer.)

    >>> link_engine("<head></head><body></body>", "../assets/engine/abc/")  # doctest: +NORMALIZE_WHITESPACE
    '<head><link rel="stylesheet" href="../assets/engine/abc/calculators.css"></head><body><script
    type="module" src="../assets/engine/abc/controller.js"></script></body>'

    Raises:
        EngineAssetError: The page has no ``</head>`` or no ``</body>`` to link them in.
    """
    if html.count("</head>") != 1 or "</body>" not in html:
        raise EngineAssetError("a page without one </head> and a </body>: cannot link the calculators")
    style = f'<link rel="stylesheet" href="{folder_url}{PageFile.STYLESHEET.value}">'
    script = f'<script type="module" src="{folder_url}{PageFile.CONTROLLER.value}"></script>'
    head, _, rest = html.partition("</head>")
    body, _, tail = rest.rpartition("</body>")
    return f"{head}{style}</head>{body}{script}</body>{tail}"


def zstd_decoder() -> bytes:
    """The WebAssembly decoder of zstddec, with its licences in a custom section (both ask for their notices in a copy).

    The module embeds the wasm as base64 and instantiates it from a ``data:`` URL, which the
    workers' policy forbids: the build ships the wasm itself, and zstd-stream.mjs wraps it.

    Raises:
        EngineAssetError: The pinned module no longer holds the wasm where it used to.
    """
    package = ZSTD_DECODER_SOURCE.parent.parent
    found = re.search(r'^const wasm = "([A-Za-z0-9+/=]+)";$', ZSTD_DECODER_SOURCE.read_text("utf-8"), re.MULTILINE)
    if not found:
        raise EngineAssetError(f"{ZSTD_DECODER_SOURCE}: no embedded wasm (a new zstddec?)")
    wasm = base64.b64decode(found.group(1))
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    notice = f"zstddec {version} (https://github.com/donmccurdy/zstddec)\n\n" + (package / "LICENSE").read_text("utf-8")
    return wasm + custom_section("license", notice.encode())


def custom_section(name: str, payload: bytes) -> bytes:
    r"""A WebAssembly custom section: engines skip it, so it may follow the module's last section.

    >>> custom_section("a", b"bc")
    b'\x00\x04\x01abc'
    """
    body = leb128(len(name)) + name.encode() + payload
    return b"\x00" + leb128(len(body)) + body


def leb128(n: int) -> bytes:
    r"""``n`` (≥ 0) as an unsigned LEB128 number, the way WebAssembly writes sizes.

    >>> leb128(3), leb128(300)
    (b'\x03', b'\xac\x02')
    """
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def lock_info() -> dict[str, str]:
    """The ``info`` record of the pinned Pyodide's lock file (its ABI version above all)."""
    lock = json.loads((ROOT / "node_modules" / "pyodide" / EngineFile.PYODIDE_LOCK.value).read_text("utf-8"))
    info: dict[str, str] = lock["info"]
    return info


def snapshot_memory_length(snapshot: Path) -> int:
    """The length of the memory the compressed ``snapshot`` stands for (its packed header's second word)."""
    with snapshot.open("rb") as file, zstandard.ZstdDecompressor().stream_reader(file) as reader:
        head = b""
        while len(head) < 8 and (more := reader.read(8 - len(head))):
            head += more
    if len(head) < 8:
        raise EngineAssetError(f"{snapshot}: too short for a packed snapshot")
    return int.from_bytes(head[4:8], "little")


def stamp_worker(script: str, snapshot: Path) -> str:
    """The engine worker with the build's facts written in, when copied into the site.

    The lock file's ``info``, for a host that lacks the file; the snapshot's memory length, so that
    Pyodide can size its memory before the snapshot's first bytes have come.

    Raises:
        EngineAssetError: The worker no longer has a line to stamp.
    """
    for line, value in ((LOCK_INFO_LINE, lock_info()), (SNAPSHOT_LENGTH_LINE, snapshot_memory_length(snapshot))):
        if script.count(line) != 1:
            raise EngineAssetError(f"{STAMPED_SCRIPT} must hold {line!r} once")
        script = script.replace(line, line.replace("null", json.dumps(value, sort_keys=True)))
    return script


def copy_engine(site_dir: Path, wheel: Path, snapshot: Path, version: str) -> None:
    """Copy Pyodide's runtime, the wheel, the snapshot, the scripts and the manifest into the versioned folder."""
    pyodide_version()
    engine = site_dir / ENGINE_DIR / version
    engine.mkdir(parents=True, exist_ok=True)
    sources = [ROOT / "node_modules" / "pyodide" / name for name in PYODIDE_FILES]
    sources += [ENGINE_SCRIPTS_DIR / name for name in ENGINE_SCRIPTS]
    for source in sources:
        target = engine / source.name
        if source.name == STAMPED_SCRIPT:
            target.write_text(stamp_worker(source.read_text("utf-8"), snapshot), "utf-8")
        elif not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)
    shutil.copyfile(wheel, engine / WHEEL_NAME)
    shutil.copyfile(snapshot, engine / SNAPSHOT_NAME)
    shutil.copyfile(snapshot_stdlib(snapshot), engine / SNAPSHOT_STDLIB_NAME)
    shutil.copyfile(snapshot_wasm(snapshot), engine / PACKED_WASM_NAME)
    shutil.copyfile(snapshot_trimmed_wasm(snapshot), engine / TRIMMED_WASM_NAME)
    shutil.copyfile(trimmed_snapshot(snapshot), engine / TRIMMED_SNAPSHOT_NAME)
    (engine / EngineFile.ZSTD_DECODER.value).write_bytes(zstd_decoder())
    (engine / MANIFEST).write_text(manifest_module(), "utf-8")
    # The charts' colours come from the palette in Python, where their contrast is tested.
    stylesheet = engine / PageFile.STYLESHEET.value
    stylesheet.write_text(stylesheet.read_text("utf-8") + palette.stylesheet(), "utf-8")
