// Community Playbook calculators: the engine, in a module Web Worker so Python never blocks the page.
//
// It loads the self-hosted Pyodide runtime, unpacks the calculators wheel, looks the Python entry
// point up once and calls it with plain strings: no Python source is ever built from input.

let liveUpdate = null;

self.addEventListener("message", async ({ data }) => {
  if (data.type === "init") {
    try {
      const { loadPyodide } = await import(new URL("pyodide.mjs", data.indexURL).href);
      const pyodide = await loadPyodide({ indexURL: data.indexURL, stdout: () => {}, stderr: () => {} });
      const wheel = await fetch(data.wheelURL);
      if (!wheel.ok) throw new Error(`${data.wheelURL}: HTTP ${wheel.status}`);
      pyodide.unpackArchive(await wheel.arrayBuffer(), "wheel");
      const render = pyodide.pyimport("calculators.render");
      liveUpdate = render.live_update;
      render.destroy();
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "update" && liveUpdate) {
    try {
      const result = liveUpdate(data.calculator, data.lang, data.values);
      self.postMessage({ type: "result", sequence: data.sequence, result });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  }
});
