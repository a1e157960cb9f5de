// Community Playbook calculators: the engine, in a module Web Worker so Python never blocks the page.
//
// It starts the self-hosted Pyodide from a memory snapshot made at build time (the calculators
// already imported), falling back to a plain start plus the calculators wheel when the snapshot
// cannot be restored. It looks the Python entry point up once and calls it with plain strings:
// no Python source is ever built from input.

import { unpack } from "./snapshot-format.mjs";

let liveUpdate = null;

// The snapshot: fetched here at once, inflated in a worker of its own. Resolves as soon as the
// memory's length is known (rejects when the snapshot is missing), with the promise of the
// packed bytes that follow.
async function requestSnapshot(url) {
  const inflater = new Worker(new URL("snapshot-worker.js", import.meta.url), { type: "module" });
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    inflater.postMessage(response.body, [response.body]);
  } catch (error) {
    inflater.terminate();
    throw error;
  }
  return new Promise((resolveLength, rejectLength) => {
    let resolvePacked, rejectPacked;
    const packed = new Promise((resolve, reject) => ((resolvePacked = resolve), (rejectPacked = reject)));
    const fail = (error) => {
      inflater.terminate();
      rejectLength(error);
      rejectPacked(error);
    };
    inflater.addEventListener("error", (event) => {
      event.preventDefault();
      fail(new Error(event.message || "snapshot worker failed"));
    });
    inflater.addEventListener("message", ({ data }) => {
      if (data.type === "length") resolveLength({ length: data.length, packed });
      else if (data.type === "error") fail(new Error(data.message));
      else {
        inflater.terminate();
        resolvePacked(new Uint8Array(data.buffer));
      }
    });
  });
}

async function fromSnapshot(loadPyodide, snapshotRequest, urls) {
  // The snapshot is known to exist before Pyodide starts: a loader that failed half-way cannot
  // be started again in the same worker, so a missing snapshot must be known before it begins.
  const { length, packed } = await snapshotRequest;
  const memory = new Uint8Array(length);
  // Pyodide sizes its memory from the snapshot, then instantiates while the rest is still being
  // inflated: the fsInit hook is the last step before the memory is restored, so the bytes are
  // written in there, and the two slow steps overlap instead of following each other.
  const fillMemory = async () => {
    unpack(await packed, memory);
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

async function start(urls) {
  // Pyodide's loader leaves a rejected promise behind and hangs when the wasm cannot be fetched
  // (blocked, missing): ask for it first and fail at once with a clear reason instead. The probe,
  // the loader and the snapshot are requested together, so none waits for another.
  const wasm = new URL("pyodide.asm.wasm", urls.index).href;
  const snapshotRequest = typeof DecompressionStream === "function" ? requestSnapshot(urls.snapshot) : null;
  snapshotRequest?.catch(() => {}); // a failure is handled where it is awaited
  const [probe, { loadPyodide }] = await Promise.all([
    fetch(wasm, { method: "HEAD" }),
    import(new URL("pyodide.mjs", urls.index).href),
  ]);
  if (!probe.ok) throw new Error(`${wasm}: HTTP ${probe.status}`);
  let pyodide;
  try {
    pyodide = snapshotRequest ? await fromSnapshot(loadPyodide, snapshotRequest, urls) : null;
  } catch (error) {
    console.info("Snapshot not restored, starting Python from scratch:", String(error && error.message));
  }
  pyodide ??= await fromScratch(loadPyodide, urls);
  const render = pyodide.pyimport("calculators.render");
  liveUpdate = render.live_update.copy(); // outlives the module proxy destroyed below
  render.destroy();
}

function failure(error) {
  return { type: "failed", message: String(error && error.message ? error.message : error) };
}

// A failure deep inside a library is reported to the page as a failed engine, not as an uncaught error.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  self.postMessage(failure(event.reason));
});

self.addEventListener("message", async ({ data }) => {
  if (data.type === "init") {
    try {
      await start(data.urls);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage(failure(error));
    }
  } else if (data.type === "update" && liveUpdate) {
    try {
      self.postMessage({ type: "result", sequence: data.sequence, result: liveUpdate(data.calculator, data.lang, data.values) });
    } catch (error) {
      self.postMessage(failure(error));
    }
  }
});
