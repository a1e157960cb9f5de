// Builds the engine's memory snapshot: the pinned Pyodide with the calculators unpacked and
// imported, so a browser restores a ready interpreter instead of starting Python from scratch.
// Usage: node make_snapshot.mjs WHEEL OUT OUT_STDLIB.zip OUT_TRIMMED.wasm OUT_TRIMMED_SNAPSHOT
//
// Four files come out, all checked here before anything is written:
// - OUT, the snapshot, packed against a fresh instance's memory (engine/snapshot-format.mjs); the
//   build compresses it (site_ext/engine_assets.py);
// - OUT_STDLIB.zip, the standard library cut down to the modules the snapshot has imported. A
//   restored interpreter has every module it runs already in memory, and Python only looks at
//   the zip to import something new. The snapshot is made with this very zip mounted, so the
//   zip importer's cached directory (part of the snapshot) matches the file the browser gets;
// - OUT_TRIMMED_SNAPSHOT, the same snapshot with only the Python functions a restored engine
//   runs (those a profile saw run while the interpreter served every call of CALLS the way the
//   browser's worker makes it) and no docstrings; the others trap. Packed and compressed alike;
// - OUT_TRIMMED.wasm, Pyodide's wasm with only the functions the trimmed snapshot runs (wasm_trim.mjs):
//   those an instrumented copy ran while the restored trimmed snapshot served every call of CALLS;
//   the others trap. The build compresses it too.
// The browser starts on the trimmed pair and, when either traps, on the whole pair: both must
// answer every call exactly as the whole snapshot in the whole wasm does.
// The snapshot API is private and tied to this exact Pyodide build, so the script restores the
// snapshot it made, the way the browser does (fresh instance, unpack, rebase, cut zip), and runs
// every calculator in every language, with good and bad input: a bad snapshot fails the build.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { memoryLength, pack, rebase, unpack, verify } from "./engine/snapshot-format.mjs";
import { exportNames, instrument, trim } from "./wasm_trim.mjs";

const [ENTRY, ENTRY_FUNCTION] = ["calculators.live", "live_update"]; // what the browser calls
const [wheelPath, outPath, stdlibPath, trimmedPath, trimmedSnapshotPath] = process.argv.slice(2);
let said = []; // what the last restored engine wrote to stderr (a left-out function names itself)
process.on("uncaughtException", (error) => {
  // Print the message only: Node would otherwise echo a megabyte of minified Pyodide source.
  process.stderr.write(`snapshot failed: ${String(error && error.message).slice(0, 2000)}\n${said.join("\n")}\n`);
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
// freed again, and the stack below its pointer (nothing runs there now) is zeroed. Once the
// Python functions are trimmed, runPython is among what was left out: the streams were done
// before, and trim() has collected.
function zeroFreeMemory(pyodide, { trimmed = false } = {}) {
  if (!trimmed) {
    const scratch = pyodide.toPy({});
    pyodide.runPython(SHRINK_STREAM_BUFFERS, { globals: scratch });
    zeroFreeBlocks(pyodide);
    pyodide.runPython(GROW_STREAM_BUFFERS, { globals: scratch });
    scratch.destroy();
  }
  zeroFreeBlocks(pyodide, { collected: trimmed });
  const m = pyodide._module;
  m.HEAPU8.fill(0, m._emscripten_stack_get_end(), m._emscripten_stack_get_current());
}

function zeroFreeBlocks(pyodide, { collected = false } = {}) {
  if (!collected) pyodide.runPython("import gc; gc.collect()");
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

// Which Python functions a restored engine runs: a profiler notes each function's code (by file,
// qualified name and first line) while the interpreter does the Python part of what Pyodide does
// when it restores a snapshot, and then serves every call of CALLS through the worker's handle.
const PROFILE = `
import sys
ran = set()
def note(frame, event, arg):
    if event == "call":
        code = frame.f_code
        ran.add((code.co_filename, code.co_qualname, code.co_firstlineno))
sys.setprofile(note)
`;
// Pyodide's finalizeBootstrap and finalizeSetup after a restore, as far as they run Python (the
// rest of its start, initializePackageIndex, is called from JavaScript below).
const AS_AT_RESTORE = `
import importlib, os, _pyodide, _pyodide._base as base
namespace = base.eval_code("{}")
base.eval_code("import importlib\\nimportlib", namespace)
for name in ("sys", "os", "pyodide", "pyodide.code", "pyodide.ffi", "pyodide._package_loader", "_pyodide._base"):
    importlib.import_module(name)
base.eval_code("import __main__\\n__main__.__dict__", namespace)
base.eval_code("import builtins\\nbuiltins.__dict__", namespace)
loader = importlib.import_module("pyodide._package_loader")
os.environ.__setitem__("LD_LIBRARY_PATH", ":".join([loader.DSO_DIR.__str__(), loader.SITE_PACKAGES.__str__()]))
_pyodide.set_excepthook()
`;
const PROFILED = `
import sys, json
sys.setprofile(None)
json.dumps(sorted(ran))
`;

// The trimmed snapshot: each Python function the profile did not see run gets a body that writes
// its name to stderr and aborts, which is a trap, like the trimmed wasm's left-out code (no
// Python handler can catch it, so it cannot change an answer: the worker starts the whole engine
// instead). The function's own code is freed, and so are the docstrings (as python -OO would).
const TRIM_PYTHON = `
import gc, os, sys, types, warnings
HEAPTYPE = 1 << 9
def stub(freevars, cache={}):
    """A body that takes any arguments and closes over as many cells as the function it replaces."""
    if freevars not in cache:
        cells = [f"cell{i}" for i in range(freevars)]
        source = "def outer():\\n" + (f"    {' = '.join(cells)} = None\\n" if cells else "") + \\
            "    def stub(*args, **kwargs):\\n" + "".join(f"        {cell}\\n" for cell in cells) + \\
            "        (0xDEAD0001)(2, 0xDEAD0002)\\n        (0xDEAD0003)()\\n    return stub\\n"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "'int' object is not callable": the constants are replaced
            module = compile(source, "<trimmed>", "exec")
        outer = next(c for c in module.co_consts if isinstance(c, types.CodeType))
        cache[freevars] = next(c for c in outer.co_consts if isinstance(c, types.CodeType))
    return cache[freevars]
def trim(ran):
    ran = {tuple(key) for key in ran}
    things = gc.get_objects()
    left_out = [
        thing for thing in things
        if type(thing) is types.FunctionType and thing.__globals__ is not globals()
        and (thing.__code__.co_filename, thing.__code__.co_qualname, thing.__code__.co_firstlineno) not in ran
    ]
    for thing in things:
        if type(thing) is types.FunctionType or isinstance(thing, types.ModuleType):
            thing.__doc__ = None
        elif isinstance(thing, type) and thing.__flags__ & HEAPTYPE and isinstance(thing.__dict__.get("__doc__"), str):
            try:
                type.__setattr__(thing, "__doc__", None)  # not a metaclass's own __setattr__
            except (AttributeError, TypeError):
                pass
    bodies = {n: stub(n) for n in {len(function.__code__.co_freevars) for function in left_out}}  # before any is replaced
    for function in left_out:
        code = function.__code__
        message = f"engine: {function.__module__}.{code.co_qualname} was left out of the snapshot\\n".encode()
        constants = {0xDEAD0001: os.write, 0xDEAD0002: message, 0xDEAD0003: os.abort}
        body = bodies[len(code.co_freevars)]
        function.__code__ = body.replace(
            co_consts=tuple(constants.get(c, c) if type(c) is int else c for c in body.co_consts),
            co_name=code.co_name, co_qualname=code.co_qualname, co_filename=code.co_filename,
            co_firstlineno=code.co_firstlineno,
        )
    count = len(left_out)
    del things, left_out
    gc.collect()
    return count
`;

// The Python functions `pyodide` runs (as [file, qualified name, first line]) when it does the
// Python part of a restore (Pyodide's initializePackageIndex from JavaScript), then serves every
// call of CALLS; `answered` gets the answers.
function profiledRun(pyodide, answered = () => {}) {
  const profile = pyodide.toPy({});
  pyodide.runPython(PROFILE, { globals: profile });
  pyodide.runPython(AS_AT_RESTORE, { globals: pyodide.toPy({}) });
  pyodide._api._pyodide._importhook.register_module_not_found_hook(pyodide._api._import_name_to_package_name);
  pyodide._api.package_loader.init_loaded_packages();
  answered(serveCalls(entryHandle(pyodide), pyodide));
  const ran = JSON.parse(pyodide.runPython(PROFILED, { globals: profile }));
  profile.destroy();
  return ran;
}

// The exports of Pyodide's wasm that its JavaScript reads, in the wasm's order. Emscripten's glue
// assigns each export it knows to a variable (assignWasmExports) and walks all of them at
// instantiation (8,560, most of them for libraries loaded at run time, which the calculators
// never load). Kept: those whose variable Pyodide's JavaScript uses anywhere else, the data
// addresses it reads there (`.value`), the module's own GOT imports (the glue resolves them from
// the exports), and every export its JavaScript names otherwise (`wasmExports._pyproxy_apply_promising`,
// for JSPI in browsers). A name left out that some path of its still reads fails that path with
// a TypeError, and the worker then starts the whole engine.
function exportsPyodideReads(wasm) {
  const js = ["pyodide/pyodide.asm.mjs", "pyodide/pyodide.mjs"]
    .map((name) => readFileSync(fileURLToPath(import.meta.resolve(name)), "utf8"))
    .join("\n");
  const head = "function assignWasmExports(wasmExports){";
  const start = js.indexOf(head);
  const end = js.indexOf("}", start);
  const statements = js.slice(start + head.length, end).split(";");
  const assigned = statements.map((statement) => ({
    variables: [...statement.matchAll(/([\w$]+)=/g)].map((match) => match[1]),
    name: (statement.match(/wasmExports\["([^"]+)"\]/) || [])[1],
    data: statement.includes("].value"),
  }));
  // The variables' declaration (one `var` list) is not a use either.
  const declaration = js.indexOf(`var ${assigned[0]?.variables[0]},`);
  if (start < 0 || declaration < 0 || assigned.some(({ name, variables }) => !name || !variables.length)) {
    throw new Error("Pyodide's JavaScript no longer assigns its exports as make_snapshot.mjs reads them");
  }
  const ranges = [
    [start, end],
    [declaration, js.indexOf(";", declaration)],
  ].sort((a, b) => b[0] - a[0]);
  const rest = ranges.reduce((text, [from, to]) => text.slice(0, from) + text.slice(to), js);
  const words = new Set(rest.match(/[\w$]+/g));
  const got = WebAssembly.Module.imports(new WebAssembly.Module(wasm))
    .filter((entry) => entry.module.startsWith("GOT."))
    .map((entry) => entry.name);
  const known = new Set(assigned.map(({ name }) => name));
  const read = new Set([
    ...assigned
      .filter(({ name, variables, data }) => data || words.has(name) || variables.some((variable) => words.has(variable)))
      .map(({ name }) => name),
    ...got,
  ]);
  return exportNames(wasm).filter((name) => read.has(name) || (!known.has(name) && (words.has(name) || words.has(`_${name}`))));
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
// Which Python functions a restored engine runs, as this interpreter (which has the state the
// snapshot will have) sees them; the restored whole snapshot adds what it runs below.
const ranBeforeRestore = profiledRun(full);
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
const whole = maker.makeMemorySnapshot();
// Pyodide's snapshot: a header (its 2nd word says where the memory starts), then the memory.
const memoryStart = new Uint32Array(whole.buffer, whole.byteOffset, 2)[1];

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
  _loadSnapshot: new Uint8Array(whole.length),
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
const packedWhole = pack(whole, { base, offset: memoryStart, skip });

// A packed snapshot restored the way the browser's worker restores it, into Pyodide's wasm or
// `wasm`. What the restored engine writes to stderr is kept in `said`.
async function restore(packedSnapshot, wasm = null) {
  wasmInstead = wasm;
  said = [];
  const memory = new Uint8Array(memoryLength(packedSnapshot));
  try {
    return await loadPyodide({
      _loadSnapshot: memory,
      stdLibURL: stubPath,
      createPyodideModule,
      stdout: () => {},
      stderr: (line) => said.push(line),
      fsInit: () => {
        unpack(verify(packedSnapshot), memory);
        rebase(packedSnapshot, memory, freshMemory());
      },
    });
  } catch (error) {
    const what = `${packedSnapshot === packedWhole ? "" : "trimmed "}snapshot${wasm ? " into the rewritten wasm" : ""}`;
    process.stderr.write(`${what} does not restore: ${String(error.message).slice(0, 500)}\n${said.join("\n")}\n`);
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

// The whole snapshot in the whole wasm: every calculator, and the answers the others must give.
// Meanwhile a profile notes which Python functions the restored engine runs.
const check = await restore(packedWhole);
check.runPython(EXERCISE);
const failures = JSON.parse(check.runPython("exercise()"));
if (failures.length) throw new Error(`restored snapshot fails: ${JSON.stringify(failures.slice(0, 3))}`);
let expected = null;
const ran = [...ranBeforeRestore, ...profiledRun(check, (answers) => (expected = answers))];

// The trimmed snapshot, from the same interpreter as the whole one: only the functions that ran.
const trimmer = maker.toPy({});
maker.runPython(TRIM_PYTHON, { globals: trimmer });
const leftOut = trimmer.get("trim")(maker.toPy(ran));
trimmer.destroy();
zeroFreeMemory(maker, { trimmed: true });
const snapshot = maker.makeMemorySnapshot();
if (snapshot.length !== whole.length) throw new Error("the trimmed snapshot's memory differs in length from the whole one's");
const packed = pack(snapshot, { base, offset: memoryStart, skip });

// Each engine below must answer every call exactly so, or the build stops.
function sameAnswers(answers, what) {
  const differ = answers.findIndex((answer, i) => answer !== expected[i]);
  if (differ >= 0) throw new Error(`${what} answers live_update(${calls[differ].join(", ")}) otherwise:\n${said.join("\n")}`);
}

// 4. Which of the wasm's functions a restored engine runs: the trimmed snapshot in an
// instrumented copy of the wasm (which runs as the whole wasm does) serves the calls.
const wasmPath = fileURLToPath(import.meta.resolve("pyodide/pyodide.asm.wasm"));
const original = new Uint8Array(readFileSync(wasmPath));
const probe = instrument(original);
const probed = await restore(packed, probe.wasm);
const handle = entryHandle(probed);
const started = probe.executed(instance); // what a start runs (kept for the tests)
sameAnswers(serveCalls(handle, probed), "the trimmed snapshot");
const executed = probe.executed(instance);

// 5. The trimmed wasm: only those functions, the others emptied (they trap), and only the
// exports Pyodide's JavaScript reads. With the trimmed snapshot, it must answer every call as
// the whole engine did. (Not with runPython: compiling source is not among what the browser asks
// of the engine, and the trimmed wasm cannot.) Its static data stays whole: a read of data the
// build did not see read would give a wrong answer instead of a trap.
const exported = exportsPyodideReads(original);
const trimmed = trim(original, executed, exported);
const served = await restore(packed, trimmed);
sameAnswers(serveCalls(entryHandle(served), served), "the trimmed wasm");

writeFileSync(outPath, packedWhole);
writeFileSync(trimmedSnapshotPath, packed);
writeFileSync(trimmedPath, trimmed);
writeFileSync(stdlibPath, readFileSync(stubPath));
rmSync(work, { recursive: true });
process.stdout.write(
  JSON.stringify({
    raw: snapshot.length,
    packed: packedWhole.length,
    stdlibFiles: used.files.length,
    python_ran: ran,
    python_left_out: leftOut,
    started,
    executed,
    exports: exported,
  }),
);
