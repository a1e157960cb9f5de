// Community Playbook: task lists a reader can tick, remembered in this browser only.
//
// The page's HTML (site_ext/checklist.py) gives each box its accessible name and a key, and
// writes the tools' texts in the page's language; without JavaScript the boxes stay disabled
// and the page is a readable list. Here the boxes are enabled, their ticks kept in local
// storage per language and page (nothing leaves the device), and the progress, reset and
// print buttons wired.

const tools = document.querySelector("[data-checklist-tools]");
if (tools) init(tools);

function init(panel) {
  const storageKey = `playbook-checklist:${panel.dataset.checklistKey}`;
  const boxes = [...document.querySelectorAll(".task-list-item input[type=checkbox][data-task]")];
  const saved = load(storageKey);
  for (const box of boxes) {
    box.disabled = false;
    if (saved && box.dataset.task in saved) box.checked = saved[box.dataset.task];
    box.addEventListener("change", () => {
      store(storageKey, boxes);
      progress(panel, boxes);
    });
  }
  // The whole item is the target, not only its small box: a click or tap on its text ticks it.
  for (const box of boxes) {
    const item = box.closest(".task-list-item");
    item.classList.add("task-list-item--tickable");
    item.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target || target.closest("a, button, input, label, .task-list-item--tickable .task-list-item--tickable")) return;
      if (target.closest(".task-list-item") !== item) return; // a nested item handles its own
      box.click();
    });
  }
  panel.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-checklist-action]") : null;
    if (!button) return;
    if (button.dataset.checklistAction === "reset") {
      for (const box of boxes) box.checked = box.defaultChecked;
      remove(storageKey);
      progress(panel, boxes);
    } else if (button.dataset.checklistAction === "print") {
      window.print();
    }
  });
  panel.hidden = false;
  progress(panel, boxes);
}

function progress(panel, boxes) {
  const done = boxes.filter((box) => box.checked).length;
  panel.querySelector("[data-checklist-progress]").textContent = panel.dataset.progress
    .replace("{done}", String(done))
    .replace("{total}", String(boxes.length));
}

function load(key) {
  try {
    const text = localStorage.getItem(key);
    const data = text ? JSON.parse(text) : null;
    return data && typeof data === "object" ? data : null;
  } catch {
    return null; // storage blocked or unreadable: the list still works for this visit
  }
}

function store(key, boxes) {
  try {
    localStorage.setItem(key, JSON.stringify(Object.fromEntries(boxes.map((box) => [box.dataset.task, box.checked]))));
  } catch {
    // storage full or blocked: the ticks last for this visit only
  }
}

function remove(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}
