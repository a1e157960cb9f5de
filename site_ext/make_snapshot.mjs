// Builds the engine's memory snapshot: the pinned Pyodide with the calculators unpacked and
// imported, so a browser restores a ready interpreter instead of starting Python from scratch.
// Usage: node make_snapshot.mjs WHEEL OUT OUT_STDLIB.zip OUT_TRIMMED.wasm
//
// Three files come out, all checked here before anything is written:
// - OUT, the snapshot, packed against a fresh instance's memory (engine/snapshot-format.mjs); the
//   build compresses it (site_ext/engine_assets.py);
// - OUT_STDLIB.zip, the standard library cut down to the modules the snapshot has imported. A
//   restored interpreter has every module it runs already in memory, and Python only looks at
//   the zip to import something new. The snapshot is made with this very zip mounted, so the
//   zip importer's cached directory (part of the snapshot) matches the file the browser gets;
// - OUT_TRIMMED.wasm, Pyodide's wasm with only the functions a restored engine runs (wasm_trim.mjs):
//   those an instrumented copy ran while the restored snapshot served every call of CALLS the
//   way the browser's worker makes it; the others trap. It must answer every call exactly as the
//   whole wasm does. The build compresses it too.
// The snapshot API is private and tied to this exact Pyodide build, so the script restores the
// snapshot it made, the way the browser does (fresh instance, unpack, rebase, cut zip), and runs
// every calculator in every language, with good and bad input: a bad snapshot fails the build.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { memoryLength, pack, rebase, unpack, verify } from "./engine/snapshot-format.mjs";
import { instrument, trim } from "./wasm_trim.mjs";

const [ENTRY, ENTRY_FUNCTION] = ["calculators.live", "live_update"]; // what the browser calls
const [wheelPath, outPath, stdlibPath, trimmedPath] = process.argv.slice(2);
process.on("uncaughtException", (error) => {
  // Print the message only: Node would otherwise echo a megabyte of minified Pyodide source.
  process.stderr.write(`snapshot failed: ${String(error && error.message).slice(0, 2000)}\n`);
  process.exit(1);
});
const wheel = new Uint8Array(readFileSync(wheelPath));

// Everything a reader can reach: every calculator in every language, with the defaults and with
// each field typed wrong in the ways the checks tell apart. Run before the snapshot (so all of it
// is imported and every catalogue read) and again after the restore (so nothing is missing).
const EXERCISE = `
import json
from calculators import CALCULATORS, LANGUAGES, get_calculator
from ${ENTRY} import live_update

def exercise():
    failures = []
    for lang in LANGUAGES:
        for calculator in CALCULATORS:
            names = [spec.name for spec in get_calculator(calculator).inputs]
            cases = [{}] + [{name: typed} for name in names for typed in ("x", "-1", "1e400", "12,5", "")]
            for case in cases:
                result = json.loads(live_update(calculator, lang, json.dumps(case)))
                if "ok" not in result or (not case and not result["ok"]):
                    failures.append([calculator, lang, case, result.get("errors")])
    return json.dumps(failures)
`;
// The calls the browser's worker makes (live_update's arguments), for the trimmed wasm: each
// calculator in each language with its defaults and every option the page sends, each field typed
// in the ways readers type (and mistype) numbers, every currency chosen, values from links (the
// extremes too) and other languages' pages, and seeded random values across each field's range
// and beyond.
const CALLS = `
import json, random
from calculators import CALCULATORS, LANGUAGES, get_calculator
from calculators.model import Currency, InputKind
from calculators.present import format_input

TYPED = ("x", "-1", "1e400", "12,5", "", "0", "-0", "1.234,5", "1 234,5", "1,234.5", "1\\u00a0234", "12.345.678",
         "99999999999999", "0.0001", " 7 ", "1e3", "nan", "inf", "½", "١٢", "3,5 %", "kr. 100", "$100", "--5", "1_000",
         "1e-41", "5e-324", "1e308", "1000000000000", "123456789012345678901234567890")
EXTREMES = ("0.00000000000000000000000000000000000000001", "1000000000000", "0", "1")
OPTIONS = ("{}", '{"page": "https://example.org/kpis/", "today": "2026-01-31"}', '{"today": "31/01/2026"}')

def calls():
    rng = random.Random(14)
    out = []
    for lang in LANGUAGES:
        for name in CALCULATORS:
            calc = get_calculator(name)
            out += [[name, lang, "{}", "", options] for options in OPTIONS]
            for spec in calc.inputs:
                out += [[name, lang, json.dumps({spec.name: typed}), spec.name, "{}"] for typed in TYPED]
                if spec.kind is InputKind.CURRENCY:
                    out += [[name, lang, json.dumps({spec.name: c.value}), spec.name, "{}"] for c in Currency]
            numbers = [spec for spec in calc.inputs if spec.kind is not InputKind.CURRENCY]
            for source in ("canonical", *LANGUAGES):
                values = {spec.name: "1234.5" if source == "canonical" else "1,5" for spec in numbers}
                out.append([name, lang, json.dumps(values), "", json.dumps({"from": source})])
            for extreme in EXTREMES:  # a shared link's extreme values
                values = {spec.name: extreme for spec in numbers}
                out.append([name, lang, json.dumps(values), "", '{"from": "canonical"}'])
            for _ in range(12):
                values = {}
                for spec in calc.inputs:
                    if spec.kind is InputKind.CURRENCY:
                        values[spec.name] = rng.choice(list(Currency)).value
                        continue
                    top = min(spec.maximum, 10.0 ** rng.randint(0, 9))
                    value = rng.uniform(spec.minimum - 1, top * 1.1)
                    value = round(value) if spec.whole else round(value, rng.randint(0, 4))
                    values[spec.name] = format_input(spec, value, lang)
                changed = rng.choice(["", ",".join(values)])
                out.append([name, lang, json.dumps(values), changed, rng.choice(OPTIONS)])
    return json.dumps(out)
`;
const LIST_MODULES = `
import sys
def stdlib_files(prefix):
    files = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(prefix):
            files.add(path[len(prefix):])
    return sorted(files)
`;
const CUT = `
import zipfile
def cut(source, target, stub, names):
    with zipfile.ZipFile(source) as full, zipfile.ZipFile(target, "w") as cut, zipfile.ZipFile(stub, "w") as empty:
        for name in names:  # dated alike, so that the same names give the same zip
            cut.writestr(zipfile.ZipInfo(name), full.read(name), compress_type=zipfile.ZIP_DEFLATED)
            empty.writestr(zipfile.ZipInfo(name), b"")
`;

// The standard streams' buffers (128 KB each) were allocated at Python's start from memory that
// still held what it held (stdin's: a piece of the compressed standard library), and stdin's has
// never been read into. Each buffer is shrunk (its block freed, then zeroed) and grown back to
// its size from zeroed memory: the same objects and sizes, nothing buffered (outputs flushed).
const SHRINK_STREAM_BUFFERS = `
import sys
streams = (sys.stdin, sys.stdout, sys.stderr)
sizes = []
for stream in streams:
    stream.flush()
    sizes.append(stream.buffer.__sizeof__() - type(stream.buffer).__basicsize__)
    stream.buffer.__init__(stream.buffer.raw, 1)
`;
const GROW_STREAM_BUFFERS = `
for stream, size in zip(streams, sizes):
    stream.buffer.__init__(stream.buffer.raw, size)
`;

// Freed memory still holds what it held (source text, syntax trees and bytecode of the imports,
// the stack of the compiler's recursion): zeroed, it compresses to nothing. Every free block of
// the C allocator is allocated (never growing the heap: the footprint is capped), zeroed and
// freed again, and the stack below its pointer (nothing runs there now) is zeroed.
function zeroFreeMemory(pyodide) {
  const scratch = pyodide.toPy({});
  pyodide.runPython(SHRINK_STREAM_BUFFERS, { globals: scratch });
  zeroFreeBlocks(pyodide);
  pyodide.runPython(GROW_STREAM_BUFFERS, { globals: scratch });
  scratch.destroy();
  zeroFreeBlocks(pyodide);
  const m = pyodide._module;
  m.HEAPU8.fill(0, m._emscripten_stack_get_end(), m._emscripten_stack_get_current());
}

function zeroFreeBlocks(pyodide) {
  pyodide.runPython("import gc; gc.collect()");
  const m = pyodide._module;
  const blocks = [];
  m._malloc_set_footprint_limit(m._malloc_footprint());
  for (let size = 1 << 24; size >= 8; size >>= 1) {
    for (let block = m._malloc(size); block; block = m._malloc(size)) {
      m.HEAPU8.fill(0, block, block + size);
      blocks.push(block);
    }
  }
  for (const block of blocks.reverse()) m._free(block);
  m._malloc_set_footprint_limit(0xffffffff);
  zeroStaleChunkHeaders(m);
}

// Freed, the blocks merge into free chunks whose insides keep the merged blocks' headers and
// free-list links (sizes and pointers). A walk over the allocator's chunks (dlmalloc's layout:
// each chunk's size and in-use bit in the word before its body, the last one the top chunk's
// foot) zeroes each free chunk's body past its own links. The walk must count the free chunks
// and bytes mallinfo() counts, or the build stops.
function zeroStaleChunkHeaders(m) {
  const end = m._sbrk(0);
  let [chunks, bytes] = [0, 0];
  for (let chunk = m.___heap_base, size = 0; chunk < end; chunk += size) {
    const head = m.HEAPU32[(chunk + 4) >>> 2];
    size = head & ~7;
    if (size < 16 || chunk + size > end) throw new Error(`the heap walk is lost at ${chunk}`);
    if (head & 2) continue; // in use
    chunks += 1;
    bytes += size;
    const links = size < 256 ? 8 : 24; // two pointers, or a tree node's six words
    if (chunk + size < end) m.HEAPU8.fill(0, chunk + 8 + links, chunk + size);
  }
  const stack = m.stackSave();
  const info = m.stackAlloc(40);
  m._mallinfo(info);
  const [ordblks, fordblks] = [m.HEAPU32[(info >>> 2) + 1], m.HEAPU32[(info >>> 2) + 8]];
  m.stackRestore(stack);
  // mallinfo() counts the top chunk with its foot as one chunk, the walk as two.
  if (chunks !== ordblks + 1 || bytes !== fordblks) {
    throw new Error(`the heap walk found ${chunks} free chunks of ${bytes} bytes, mallinfo ${ordblks + 1} of ${fordblks}`);
  }
}

// The build's helpers and what they return are dropped afterwards: the snapshot does not carry them.
function warmUp(pyodide) {
  pyodide.unpackArchive(wheel, "wheel");
  const scratch = pyodide.toPy({});
  const run = (code) => pyodide.runPython(code, { globals: scratch });
  run(EXERCISE);
  const failures = JSON.parse(run("exercise()"));
  if (failures.length) throw new Error(`calculators fail before the snapshot: ${JSON.stringify(failures[0])}`);
  run(LIST_MODULES);
  const zip = run("import sys; next(p for p in sys.path if p.endswith('.zip'))");
  const listed = run(`stdlib_files(${JSON.stringify(zip + "/")})`);
  const files = listed.toJs();
  listed.destroy();
  scratch.destroy();
  return { zip, files };
}

// 1. Which of the standard library a warmed-up interpreter uses, and the zip of just that.
const work = mkdtempSync(join(tmpdir(), "snapshot-"));
const cutPath = join(work, "stdlib.zip");
const stubPath = join(work, "stdlib-names.zip");
const full = await loadPyodide();
const used = warmUp(full);
const calls = JSON.parse(full.runPython(`${CALLS}\ncalls()`, { globals: full.toPy({}) }));
full.runPython(CUT);
full.globals.get("cut")(used.zip, "/tmp/cut.zip", "/tmp/stub.zip", full.toPy(used.files));
writeFileSync(cutPath, full.FS.readFile("/tmp/cut.zip"));
writeFileSync(stubPath, full.FS.readFile("/tmp/stub.zip"));

// 2. The snapshot, made with the cut zip mounted.
const maker = await loadPyodide({ _makeSnapshot: true, stdLibURL: cutPath });
const again = warmUp(maker);
const missing = again.files.filter((name) => !used.files.includes(name));
if (missing.length) throw new Error(`imported after the cut: ${missing.join(", ")}`);
// The browser's zip holds the names only: swapped in now, so the zip importer's cached directory
// in the snapshot is the one of the file the browser mounts.
maker.FS.writeFile(again.zip, readFileSync(stubPath));
maker.runPython(`
import sys, zipimport
zipimport._zip_directory_cache.clear()
sys.path_importer_cache[${JSON.stringify(again.zip)}] = zipimport.zipimporter(${JSON.stringify(again.zip)})
`);
// The type attribute cache (4,096 entries of a version tag and two pointers, in the interpreter's
// state) fills again on demand: emptied, it compresses to nothing.
maker.runPython("import sys; sys._clear_internal_caches()");
zeroFreeMemory(maker);
const snapshot = maker.makeMemorySnapshot();
// Pyodide's snapshot: a header (its 2nd word says where the memory starts), then the memory.
const memoryStart = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1];

// 3. A fresh instance, as the browser gets it at Pyodide's fsInit hook: its memory is the base
// the snapshot is packed against, and the restore is checked through the browser's own steps.
const factory = (await import("pyodide/pyodide.asm.mjs")).default;
let freshModule = null;
const createPyodideModule = (settings) => {
  freshModule = settings;
  return factory(settings);
};
const freshMemory = () => new Uint8Array(freshModule.HEAP8.buffer, 0, freshModule.HEAP8.length);
// Under Node, Pyodide instantiates the bytes of its package's wasm: steps 4 and 5 swap in a
// rewritten copy of them, and keep hold of the instance to read it.
const instantiate = WebAssembly.instantiate.bind(WebAssembly);
let [wasmInstead, instance] = [null, null];
WebAssembly.instantiate = async (source, imports) => {
  const result = await instantiate(wasmInstead && !(source instanceof WebAssembly.Module) ? wasmInstead : source, imports);
  instance = result.instance;
  return result;
};
let base = null;
await loadPyodide({
  _loadSnapshot: new Uint8Array(snapshot.length),
  createPyodideModule,
  fsInit: () => {
    base = freshMemory().slice();
  },
}).catch(() => {}); // an empty snapshot does not restore: only the fresh memory was wanted
if (!base) throw new Error("no fresh instance to pack the snapshot against");
// Python's runtime state: the browser's JavaScript writes into it before fsInit where Node does
// not (seen: two bytes of it under Chromium), so it is stored as it is, not against the base.
// Its end: the next symbol Pyodide exports.
const symbols = Object.values(freshModule).filter((value) => typeof value === "number");
const runtime = freshModule.__PyRuntime;
const runtimeEnd = Math.min(...symbols.filter((address) => address > runtime));
const skip = [runtime - (runtime % 4096), runtimeEnd + ((4096 - (runtimeEnd % 4096)) % 4096)];
if (!(runtime > 0 && runtimeEnd > runtime && runtimeEnd - runtime < 1 << 22)) throw new Error("no _PyRuntime in Pyodide's exports");
const packed = pack(snapshot, { base, offset: memoryStart, skip });

// The snapshot restored the way the browser's worker restores it, into Pyodide's wasm or `wasm`.
async function restore(wasm = null) {
  wasmInstead = wasm;
  const memory = new Uint8Array(memoryLength(packed));
  try {
    return await loadPyodide({
      _loadSnapshot: memory,
      stdLibURL: stubPath,
      createPyodideModule,
      stdout: () => {},
      stderr: () => {},
      fsInit: () => {
        unpack(verify(packed), memory);
        rebase(packed, memory, freshMemory());
      },
    });
  } catch (error) {
    process.stderr.write(`snapshot does not restore${wasm ? " into the rewritten wasm" : ""}: ${String(error.message).slice(0, 500)}\n`);
    process.exit(1);
  }
}

// The entry point's handle, as the worker holds it.
function entryHandle(pyodide) {
  const entry = pyodide.pyimport(ENTRY);
  const handle = entry[ENTRY_FUNCTION].copy();
  entry.destroy();
  return handle;
}

// Every call of CALLS, through that handle: what each returned.
function serveCalls(liveUpdate, pyodide) {
  const results = calls.map((args) => {
    const text = liveUpdate(...args);
    const result = JSON.parse(text);
    if (!("ok" in result) || (args[2] === "{}" && !result.ok)) throw new Error(`live_update(${args.join(", ")}) fails`);
    return text;
  });
  try {
    liveUpdate("no-such-calculator", "en", "{}", "", "{}"); // raises: the worker reports it
    throw new Error("an unknown calculator did not raise");
  } catch (error) {
    if (!(error instanceof pyodide.ffi.PythonError)) throw error;
  }
  liveUpdate.destroy();
  return results;
}

const check = await restore();
check.runPython(EXERCISE);
const failures = JSON.parse(check.runPython("exercise()"));
if (failures.length) throw new Error(`restored snapshot fails: ${JSON.stringify(failures.slice(0, 3))}`);

// 4. Which of the wasm's functions a restored engine runs: an instrumented copy serves the calls.
const wasmPath = fileURLToPath(import.meta.resolve("pyodide/pyodide.asm.wasm"));
const original = new Uint8Array(readFileSync(wasmPath));
const probe = instrument(original);
const probed = await restore(probe.wasm);
const handle = entryHandle(probed);
const started = probe.executed(instance); // what a start runs (kept for the tests)
const expected = serveCalls(handle, probed);
const executed = probe.executed(instance);

// 5. The trimmed wasm: only those functions, the others emptied (they trap). It must answer every
// call exactly as the whole wasm did. (Not with runPython: compiling source is not among what the
// browser asks of the engine, and the trimmed wasm cannot.) Its static data stays whole: a read
// of data the build did not see read would give a wrong answer instead of a trap.
const trimmed = trim(original, executed);
const served = await restore(trimmed);
const answers = serveCalls(entryHandle(served), served);
const differ = answers.findIndex((answer, i) => answer !== expected[i]);
if (differ >= 0) throw new Error(`the trimmed wasm answers live_update(${calls[differ].join(", ")}) otherwise`);

writeFileSync(outPath, packed);
writeFileSync(trimmedPath, trimmed);
writeFileSync(stdlibPath, readFileSync(stubPath));
rmSync(work, { recursive: true });
process.stdout.write(
  JSON.stringify({ raw: snapshot.length, packed: packed.length, stdlibFiles: used.files.length, started, executed }),
);
