// Restores a packed engine snapshot under Node the way the browser's worker does (fresh instance,
// unpack, rebase, the cut standard library) into Pyodide's whole wasm, and runs Python in it.
// Usage: node restore.mjs PACKED STDLIB.zip CODE — prints {value} (CODE's last expression, a
// string) or, when the engine traps, {trapped, stderr} as JSON.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { memoryLength, rebase, unpack, verify } from "../../site_ext/engine/snapshot-format.mjs";

const [packedPath, stdlibPath, code] = process.argv.slice(2);
const packed = new Uint8Array(readFileSync(packedPath));
const factory = (await import("pyodide/pyodide.asm.mjs")).default;
const memory = new Uint8Array(memoryLength(packed));
const stderr = [];
let instance = null;
const pyodide = await loadPyodide({
  _loadSnapshot: memory,
  stdLibURL: stdlibPath,
  createPyodideModule: (settings) => factory((instance = settings)),
  stdout: () => {},
  stderr: (line) => stderr.push(line),
  fsInit: () => {
    unpack(verify(packed), memory);
    rebase(packed, memory, new Uint8Array(instance.HEAP8.buffer, 0, instance.HEAP8.length));
  },
});
let outcome;
try {
  outcome = { value: String(pyodide.runPython(code)) };
} catch (error) {
  if (!(error instanceof WebAssembly.RuntimeError)) throw error;
  outcome = { trapped: error.message, stderr };
}
process.stdout.write(JSON.stringify(outcome));
