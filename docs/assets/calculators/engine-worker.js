// Community Playbook calculators: the engine, in a module Web Worker so Python never blocks the page.
//
// It starts the self-hosted Pyodide from a memory snapshot made at build time (the calculators
// already imported), falling back to a plain start plus the calculators wheel when the snapshot
// cannot be restored. It looks the Python entry point up once and calls it with plain strings:
// no Python source is ever built from input.

let liveUpdate = null;

async function fromSnapshot(loadPyodide, snapshotResponse, urls) {
  // The response is in before Pyodide starts: a loader that failed half-way cannot be started
  // again in the same worker, so a missing snapshot must be known before it begins.
  const response = await snapshotResponse;
  if (!response.ok) throw new Error(`${urls.snapshot}: HTTP ${response.status}`);
  // Shipped gzipped as a plain file: a static host need not know the type to compress it.
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  const snapshot = new Response(inflated).arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return loadPyodide({ indexURL: urls.index, _loadSnapshot: snapshot, stdout: () => {}, stderr: () => {} });
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
  const snapshotResponse = typeof DecompressionStream === "function" ? fetch(urls.snapshot) : null;
  snapshotResponse?.catch(() => {}); // a failure is handled where it is awaited
  const [probe, { loadPyodide }] = await Promise.all([
    fetch(wasm, { method: "HEAD" }),
    import(new URL("pyodide.mjs", urls.index).href),
  ]);
  if (!probe.ok) throw new Error(`${wasm}: HTTP ${probe.status}`);
  let pyodide;
  try {
    pyodide = snapshotResponse ? await fromSnapshot(loadPyodide, snapshotResponse, urls) : null;
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
