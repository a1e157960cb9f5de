// Community Playbook calculators: the engine, in a module Web Worker so Python never blocks the page.
//
// It starts the self-hosted Pyodide from a memory snapshot made at build time (the calculators
// already imported), falling back to a plain start plus the calculators wheel when the snapshot
// cannot be restored. It looks the Python entry point up once and calls it with plain strings:
// no Python source is ever built from input.

import { ENTRY, FILE, MESSAGE } from "./protocol.mjs";

const snapshotFormat = import(new URL(FILE.snapshot_format, import.meta.url).href);

let liveUpdate = null;
let prepared = null;

// What the start needs before any large file is fetched: the inflater's worker and Pyodide's
// small loader module. The page asks for this while idle, so the first intent only fetches.
function prepare(urls) {
  if (prepared) return prepared;
  const inflater = new Worker(new URL(FILE.snapshot_worker, import.meta.url), { type: "module" });
  // Kept until the snapshot is asked for: an inflater that failed to load means a plain start.
  const broken = new Promise((_, reject) => {
    inflater.addEventListener("error", (event) => {
      event.preventDefault();
      reject(new Error(event.message || "snapshot worker failed"));
    });
  });
  prepared = { inflater, broken, loader: import(new URL(FILE.pyodide_loader, urls.index).href) };
  for (const promise of [broken, prepared.loader]) promise.catch(() => {}); // handled where awaited
  return prepared;
}

// The snapshot, fetched and inflated by the inflater's worker, so neither the download nor the
// inflation waits on this thread while Pyodide compiles here. Resolves as soon as the memory's
// length is known (rejects when the snapshot is missing), with the promise of the packed bytes.
function requestSnapshot({ inflater, broken }, url) {
  inflater.postMessage(url);
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
    inflater.addEventListener("message", ({ data }) => {
      if (data.type === MESSAGE.snapshot_length) resolveLength({ length: data.length, packed });
      else if (data.type === MESSAGE.snapshot_failed) fail(new Error(data.message));
      else if (data.type === MESSAGE.snapshot_packed) {
        inflater.terminate();
        resolvePacked(new Uint8Array(data.buffer));
      }
    });
  });
}

function fromSnapshot(loadPyodide, snapshot, urls) {
  // Pyodide starts fetching and compiling at once and waits for the memory only to size it; a
  // missing snapshot rejects there, before anything is instantiated, so a plain start can follow.
  const memory = snapshot.then(({ length }) => new Uint8Array(length));
  memory.catch(() => {}); // awaited by Pyodide, though maybe only after it has failed
  // The fsInit hook is the last step before the memory is restored: the bytes are written in
  // there, so inflating and Pyodide's instantiation overlap instead of following each other.
  const fillMemory = async () => {
    const { packed } = await snapshot;
    const { unpack } = await snapshotFormat;
    unpack(await packed, await memory);
  };
  return loadPyodide({ indexURL: urls.index, _loadSnapshot: memory, fsInit: fillMemory, stdout: () => {}, stderr: () => {} });
}

async function fromScratch(loadPyodide, urls) {
  const pyodide = await loadPyodide({ indexURL: urls.index, stdout: () => {}, stderr: () => {} });
  const wheel = await fetch(urls.wheel);
  if (!wheel.ok) throw new Error(`${urls.wheel}: HTTP ${wheel.status}`);
  pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel");
  return pyodide;
}

async function startPyodide(loadPyodide, snapshot, urls) {
  if (snapshot) {
    try {
      return await fromSnapshot(loadPyodide, snapshot, urls);
    } catch (error) {
      console.info("Snapshot not restored, starting Python from scratch:", String(error && error.message));
    }
  }
  return fromScratch(loadPyodide, urls);
}

async function start(urls) {
  const preparation = prepare(urls);
  // Pyodide's loader leaves a rejected promise behind and hangs when the wasm cannot be fetched
  // (blocked, missing): a probe beside it fails the start at once with a clear reason instead.
  const wasm = new URL(FILE.pyodide_wasm, urls.index).href;
  const wasmReachable = fetch(wasm, { method: "HEAD" }).then((probe) => {
    if (!probe.ok) throw new Error(`${wasm}: HTTP ${probe.status}`);
  });
  let snapshot = null;
  if (typeof DecompressionStream === "function") {
    snapshot = requestSnapshot(preparation, urls.snapshot);
    snapshot.catch(() => {}); // a failure is handled where it is awaited
  } else {
    preparation.inflater.terminate();
  }
  const { loadPyodide } = await preparation.loader;
  const [, pyodide] = await Promise.all([wasmReachable, startPyodide(loadPyodide, snapshot, urls)]);
  const entry = pyodide.pyimport(ENTRY.module);
  liveUpdate = entry[ENTRY.function].copy(); // outlives the module proxy destroyed below
  entry.destroy();
}

function failure(error) {
  return { type: MESSAGE.failed, message: String(error && error.message ? error.message : error) };
}

// A failure deep inside a library is reported to the page as a failed engine, not as an uncaught error.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  self.postMessage(failure(event.reason));
});

self.addEventListener("message", async ({ data }) => {
  if (data.type === MESSAGE.prepare) {
    prepare(data.urls);
  } else if (data.type === MESSAGE.init) {
    try {
      await start(data.urls);
      self.postMessage({ type: MESSAGE.ready });
    } catch (error) {
      self.postMessage(failure(error));
    }
  } else if (data.type === MESSAGE.update && liveUpdate) {
    try {
      self.postMessage({ type: MESSAGE.result, sequence: data.sequence, result: liveUpdate(data.calculator, data.lang, data.values, data.changed || "", data.options || "{}") });
    } catch (error) {
      self.postMessage(failure(error));
    }
  }
});
