// Community Playbook calculators: fetches one of the engine's Zstandard-compressed files and
// inflates it, in a worker of its own.
//
// Inflating and compiling keep a thread busy for a while. Here they run beside Pyodide's
// start (its loader and its 1.3 MB module on the engine's thread) instead of delaying it. Two
// kinds of request:
// - the snapshot, needed whole: the memory's length is reported as soon as the first bytes are
//   inflated, so Pyodide can start; then the packed snapshot is checked whole and handed over;
// - the wasm, compiled here as it is inflated (streaming compilation), and handed over compiled:
//   a WebAssembly.Module goes to another worker without a copy of its code.
// What it inflated it keeps for the reader's next visit (below).
import { FILE, MESSAGE, STORE } from "./protocol.mjs";

// Imported once a file is asked for: the page creates this worker as it starts, before any intent.
const imported = (name) => import(new URL(name, import.meta.url).href);

// What an inflater inflates is kept in the browser's Cache Storage under the compressed file's
// URL (the engine's folder is named by its content, so a URL never changes meaning): a returning
// reader's engine skips the download and the inflating, and compiles the wasm from a stored
// response (which the browser may keep compiled code for). Entries of other engine folders go
// when a new one is stored; a stored entry that fails its checks is deleted.
async function openStore() {
  try {
    return self.caches ? await caches.open(STORE.inflated) : null; // none on plain-HTTP hosts
  } catch {
    return null; // storage refused (private modes, quota): the engine works without it
  }
}

async function keep(store, url, response) {
  try {
    await store.put(url, response);
    const folder = new URL(".", url).href;
    for (const request of await store.keys()) if (!request.url.startsWith(folder)) await store.delete(request);
  } catch {
    // Not kept: the next visit inflates again.
  }
}

self.addEventListener("message", async ({ data: { url, compile } }) => {
  const store = await openStore();
  try {
    const kept = store && (await store.match(url).catch(() => undefined));
    const fetched = kept || fetch(url);
    Promise.resolve(fetched).catch(() => {}); // awaited below, once the scripts are in
    // The snapshot's format only for the snapshot: the wasm's inflater needs the stream alone.
    const stream = imported(FILE.zstd_stream);
    // The decoder's fetch and compilation beside the download, not after its first bytes.
    if (!kept) stream.then(({ startDecoder }) => startDecoder()).catch(() => {});
    const [{ decoded }, format] = await Promise.all([stream, compile ? null : imported(FILE.snapshot_format)]);
    const response = await fetched;
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const type = { "Content-Type": "application/wasm" };
    if (compile && kept) {
      self.postMessage({ type: MESSAGE.wasm_compiled, module: await compileWasm(kept) });
      return;
    }
    if (compile) {
      const [compiled, copy] = decoded(response.body).tee();
      const bytes = store ? new Response(copy).arrayBuffer() : copy.cancel();
      bytes.catch(() => {}); // a damaged stream fails the compilation too, and is reported there
      const module = await compileWasm(new Response(compiled, { headers: type }));
      self.postMessage({ type: MESSAGE.wasm_compiled, module });
      if (store) await keep(store, url, new Response(await bytes, { headers: type }));
      return;
    }
    // Kept bytes are inflated already: decoded() hands them on as they are.
    const { HEADER, memoryLength, verify } = format;
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
    const copy = store && !kept ? packed.slice() : null; // the original is handed over (transferred)
    self.postMessage({ type: MESSAGE.snapshot_packed, buffer: packed.buffer }, [packed.buffer]);
    if (copy) await keep(store, url, new Response(copy));
  } catch (error) {
    if (store) await store.delete(url).catch(() => {});
    self.postMessage({ type: MESSAGE.inflate_failed, message: String(error && error.message ? error.message : error) });
  }
});

function compileWasm(response) {
  if (WebAssembly.compileStreaming) return WebAssembly.compileStreaming(response);
  return response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
}

function concat(chunks, size) {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
