"""The engine's Zstandard stream (site_ext/engine/zstd-stream.mjs) under Node, with the decoder the build ships."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import zstandard

from calculators.protocol import MANIFEST, EngineFile, manifest_module
from site_ext import engine_assets
from tests.conftest import ROOT

pytestmark = pytest.mark.node

# Reads the file named on the command line through decoded(), in chunks of the given size, and
# prints the bytes' length and SHA-256, or the error the stream ended with.
READ = """
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
const [module, file, size] = process.argv.slice(1);
// Node's fetch has no file: URLs; the browser fetches the decoder from the engine's folder.
const fetchOverHttp = globalThis.fetch;
globalThis.fetch = async (url) =>
  String(url).startsWith("file:") ? new Response(readFileSync(new URL(url))) : fetchOverHttp(url);
const { decoded } = await import(module);
const bytes = new Uint8Array(readFileSync(file));
const body = new ReadableStream({
  start(controller) {
    for (let at = 0; at < bytes.length; at += Number(size)) controller.enqueue(bytes.slice(at, at + Number(size)));
    controller.close();
  },
});
try {
  const out = new Uint8Array(await new Response(decoded(body)).arrayBuffer());
  console.log(JSON.stringify({ length: out.length, sha256: createHash("sha256").update(out).digest("hex") }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error.message || error) }));
}
"""


@pytest.fixture(scope="module")
def engine_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stream module beside the generated manifest and the decoder, as in a built engine folder."""
    folder = tmp_path_factory.mktemp("engine")
    shutil.copyfile(
        engine_assets.ENGINE_SCRIPTS_DIR / EngineFile.ZSTD_STREAM.value, folder / EngineFile.ZSTD_STREAM.value
    )
    (folder / EngineFile.ZSTD_DECODER.value).write_bytes(engine_assets.zstd_decoder())
    (folder / MANIFEST).write_text(manifest_module(), "utf-8")
    return folder


def read(folder: Path, tmp_path: Path, data: bytes, chunk: int) -> dict[str, object]:
    source = tmp_path / "body"
    source.write_bytes(data)
    module = (folder / EngineFile.ZSTD_STREAM.value).as_uri()
    result = subprocess.run(
        ["node", "--input-type=module", "-e", READ, module, str(source), str(chunk)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    outcome: dict[str, object] = json.loads(result.stdout)
    return outcome


def digest(data: bytes) -> dict[str, object]:
    return {"length": len(data), "sha256": hashlib.sha256(data).hexdigest()}


SAMPLE = b"".join(f"line {n}: {n * n % 9973}\n".encode() for n in range(60_000)) + bytes(range(256)) * 300


@pytest.mark.parametrize(
    ("chunk", "sample"), [(1, SAMPLE[:40_000]), (3, SAMPLE[:120_000]), (4096, SAMPLE), (1 << 20, SAMPLE)]
)
def test_a_compressed_body_decodes_to_the_original_in_chunks_of_any_size(
    engine_folder: Path, tmp_path: Path, chunk: int, sample: bytes
) -> None:
    """What the build compresses comes back byte for byte, however the network splits it.

    (Byte by byte on a shorter sample: the frame's header and blocks still arrive in pieces.)
    """
    assert read(engine_folder, tmp_path, engine_assets.compress(sample), chunk) == digest(sample)


def test_the_real_wasm_round_trips(engine_folder: Path, tmp_path: Path) -> None:
    """Pyodide's wasm, compressed as the build ships it, decodes to the npm package's file."""
    wasm = (ROOT / "node_modules" / "pyodide" / EngineFile.PYODIDE_WASM.value).read_bytes()
    assert read(engine_folder, tmp_path, engine_assets.compress(wasm), 65536) == digest(wasm)


def test_a_body_the_host_already_decoded_passes_through(engine_folder: Path, tmp_path: Path) -> None:
    """Bytes without a Zstandard frame's magic number (a host's own Content-Encoding) are handed on as they are."""
    assert read(engine_folder, tmp_path, SAMPLE, 1000) == digest(SAMPLE)
    assert read(engine_folder, tmp_path, b"ab", 1) == digest(b"ab")


def test_a_frame_cut_short_or_damaged_errors_the_stream(engine_folder: Path, tmp_path: Path) -> None:
    """A truncated frame never looks like a shorter file: the stream ends with an error."""
    packed = engine_assets.compress(SAMPLE)
    cut = read(engine_folder, tmp_path, packed[: len(packed) // 2], 4096)
    assert "error" in cut, cut
    assert zstandard.ZstdDecompressor().decompress(packed) == SAMPLE


def test_without_the_decoder_the_stream_errors_and_a_decoded_body_still_passes(
    engine_folder: Path, tmp_path: Path
) -> None:
    """A host missing the decoder's wasm: a compressed body errors (the engine then starts plain), never hangs."""
    folder = tmp_path / "engine"
    shutil.copytree(engine_folder, folder)
    (folder / EngineFile.ZSTD_DECODER.value).unlink()
    outcome = read(folder, tmp_path, engine_assets.compress(SAMPLE), 4096)
    assert "error" in outcome, outcome
    assert read(folder, tmp_path, SAMPLE, 4096) == digest(SAMPLE)
