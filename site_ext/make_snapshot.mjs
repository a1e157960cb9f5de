// Builds the engine's memory snapshot: the pinned Pyodide with the calculators unpacked and
// imported, so a browser restores a ready interpreter instead of starting Python from scratch.
// Usage: node make_snapshot.mjs WHEEL OUT.gz  (packed as in engine/snapshot-format.mjs)
// The snapshot API is private and tied to this exact Pyodide build, so the script restores the
// snapshot it made and runs a calculation before writing anything: a bad snapshot fails the build.
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { loadPyodide } from "pyodide";
import { pack, unpack } from "./engine/snapshot-format.mjs";

const [wheelPath, outPath] = process.argv.slice(2);
process.on("uncaughtException", (error) => {
  // Print the message only: Node would otherwise echo a megabyte of minified Pyodide source.
  process.stderr.write(`snapshot failed: ${String(error && error.message).slice(0, 2000)}\n`);
  process.exit(1);
});
const CHECK = ["cost-comparison", "is", '{"fte": "1,5"}'];

const maker = await loadPyodide({ _makeSnapshot: true });
maker.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// Unpacking works where loadPackage would not ("Unexpected hiwire entry" on snapshot).
// The snapshot holds wasm memory only, not the in-memory file system: import every module
// and read every catalogue now, so the restored interpreter never needs the unpacked files.
maker.runPython(`
import json
from calculators import CALCULATORS, LANGUAGES
from calculators.live import live_update
for lang in LANGUAGES:
    for calculator in CALCULATORS:
        json.loads(live_update(calculator, lang, "{}"))
`);
const snapshot = maker.makeMemorySnapshot();
// Checked the way a browser gets it: packed, unpacked, restored.
const packed = pack(snapshot);

let check;
try {
  check = await loadPyodide({ _loadSnapshot: unpack(packed) });
} catch (error) {
  process.stderr.write(`snapshot does not restore: ${String(error.message).slice(0, 500)}\n`);
  process.exit(1);
}
const render = check.pyimport("calculators.live");
const result = JSON.parse(render.live_update(...CHECK));
render.destroy();
if (!result.ok) throw new Error(`snapshot check failed: ${JSON.stringify(result.errors)}`);

writeFileSync(outPath, gzipSync(packed, { level: 9 }));
process.stdout.write(JSON.stringify({ raw: snapshot.length, packed: packed.length }));
