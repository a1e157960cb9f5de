// Community Playbook calculators: fetches one of the engine's Zstandard-compressed files and
// inflates it, in a worker of its own.
//
// Inflating keeps a thread busy for a while (fzstd is JavaScript). Here it runs beside Pyodide's
// start (its loader and its 1.3 MB module on the engine's thread) instead of delaying it. Two
// kinds of request:
// - the snapshot, needed whole: the memory's length is reported as soon as the first bytes are
//   inflated, so Pyodide can start; then the packed snapshot is checked whole and handed over;
// - the wasm, compiled here as it is inflated (streaming compilation), and handed over compiled:
//   a WebAssembly.Module goes to another worker without a copy of its code.
import { FILE, MESSAGE } from "./protocol.mjs";

// Imported once a file is asked for: the page creates this worker while idle, before any intent.
const imported = (name) => import(new URL(name, import.meta.url).href);

self.addEventListener("message", async ({ data: { url, compile } }) => {
  try {
    const fetched = fetch(url);
    fetched.catch(() => {}); // awaited below, once the scripts are in
    const [{ HEADER, memoryLength, verify }, { decoded }] = await Promise.all([
      imported(FILE.snapshot_format),
      imported(FILE.zstd_stream),
    ]);
    const response = await fetched;
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (compile) {
      const wasm = new Response(decoded(response.body), { headers: { "Content-Type": "application/wasm" } });
      const module = WebAssembly.compileStreaming ? await WebAssembly.compileStreaming(wasm) : await WebAssembly.compile(await wasm.arrayBuffer());
      self.postMessage({ type: MESSAGE.wasm_compiled, module });
      return;
    }
    const reader = decoded(response.body).getReader();
    const chunks = [];
    let size = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (size < HEADER && size + next.value.length >= HEADER) {
        const head = concat([...chunks, next.value], size + next.value.length);
        self.postMessage({ type: MESSAGE.snapshot_length, length: memoryLength(head) });
      }
      chunks.push(next.value);
      size += next.value.length;
    }
    const packed = concat(chunks, size);
    verify(packed); // throws: too short to be a snapshot, or damaged
    self.postMessage({ type: MESSAGE.snapshot_packed, buffer: packed.buffer }, [packed.buffer]);
  } catch (error) {
    self.postMessage({ type: MESSAGE.inflate_failed, message: String(error && error.message ? error.message : error) });
  }
});

function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
