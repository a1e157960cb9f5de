// Community Playbook calculators: the page-side controller.
//
// A thin layer on purpose: formulas, validation, messages and the results markup all come
// from Python (calculators.render), which runs in a Web Worker. This file only collects the
// typed text, sends it to the worker, and swaps in what comes back. Settings reach it through
// the form's data-* attributes, written by the same Python at build time; the engine's states,
// message types and file names through protocol.mjs, generated from calculators.protocol.
//
// It also keeps the inputs in the page's address (one link restores every edited calculator),
// carries them to the other languages' pages, and wires the action row (copy, download, print,
// reset) to what Python wrote for it.

import { FILE, MESSAGE, STATE } from "./protocol.mjs";

const ENGINE_TIMEOUT_MS = 30000; // a load that hangs is a failure, never an endless spinner
const SHARE_DELAY_MS = 200; // the share link follows the inputs once typing pauses this long

const forms = [...document.querySelectorAll("form.calculator[data-calculator]")];
// This file lives in the engine's folder, named by a digest of every file in it: a cached
// page and its engine always come from the same build.
const engineDir = new URL("./", import.meta.url);

let started = false;
let worker = null;
let timeout = null;
let shareTimer = null;
let state = STATE.idle;
let sequence = 0;
const pending = new Map(); // sequence number -> form awaiting that result
const latest = new WeakMap(); // form -> newest sequence number sent
const waiting = new Set(); // forms with a result on its way
const queued = new Set(); // forms edited again while their result was on its way
const dirty = new Set(); // forms edited (or restored) before the engine was ready
const notices = new Map(); // control -> why a shared link's value was not used, until it is edited
const edited = new Set(); // forms whose inputs differ from the page's example: they go in the link
const shared = new Map(); // form -> its inputs as Python wrote them for a link (language-neutral)
const restoring = new Map(); // form -> {from, raw}: values from a link or another language, not yet read
const initial = new WeakMap(); // form -> the build-time results and export, for reset
const lastSent = new WeakMap(); // form -> the values last sent (a change event after input repeats them)
const changed = new Map(); // form -> names of the inputs edited since its last request
const engineUrls = {
  index: engineDir.href,
  snapshot: new URL(FILE.snapshot, engineDir).href,
  wheel: new URL(FILE.wheel, engineDir).href,
};
const supported = typeof Worker === "function" && typeof WebAssembly === "object";

const pageLoaded = new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", () => resolve(), { once: true });
});

// What the controller has done, for tests to wait on instead of sleeping: "none" (no calculator
// on the page, nothing will happen), "waiting" (before the worker is made), "prepared" (the
// worker has been asked to ready its small scripts).
document.documentElement.dataset.calculators = forms.length > 0 ? "waiting" : "none";

if (forms.length > 0) init();

function init() {
  setState(STATE.idle); // the built status says updating needs JavaScript: here it is
  for (const form of forms) {
    const adjust = form.querySelector("[data-adjust]");
    initial.set(form, {
      results: form.querySelector(".calculator__results").innerHTML,
      exported: form.querySelector("[data-export]").outerHTML,
      adjust: adjust ? adjust.open : false,
      notes: [...form.querySelectorAll("[data-hint-for], [data-help-for]")].map((note) => note.textContent),
    });
  }
  const restored = [...restoreFromUrl(), ...restoredByBrowser()];
  for (const form of forms) {
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("input", (event) => edit(form, event.target));
    form.addEventListener("change", (event) => edit(form, event.target));
    form.addEventListener("focusin", startEngine, { once: true });
    form.addEventListener("pointerenter", startEngine, { once: true });
    wireActions(form);
    showVerdict(form);
  }
  // Capture: runs before Material's own handler, which would go to the bare alternate page.
  window.addEventListener("click", switchLanguage, true);
  window.addEventListener("afterprint", endPrint);
  if (restored.length > 0) {
    for (const form of restored) markRestored(form);
    carryToOtherLanguages();
    startEngine();
  } else {
    startWhenVisibleAndIdle();
  }
  // At once, not when idle: a reader who types as soon as the page is there would otherwise wait
  // for the worker and its inflaters to start (40-80 ms on a fast machine). They fetch a few
  // kilobytes, and nothing large before an intent.
  spawnWorker();
}

function whenIdle(callback) {
  pageLoaded.then(() => {
    const idle = window.requestIdleCallback || ((next) => setTimeout(next, 200));
    idle(() => callback(), { timeout: 3000 });
  });
}

// The first sign of intent, or a calculator the reader has scrolled into view while the page is
// idle, starts the engine. A calculator in view at load waits for intent (or a scroll): a reader
// who only reads the page above it downloads none of the engine (issue 5's bytes before the first
// interaction), one who scrolls to it has the engine start before they type.
function startWhenVisibleAndIdle() {
  if (!("IntersectionObserver" in window)) return;
  window.addEventListener(
    "scroll",
    () => {
      const observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        whenIdle(startEngine);
      });
      for (const form of forms) observer.observe(form);
    },
    { once: true, passive: true },
  );
}

function startEngine() {
  if (started) return;
  started = true;
  pageLoaded.then(launch);
}

// The worker, created once, as the controller starts: it prepares what needs no large download
// (its inflaters' workers, a few kilobytes).
function spawnWorker() {
  if (worker || !supported || state === STATE.failed) return worker;
  try {
    worker = new Worker(new URL(FILE.engine_worker, engineDir), { type: "module" });
  } catch (error) {
    fail(error);
    return null;
  }
  worker.addEventListener("error", (event) => {
    event.preventDefault(); // reported on the page instead of as an uncaught error
    fail(event.message || "worker error");
  });
  worker.addEventListener("message", ({ data }) => {
    if (data.type === MESSAGE.ready) ready();
    else if (data.type === MESSAGE.failed) fail(data.message);
    else if (data.type === MESSAGE.result) apply(data.sequence, data.error ? null : JSON.parse(data.result));
  });
  worker.postMessage({ type: MESSAGE.prepare, urls: engineUrls });
  document.documentElement.dataset.calculators = "prepared";
  return worker;
}

function launch() {
  if (!supported) {
    fail("unsupported");
    return;
  }
  if (state === STATE.failed) return;
  setState(STATE.loading);
  timeout = setTimeout(() => fail("timeout"), ENGINE_TIMEOUT_MS);
  spawnWorker()?.postMessage({ type: MESSAGE.init, urls: engineUrls });
}

function ready() {
  clearTimeout(timeout);
  if (state === STATE.failed) return;
  setState(STATE.ready);
  for (const form of forms) {
    // Also forms whose summary and printout still carry the build's address and date.
    if (dirty.has(form) || staleContext(form)) send(form);
  }
  dirty.clear();
}

function fail(reason) {
  clearTimeout(timeout);
  if (state === STATE.failed) return;
  if (worker) worker.terminate();
  console.info("Calculator engine unavailable:", String(reason && reason.message ? reason.message : reason));
  setState(STATE.failed);
  // Keep the page a consistent static example: the inputs that go with the results shown.
  for (const form of forms) backToExample(form); // the link keeps the inputs, for another browser
}

function setState(next) {
  state = next;
  for (const form of forms) showState(form, next);
}

function showState(form, shown) {
  // These two concern one form only: the engine's state stays as it is.
  if (shown !== STATE.invalid && shown !== STATE.unavailable) form.dataset.engine = shown;
  form.querySelector(".calculator__progress").hidden = shown !== STATE.loading;
  form.querySelector("[data-status]").textContent = form.dataset[`msg${shown[0].toUpperCase()}${shown.slice(1)}`];
}

// An edit: it is sent at once (see schedule); a value typed over one still being restored wins.
function edit(form, control) {
  if (notices.delete(control)) lastSent.delete(form); // the same values, but the notice must go: ask again
  const pendingRestore = restoring.get(form);
  if (pendingRestore && control && control.name) delete pendingRestore.raw[control.name];
  if (control && control.name) {
    if (!changed.has(form)) changed.set(form, new Set());
    changed.get(form).add(control.name);
  }
  edited.add(form);
  schedule(form);
}

// Edits are coalesced rather than delayed: an edit is sent at once unless a result for the
// same form is on its way, in which case only the newest values go when it arrives.
function schedule(form) {
  if (state === STATE.failed) return;
  if (state !== STATE.ready) {
    dirty.add(form);
    form.querySelector(".calculator__results").setAttribute("data-stale", "");
    startEngine();
  } else if (!restoring.has(form) && lastSent.get(form) === JSON.stringify(values(form))) {
    queued.delete(form); // nothing new: the answer on its way (or shown) is for these values
    changed.delete(form);
  } else if (waiting.has(form)) {
    queued.add(form);
  } else {
    send(form);
  }
}

function values(form) {
  const typed = {};
  for (const control of form.querySelectorAll("input[name], select[name]")) typed[control.name] = control.value;
  return typed;
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function context() {
  return { page: location.origin + location.pathname, today: today() };
}

function staleContext(form) {
  const exported = form.querySelector("[data-export]");
  const { page, today: date } = context();
  return exported.dataset.page !== page || exported.dataset.today !== date;
}

function send(form) {
  waiting.add(form);
  sequence += 1;
  pending.set(sequence, form);
  latest.set(form, sequence);
  const options = context();
  let typed = values(form);
  lastSent.set(form, JSON.stringify(typed));
  const restore = restoring.get(form);
  if (restore) {
    typed = { ...typed, ...restore.raw };
    options.from = restore.from;
    options.sent = values(form); // to tell, on the answer, which fields the person changed since
  }
  worker.postMessage({
    type: MESSAGE.update,
    sequence,
    calculator: form.dataset.calculator,
    lang: form.dataset.lang,
    values: JSON.stringify(typed),
    changed: [...(changed.get(form) || [])].join(","),
    options: JSON.stringify(options),
  });
  changed.delete(form);
  if (restore) restore.sent = options.sent;
}

function apply(number, result) {
  const form = pending.get(number);
  pending.delete(number);
  if (!form) return;
  waiting.delete(form);
  if (!result) {
    if (queued.delete(form)) {
      send(form);
    } else if (latest.get(form) === number) {
      // Only this calculator failed (the worker reported it): its results are stale, the rest goes on.
      form.querySelector(".calculator__results").setAttribute("data-stale", "");
      showState(form, STATE.unavailable);
    }
    return;
  }
  const restore = restoring.get(form);
  if (restore && result.inputs) {
    restoring.delete(form);
    // Values from a link or another language, now written as this page's language writes them.
    let overtyped = false;
    for (const [name, text] of Object.entries(result.inputs)) {
      const control = form.elements.namedItem(name);
      if (!control || !("value" in control)) continue;
      if (control.value === restore.sent[name]) control.value = text;
      else overtyped = true; // typed over meanwhile: that value wins, and gets its own result
    }
    if (overtyped) queued.add(form);
  }
  if (queued.delete(form)) {
    send(form); // newer values were typed meanwhile: show their result, not this one
    return;
  }
  if (latest.get(form) !== number) return;
  for (const element of form.querySelectorAll("[data-error-for]")) {
    const control = form.elements.namedItem(element.dataset.errorFor);
    const message = result.errors[element.dataset.errorFor] || notices.get(control) || "";
    element.textContent = message;
    if (control && control.setAttribute && !notices.has(control)) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
  }
  // Python's answer also carries notes beside fields, amounts it converted after a change of
  // currency, and help texts that quote amounts in the current currency.
  for (const element of form.querySelectorAll("[data-hint-for]")) {
    element.textContent = result.hints[element.dataset.hintFor] || "";
  }
  for (const [name, text] of Object.entries(result.inputs)) {
    const control = form.elements.namedItem(name);
    if (control) control.value = text;
  }
  for (const [name, text] of Object.entries(result.help)) {
    const help = form.querySelector(`[data-help-for="${CSS.escape(name)}"]`);
    if (help) help.textContent = text;
  }
  const results = form.querySelector(".calculator__results");
  if (result.ok) {
    results.innerHTML = result.html; // markup rendered (and escaped) by calculators.render
    form.querySelector("[data-export]").outerHTML = result.export; // rendered by calculators.export
    results.removeAttribute("data-stale");
    showState(form, STATE.ready);
    showVerdict(form);
  } else {
    results.setAttribute("data-stale", "");
    showState(form, STATE.invalid);
  }
  for (const unit of form.querySelectorAll("[data-currency-unit]")) unit.textContent = result.currency;
  if (edited.has(form)) share(form, result.values);
}

// The compact summary that stays in view on a phone while a field has focus: the verdict's text.
function showVerdict(form) {
  const sticky = form.querySelector("[data-sticky]");
  if (!sticky) return;
  const verdict = form.querySelector(".calculator__results [data-verdict]");
  const first = form.querySelector(".calculator__results .calculator__row");
  sticky.textContent = (verdict || first || { textContent: "" }).textContent.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// The page address holds every edited calculator's inputs as Python wrote them for a link
// (`<calculator>.<input>=<value>`, `.` decimals, never an exponent). It follows once the typing
// pauses: rewriting the URL costs more than the answer itself (the browser records each
// replaceState), so it never delays a result, and a burst of edits writes it once.

function keyOf(form) {
  const same = forms.filter((other) => other.dataset.calculator === form.dataset.calculator);
  const index = same.indexOf(form);
  return index === 0 ? form.dataset.calculator : `${form.dataset.calculator}~${index + 1}`;
}

function share(form, inputs) {
  shared.set(form, inputs);
  clearTimeout(shareTimer);
  shareTimer = setTimeout(writeUrl, SHARE_DELAY_MS);
}

function ownParam(name) {
  if (name === "calculator" || name === "from") return true;
  const legacy = new URLSearchParams(location.search).get("calculator");
  return forms.some(
    (form) =>
      name.startsWith(`${keyOf(form)}.`) ||
      (legacy === form.dataset.calculator && form.querySelector(`[name="${CSS.escape(name)}"]`) !== null),
  );
}

function linkParams(raw) {
  const params = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(location.search)) if (!ownParam(name)) params.append(name, value);
  if (raw) {
    params.set("from", raw);
    for (const form of forms) {
      if (!edited.has(form)) continue;
      for (const [name, value] of Object.entries(values(form))) params.set(`${keyOf(form)}.${name}`, value);
      const restore = restoring.get(form);
      if (restore && restore.from !== raw) return null; // not yet readable as this language: see below
      if (restore) for (const [name, value] of Object.entries(restore.raw)) params.set(`${keyOf(form)}.${name}`, value);
    }
  } else {
    for (const form of forms) {
      if (!edited.has(form) || !shared.has(form)) continue;
      for (const [name, value] of Object.entries(shared.get(form))) params.set(`${keyOf(form)}.${name}`, value);
    }
  }
  return params;
}

function writeUrl() {
  clearTimeout(shareTimer);
  shareTimer = null;
  const params = linkParams(null);
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  carryToOtherLanguages();
}

// Every result on the page belongs to its visible inputs and the address holds them.
function settled() {
  return dirty.size === 0 && waiting.size === 0 && queued.size === 0 && restoring.size === 0;
}

// The query that carries the inputs now: the language-neutral values once every result is in;
// before that (an edit a moment ago, or the engine still starting), the text as typed, marked with
// the language it was typed in, which the other page reads through Python.
function currentQuery() {
  if (settled()) {
    if (shareTimer) writeUrl();
    return location.search;
  }
  const params = linkParams(forms[0].dataset.lang);
  if (params === null) return location.search;
  const query = params.toString();
  return query ? `?${query}` : "";
}

function carryToOtherLanguages(query = location.search) {
  for (const link of document.querySelectorAll("a[hreflang], link[rel='alternate'][hreflang]")) {
    const target = new URL(link.getAttribute("href"), location.href);
    target.search = query;
    link.setAttribute("href", target.href);
  }
}

function switchLanguage(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const link = event.target instanceof Element ? event.target.closest("a[hreflang]") : null;
  if (!link || link.target) return;
  const target = new URL(link.getAttribute("href"), location.href);
  target.search = currentQuery();
  event.preventDefault();
  event.stopImmediatePropagation(); // Material's handler would drop the query
  location.assign(target.href);
}

function restoreFromUrl() {
  const params = new URLSearchParams(location.search);
  const from = params.get("from") || "canonical";
  const legacy = params.get("calculator"); // links written before several calculators shared one
  const restored = [];
  for (const form of forms) {
    const key = keyOf(form);
    const raw = {};
    for (const [name, value] of params) {
      if (name.startsWith(`${key}.`)) raw[name.slice(key.length + 1)] = value;
      else if (legacy === form.dataset.calculator && !name.includes(".") && name !== "calculator") raw[name] = value;
    }
    const names = Object.keys(raw).filter((name) => form.querySelector(`[name="${CSS.escape(name)}"]`));
    if (names.length === 0) continue;
    const pendingRaw = {};
    for (const name of names) {
      const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (control.tagName === "SELECT") {
        if ([...control.options].some((option) => option.value === raw[name])) {
          control.value = raw[name]; // codes and ratings read the same in every language
        } else {
          // Not one of the choices (a blank select otherwise): keep the default and say so.
          notices.set(control, control.dataset.msgFallback);
          form.querySelector(`[data-error-for="${CSS.escape(name)}"]`).textContent = control.dataset.msgFallback;
        }
      } else if (from === "canonical") {
        control.value = raw[name].replace(".", form.dataset.decimal); // grouped by Python once it runs
        pendingRaw[name] = raw[name];
      } else {
        pendingRaw[name] = raw[name]; // shown once Python has read it as typed in its language
      }
      if (control.closest(".calculator__field--companion")) form.querySelector("[data-adjust]").open = true;
    }
    restoring.set(form, { from, raw: pendingRaw });
    restored.push(form);
  }
  return restored;
}

// Values the browser put back into the fields (a reload, Back or Forward without the page cache):
// their results are not the page's, so they are computed again and marked stale until then.
function restoredByBrowser() {
  return forms.filter(
    (form) =>
      !restoring.has(form) &&
      [...form.querySelectorAll("input[name], select[name]")].some((control) =>
        control.tagName === "SELECT"
          ? [...control.options].some((option) => option.selected !== option.defaultSelected)
          : control.value !== control.defaultValue,
      ),
  );
}

function markRestored(form) {
  edited.add(form);
  dirty.add(form);
  form.querySelector(".calculator__results").setAttribute("data-stale", "");
}

// ---------------------------------------------------------------------------------------------
// The action row: every text was written by Python (labels, messages, the summary, the CSV and
// the printed header); here the buttons only reach the clipboard, a download and print().

function wireActions(form) {
  const row = form.querySelector(".calculator__actions");
  if (!row) return;
  row.hidden = false;
  row.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!button) return;
    const action = button.dataset.action;
    if (action === "copy-link") copy(form, linkFor(), "copied-link");
    else if (action === "copy-summary") copy(form, form.querySelector("[data-export]").dataset.summary, "copied-summary");
    else if (action === "download-csv") download(form);
    else if (action === "print") print(form);
    else if (action === "reset") reset(form);
  });
}

function linkFor() {
  return location.origin + location.pathname + currentQuery() + location.hash;
}

function announce(form, message) {
  const status = form.querySelector("[data-action-status]");
  const row = form.querySelector(".calculator__actions");
  status.textContent = row.getAttribute(`data-msg-${message}`) || "";
}

function copy(form, text, message) {
  if (!navigator.clipboard || !window.isSecureContext) {
    announce(form, "copy-failed");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => announce(form, message),
    () => announce(form, "copy-failed"),
  );
}

function download(form) {
  const exported = form.querySelector("[data-export]");
  const url = URL.createObjectURL(new Blob([exported.dataset.csv], { type: "text/csv;charset=utf-8" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = exported.dataset.csvName;
  anchor.hidden = true;
  form.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  announce(form, "downloaded");
}

// Print mode: the stylesheet prints this calculator alone, on one page, its formula open;
// afterprint ends it.
const openedForPrint = [];

function print(form) {
  document.documentElement.setAttribute("data-calculator-print", "");
  for (const other of forms) other.toggleAttribute("data-printing", other === form);
  for (const details of form.querySelectorAll("details[data-formula]:not([open])")) {
    details.open = true;
    openedForPrint.push(details);
  }
  window.print();
}

function endPrint() {
  document.documentElement.removeAttribute("data-calculator-print");
  for (const form of forms) form.removeAttribute("data-printing");
  for (const details of openedForPrint.splice(0)) details.open = false;
}

function backToExample(form) {
  form.reset();
  const saved = initial.get(form);
  form.querySelector(".calculator__results").innerHTML = saved.results;
  form.querySelector("[data-export]").outerHTML = saved.exported;
  const adjust = form.querySelector("[data-adjust]");
  if (adjust) adjust.open = saved.adjust;
  // Hints beside fields and help texts quoting amounts, as the build wrote them for the example.
  [...form.querySelectorAll("[data-hint-for], [data-help-for]")].forEach((note, index) => {
    note.textContent = saved.notes[index];
  });
  for (const element of form.querySelectorAll("[data-error-for]")) element.textContent = "";
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  const currency = form.elements.namedItem("currency");
  if (currency) for (const unit of form.querySelectorAll("[data-currency-unit]")) unit.textContent = currency.value;
  form.querySelector(".calculator__results").removeAttribute("data-stale");
  edited.delete(form);
  dirty.delete(form);
  queued.delete(form);
  restoring.delete(form);
  shared.delete(form);
  latest.set(form, -1); // an answer on its way belongs to the values before the reset
  lastSent.delete(form);
  showVerdict(form);
}

function reset(form) {
  backToExample(form);
  showState(form, state);
  if (state === STATE.ready && staleContext(form)) send(form);
  writeUrl();
  announce(form, "reset-done");
}
