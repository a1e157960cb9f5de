// Community Playbook calculators: the engine, in a module Web Worker so Python never blocks the page.
//
// It starts the self-hosted Pyodide from a memory snapshot made at build time (the calculators
// already imported): first the trimmed snapshot in the trimmed wasm, then, should either fail,
// the whole snapshot in the whole wasm, and last a plain start plus the calculators wheel when
// no snapshot can be restored. It looks the Python entry point up once and calls it with plain
// strings: no Python source is ever built from input.

import { ENTRY, FILE, MESSAGE } from "./protocol.mjs";

let prepared = null;

// Modules imported when first needed, once: the page creates the workers as it starts, and what
// they import then counts against the page's weight before any intent (issue 5's 30 KB).
const modules = new Map();
function script(name, base = import.meta.url) {
  const url = new URL(name, base).href;
  if (!modules.has(url)) modules.set(url, import(url));
  return modules.get(url);
}

// What the start needs before any large file is fetched: the two inflaters' workers (one for
// the snapshot, one for the wasm), ready to fetch at once. The page asks for this as it starts;
// the first intent then fetches everything else.
function prepare() {
  prepared ??= { snapshot: newInflater(), wasm: newInflater() };
  return prepared;
}

function newInflater() {
  const inflater = new Worker(new URL(FILE.inflater, import.meta.url), { type: "module" });
  // Kept until a file is asked for: an inflater that failed to load means the plain way.
  const broken = new Promise((_, reject) => {
    inflater.addEventListener("error", (event) => {
      event.preventDefault();
      reject(new Error(event.message || "inflater failed"));
    });
  });
  broken.catch(() => {}); // handled where awaited
  return { inflater, broken };
}

// The snapshot, fetched and inflated by its inflater, so neither the download nor the
// inflation waits on this thread while Pyodide compiles here. Resolves as soon as the memory's
// length is known (rejects when the snapshot is missing), with the promise of the packed bytes.
function requestSnapshot({ inflater, broken }, url) {
  inflater.postMessage({ url });
  return new Promise((resolveLength, rejectLength) => {
    let resolvePacked, rejectPacked;
    const packed = new Promise((resolve, reject) => ((resolvePacked = resolve), (rejectPacked = reject)));
    packed.catch(() => {}); // awaited in fsInit, once Pyodide has the length
    const fail = (error) => {
      inflater.terminate();
      rejectLength(error);
      rejectPacked(error);
    };
    broken.catch(fail);
    let sized = false;
    inflater.addEventListener("message", ({ data }) => {
      if (data.type === MESSAGE.snapshot_length) {
        sized = true;
        resolveLength({ length: data.length, packed });
      } else if (data.type === MESSAGE.inflate_failed) fail(new Error(data.message));
      else if (!sized) fail(new Error("not a packed engine snapshot")); // too short to hold a length
      else if (data.type === MESSAGE.snapshot_packed) {
        inflater.terminate();
        resolvePacked(new Uint8Array(data.buffer));
      }
    });
  });
}

// Pyodide fetches and instantiates the wasm itself and, when that fails (a blocked or missing
// file, a host that serves it as text/plain, memory it cannot have), only logs a warning and
// waits forever. So the engine fetches and compiles the wasm itself and hands Pyodide an empty
// stand-in for its own request: no abandoned download of it is left holding the HTTP cache.
//
// A start takes the trimmed wasm first: Pyodide's, with only the 1,500 of its 17,000 functions
// that the build saw the trimmed snapshot run (site_ext/wasm_trim.mjs): 1.5 MB
// Zstandard-compressed instead of 2.9 MB, and quicker to compile. Code it left out traps
// instead of running; the engine then starts again whole (see `whole`), and a plain start (no
// snapshot) always takes the whole wasm (`wholeWasm`). Each comes Zstandard-compressed, inflated
// and compiled as it arrives by an inflater; should that fail (a host without the file, a
// damaged frame, no inflater), the whole wasm itself, streamed when the type is
// application/wasm and compiled from its bytes otherwise. The wrapper below, Pyodide's only way
// to instantiate, reports any failure to the start in progress.
let wasmFailed = () => {};
let wasmUrl = null; // Pyodide's own request for its wasm
let compiled = null; // the module the next start instantiates
let trimmedWasm = false; // whether that is the trimmed wasm
// The engine starts on the trimmed pair: the trimmed snapshot (the Python functions the build
// saw a restored engine run; the others trap, site_ext/make_snapshot.mjs) in the trimmed wasm.
// Once either has failed, it starts again on the whole snapshot in the whole wasm, for good.
let whole = false;
const fetchFromNetwork = self.fetch.bind(self);
const streaming = WebAssembly.compileStreaming?.bind(WebAssembly);

async function compileWasm(source) {
  const response = await source;
  if (!response.ok) throw new Error(`${FILE.pyodide_wasm}: HTTP ${response.status}`);
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
  if (streaming && type === "application/wasm") return streaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

// A compressed wasm of the engine's folder, inflated and compiled by its inflater.
function compilePackedWasm({ inflater, broken }, name) {
  return new Promise((resolve, reject) => {
    const settle = (settled) => (value) => {
      inflater.terminate();
      settled(value);
    };
    broken.catch(settle(reject));
    inflater.addEventListener("message", ({ data }) => {
      if (data.type === MESSAGE.wasm_compiled) settle(resolve)(data.module);
      else if (data.type === MESSAGE.inflate_failed) settle(reject)(new Error(data.message));
    });
    inflater.postMessage({ url: new URL(name, wasmUrl).href, compile: true });
  });
}

function wholeWasm(inflater = newInflater()) {
  return compilePackedWasm(inflater, FILE.pyodide_wasm_zstd).catch((error) => {
    console.info("Compressed wasm not used, fetching the wasm itself:", String(error && error.message));
    return compileWasm(fetchFromNetwork(wasmUrl));
  });
}

function fetchWasmOnce(inflater, url) {
  wasmUrl = url;
  if (compiled) {
    inflater.inflater.terminate(); // a restart: the whole wasm is on its way already
    return;
  }
  trimmedWasm = true;
  compiled = compilePackedWasm(inflater, FILE.pyodide_wasm_trimmed).catch((error) => {
    console.info("Trimmed wasm not used, taking the whole wasm:", String(error && error.message));
    trimmedWasm = false;
    return wholeWasm();
  });
  compiled.catch(() => {}); // reported when Pyodide instantiates
}

// From now on, the whole snapshot and the whole wasm (a trimmed engine failed).
function useWhole() {
  whole = true;
  if (compiled && !trimmedWasm) return;
  trimmedWasm = false;
  compiled = wholeWasm();
  compiled.catch(() => {}); // reported when Pyodide instantiates
}

self.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (wasmUrl && compiled && url === wasmUrl) return Promise.resolve(new Response(null)); // already fetched
  return fetchFromNetwork(input, init);
};

WebAssembly.instantiateStreaming = async (source, imports) => {
  try {
    compiled ??= compileWasm(source);
    const module = await compiled;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  } catch (error) {
    wasmFailed(error);
    return new Promise(() => {}); // the start is abandoned and reported; Pyodide need not log it too
  }
};

// Settles with Pyodide, or rejects as soon as something it cannot report fails: the wasm's
// instantiation, a trap in Pyodide's start (it surfaces only as an unhandled rejection), or (from
// a snapshot) the memory's contents.
let startFailed = () => {};

function loadWatched(loadPyodide, config, failures = []) {
  const failure = new Promise((_, reject) => {
    wasmFailed = startFailed = reject;
    for (const promise of failures) promise.catch(reject);
  });
  return Promise.race([loadPyodide(config), failure]);
}

// The lock file lists Pyodide's packages; we never load one, so a host that lacks the file
// gets an empty list instead of a failed start. Its ABI line is the build's (stamped on copy).
const LOCK_INFO = null; // @lock-info: replaced by site_ext/engine_assets.py when copied into the site
// The snapshot's memory length, stamped the same way: Pyodide sizes its memory with it and
// starts at once instead of waiting for the snapshot's first bytes. A snapshot of another length
// is refused when unpacked (the plain start follows).
const SNAPSHOT_LENGTH = null; // @snapshot-length

function lockFile(urls) {
  const url = new URL(FILE.pyodide_lock, urls.index).href;
  return fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.text();
    })
    .catch((error) => {
      if (!LOCK_INFO) throw error;
      console.info("Pyodide's lock file unavailable, none needed:", String(error && error.message));
      return JSON.stringify({ info: LOCK_INFO, packages: {} });
    });
}

function fromSnapshot(loadPyodide, snapshot, urls) {
  // Pyodide starts fetching and compiling at once and waits for the memory only to size it: the
  // stamped length gives it at once (else the snapshot's first bytes do). A missing snapshot
  // fails this start as soon as it is known, so that a plain start can follow.
  const sized = SNAPSHOT_LENGTH ? Promise.resolve({ length: SNAPSHOT_LENGTH }) : snapshot;
  const memory = sized.then(({ length }) => new Uint8Array(length));
  memory.catch(() => {}); // awaited by Pyodide, though maybe only after it has failed
  const packed = snapshot.then((parts) => parts.packed);
  let unpackFailed;
  const unpacking = new Promise((_, reject) => (unpackFailed = reject));
  // Pyodide's module factory, called through this wrapper to keep hold of the instance: the
  // snapshot is stored as its difference from a fresh instance's memory, read at fsInit.
  const factory = script(FILE.pyodide_module, urls.index);
  factory.catch(() => {}); // awaited by Pyodide when it creates the instance
  let instance = null;
  const createPyodideModule = async (settings) => {
    instance = settings; // Emscripten's Module: the settings object, filled in
    return (await factory).default(settings);
  };
  // The fsInit hook is the last step before the memory is restored: the bytes are written in
  // there, so inflating and Pyodide's instantiation overlap instead of following each other.
  // A damaged snapshot must not reach Pyodide (it would restore garbage, or report the failure
  // nowhere): this attempt is abandoned where it stands, and the plain start follows.
  const fillMemory = async () => {
    try {
      const { needsBase, rebase, unpack } = await script(FILE.snapshot_format);
      const [bytes, target] = [await packed, await memory];
      unpack(bytes, target);
      if (needsBase(bytes)) {
        const fresh = instance && instance.HEAPU8;
        if (!fresh) throw new Error("no fresh Pyodide instance to restore the snapshot against");
        rebase(bytes, target, fresh);
      }
    } catch (error) {
      unpackFailed(error);
      await new Promise(() => {});
    }
  };
  // We never load a package: with the lock file's info stamped in, its package list is not fetched.
  const lockFileContents = LOCK_INFO ? JSON.stringify({ info: LOCK_INFO, packages: {} }) : lockFile(urls);
  const config = {
    indexURL: urls.index,
    stdLibURL: new URL(FILE.snapshot_stdlib, urls.index).href,
    lockFileContents,
    createPyodideModule,
    _loadSnapshot: memory,
    fsInit: fillMemory,
  };
  const stderr = (line) => {
    if (line.startsWith("engine: ")) leftOut = line.slice("engine: ".length);
  };
  return loadWatched(loadPyodide, { ...config, stdout: () => {}, stderr }, [packed, unpacking]);
}

async function fromScratch(loadPyodide, urls) {
  const config = { indexURL: urls.index, lockFileContents: lockFile(urls), stdout: () => {}, stderr: () => {} };
  const pyodide = await loadWatched(loadPyodide, config);
  const wheel = await fetch(urls.wheel);
  if (!wheel.ok) throw new Error(`${urls.wheel}: HTTP ${wheel.status}`);
  pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel");
  return pyodide;
}

// The entry point's handle, from a snapshot if it can be restored, else from a plain start. A
// trimmed engine that fails to start is started again whole.
async function startEngine(loadPyodide, snapshot, urls) {
  try {
    return await quietly(async () => entryPoint(await fromSnapshot(loadPyodide, snapshot, urls)));
  } catch (error) {
    if (!whole) {
      console.info("Trimmed engine failed, starting the whole engine:", failedWith(error));
      useWhole();
      return start(urls);
    }
    console.info("Snapshot not restored, starting Python from scratch:", String(error && error.message));
  }
  return entryPoint(await fromScratch(loadPyodide, urls));
}

function entryPoint(pyodide) {
  const entry = pyodide.pyimport(ENTRY.module);
  const handle = entry[ENTRY.function].copy(); // outlives the module proxy destroyed below
  entry.destroy();
  return { handle, trimmed: !whole, PythonError: pyodide.ffi.PythonError };
}

// Pyodide reports a trap on the console as a fatal error before it throws. In a trimmed engine
// a trap means code the build did not see run, and the whole engine takes over: that is logged
// as information, not as an error. Anything else logged meanwhile is logged as it was.
async function quietly(run) {
  if (whole) return run();
  const [log, said] = [console.error, []];
  console.error = (...args) => said.push(args);
  let trapped = false;
  try {
    return await run();
  } catch (error) {
    trapped = isTrap(error);
    throw error;
  } finally {
    console.error = log;
    if (!trapped) for (const args of said) log(...args);
  }
}

function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError || Boolean(error && error.pyodide_fatal_error);
}

// What the trimmed snapshot's left-out Python functions write to stderr before they trap.
let leftOut = "";

function failedWith(error) {
  const message = String(error && error.message);
  return leftOut ? `${message} (${leftOut})` : message;
}

// Starts an engine: the entry point's handle, and whether the engine is trimmed.
async function start(urls) {
  const inflaters = prepare();
  prepared = null; // each inflater serves one file: a restart prepares new ones
  const snapshotUrl = whole ? urls.snapshot : new URL(FILE.snapshot_trimmed, urls.snapshot).href;
  const snapshot = requestSnapshot(inflaters.snapshot, snapshotUrl);
  snapshot.catch(() => {}); // a failure is handled where it is awaited
  fetchWasmOnce(inflaters.wasm, new URL(FILE.pyodide_wasm, urls.index).href);
  script(FILE.snapshot_format).catch(() => {}); // needed at fsInit; a failure is reported there
  // Pyodide's module (1.3 MB of JavaScript) beside its loader, not after it: every start needs it.
  script(FILE.pyodide_module, urls.index).catch(() => {}); // reported where awaited
  const { loadPyodide } = await script(FILE.pyodide_loader, urls.index);
  return startEngine(loadPyodide, snapshot, urls);
}

// One call of the entry point. A trimmed engine that traps (its instance is dead then) is
// replaced once by the whole engine, which answers the same call.
async function update(data) {
  const args = [data.calculator, data.lang, data.values, data.changed || "", data.options || "{}"];
  const current = await engine;
  try {
    return await quietly(() => current.handle(...args));
  } catch (error) {
    // A Python exception the whole engine would raise too. Anything else from a trimmed engine is
    // taken for what was left out: a trap, or a TypeError where its JavaScript reads an export
    // the trimmed wasm does not have.
    if (!current.trimmed || error instanceof current.PythonError) throw error;
    if ((await engine) === current) {
      console.info("Trimmed engine failed, restarting whole:", failedWith(error));
      useWhole();
      engine = start(startUrls);
    }
    return (await engine).handle(...args);
  }
}

function failure(error) {
  return { type: MESSAGE.failed, message: String(error && error.message ? error.message : error) };
}

// Pyodide leaves rejected promises behind when a start fails (e.g. the wasm's fetch, awaited only
// later). The start itself settles (ready, or failed with its reason), so they are only noted;
// but a trap during the start (the trimmed wasm's left-out code) fails the start in progress.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (event.reason instanceof WebAssembly.RuntimeError) startFailed(event.reason);
  console.info("Calculator engine: a failed step left this behind:", String(event.reason && event.reason.message ? event.reason.message : event.reason));
});

let engine = null; // the started engine: its entry point's handle, and whether it is trimmed
let startUrls = null;

self.addEventListener("message", async ({ data }) => {
  if (data.type === MESSAGE.prepare) {
    prepare();
  } else if (data.type === MESSAGE.init) {
    startUrls = data.urls;
    engine = start(data.urls);
    try {
      await engine;
      self.postMessage({ type: MESSAGE.ready });
    } catch (error) {
      self.postMessage(failure(error));
    }
  } else if (data.type === MESSAGE.update && engine) {
    try {
      self.postMessage({ type: MESSAGE.result, sequence: data.sequence, result: await update(data) });
    } catch (error) {
      // This calculator's failure only: the engine and the other calculators go on.
      self.postMessage({ type: MESSAGE.result, sequence: data.sequence, error: failure(error).message });
    }
  }
});
