// The LKE workspace (evaluations/workspace/page.html): saving answers with htmx as they are
// made, keeping what was typed through failures, and the keyboard shortcuts. A static file, not an
// inline script: the Content-Security-Policy allows scripts from 'self' only. Loaded with
// `defer`, before htmx (also deferred, later in the page).
(() => {
  const work = document.getElementById("lke-work");
  if (!work) return;
  const words = work.dataset;
  const draftKey = (no) => `zona-lke-${words.evaluation}-${words.layer}-${no}`;
  const fields = (form) => { const d = new FormData(form); return [d.get("value") || "", d.get("note") || ""]; };

  // On a wide screen the outline and the score panel start open; on a phone, folded to one line.
  if (window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details[data-wide-open]").forEach((d) => { d.open = true; });
  }

  // 409 (overtaken) and 422 (not valid) carry the block to show: swap them like a success.
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    const status = e.detail.xhr.status;
    if (status === 409 || status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });

  // What is typed is kept in the browser until the server has it: a failed save is retried, and
  // a page closed or reloaded before then offers it again.
  // The draft keeps the version it was typed against: sent again later, a save made by someone
  // else in between is shown as a conflict instead of being overwritten.
  const remember = (form) => {
    const block = form.closest(".lke-q");
    if (!block || !words.layer) return;
    const key = draftKey(block.dataset.no);
    const kept = localStorage.getItem(key);
    const version = kept ? JSON.parse(kept)[2] : form.querySelector("input[name=version]").value;
    localStorage.setItem(key, JSON.stringify([...fields(form), version]));
  };
  document.body.addEventListener("input", (e) => {
    const form = e.target.closest && e.target.closest("form.lke-answer");
    if (form) remember(form);
  });
  const retries = new WeakMap();
  const failed = (e) => {
    const form = e.target.closest && e.target.closest("form.lke-answer");
    const block = e.target.closest && e.target.closest(".lke-q");
    const state = block && block.querySelector("[data-save-state]");
    const status = e.detail && e.detail.xhr ? e.detail.xhr.status : 0;
    if (!state) return;
    state.dataset.saveState = "failed";
    if (!form || (status >= 400 && status < 500)) { state.textContent = "✗ " + words.failed; return; }
    remember(form);
    const attempt = (retries.get(form) || 0) + 1;
    retries.set(form, attempt);
    state.textContent = "✗ " + words.retrying;
    setTimeout(() => { if (form.isConnected) form.requestSubmit(); }, Math.min(30, 2 ** attempt) * 1000);
  };
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);

  // A choice is saved when it is made, a typed number when the field is left, a note when it is
  // left or after a pause in typing.
  const timers = new WeakMap();
  const later = (form, ms) => {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => { if (form.isConnected) form.requestSubmit(); }, ms));
  };
  document.body.addEventListener("change", (e) => {
    const form = e.target.closest && e.target.closest("form.lke-answer");
    if (form) later(form, e.target.type === "radio" ? 300 : 0);
  });
  document.body.addEventListener("keyup", (e) => {
    if (e.target.matches && e.target.matches("form.lke-answer textarea")) later(e.target.form, 1500);
  });

  // The fields keep what is typed while a save is on its way (hx-preserve). If the person changed
  // them meanwhile, save again once the first save is back, with the new version. (The note is
  // the element kept across the swap, so it carries what was sent.)
  document.body.addEventListener("htmx:configRequest", (e) => {
    const form = e.detail.elt;
    if (!(form.matches && form.matches("form.lke-answer"))) return;
    form.querySelector("textarea[name=note]").dataset.sent = JSON.stringify(fields(form));
    const state = form.querySelector("[data-save-state]");
    if (state) { state.textContent = words.saving; state.dataset.saveState = "saving"; }
  });
  document.body.addEventListener("htmx:afterSettle", (e) => {
    const block = e.target;
    const form = block.classList && block.classList.contains("lke-q") && block.querySelector("form.lke-answer");
    if (!form) return;
    const number = form.querySelector(".lke-number");  // kept from before the swap: mark it here
    if (number) {
      const invalid = block.dataset.state === "error";
      number.classList.toggle("is-invalid", invalid);
      if (invalid) number.setAttribute("aria-invalid", "true"); else number.removeAttribute("aria-invalid");
    }
    if (block.dataset.state !== "saved") return;
    retries.delete(form);
    const note = form.querySelector("textarea[name=note]");
    const sent = note.dataset.sent;
    delete note.dataset.sent;
    const key = draftKey(block.dataset.no);
    if (sent && sent !== JSON.stringify(fields(form))) {
      // Typed on while the save travelled: the draft now builds on the version just saved.
      const version = form.querySelector("input[name=version]").value;
      if (localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify([...fields(form), version]));
      form.requestSubmit();
    } else localStorage.removeItem(key);
  });
  const restore = (root) => {
    if (!words.layer) return;
    root.querySelectorAll("form.lke-answer").forEach((form) => {
      const block = form.closest(".lke-q");
      const kept = localStorage.getItem(draftKey(block.dataset.no));
      if (!kept) return;
      const [value, note, version] = JSON.parse(kept);
      const [serverValue, serverNote] = fields(form);
      if (value === serverValue && note === serverNote) { localStorage.removeItem(draftKey(block.dataset.no)); return; }
      if (version !== undefined) form.querySelector("input[name=version]").value = version;
      const radio = form.querySelector(`input[type=radio][value="${CSS.escape(value)}"]`);
      if (radio) radio.checked = true;
      const number = form.querySelector(".lke-number");
      if (number) number.value = value;
      form.querySelector("textarea[name=note]").value = note;
      const state = block.querySelector("[data-save-state]");
      if (state) { state.textContent = words.restored; state.dataset.saveState = "failed"; }
      setTimeout(() => form.requestSubmit(), 50);
    });
  };
  restore(document);

  // A section loaded by the outline: start at its top and say where we are; open the question
  // in the address (#q-12).
  const reveal = () => {
    const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return false;
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    target.scrollIntoView();
    const control = target.querySelector("input:not([type=hidden]), textarea, select");
    if (control) control.focus({ preventScroll: true });
    return true;
  };
  document.body.addEventListener("htmx:afterSwap", (e) => {
    if (e.target !== work) return;
    restore(work);
    if (!reveal()) {
      work.scrollIntoView({ block: "start" });
      const heading = work.querySelector("h2");
      if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
    }
  });
  window.addEventListener("hashchange", reveal);
  reveal();

  // Keyboard shortcuts (listed on the page): Alt+↓/↑ next/previous question, Alt+N next
  // unanswered, Alt+R next needing revision, Alt+→/← next/previous area.
  // The question last worked in, so that a block swapped after a save (which may drop the
  // focus) still counts as "here".
  let lastNo = null;
  work.addEventListener("focusin", (e) => {
    const block = e.target.closest && e.target.closest(".lke-q");
    if (block) lastNo = block.dataset.no;
  });
  const focusQuestion = (step) => {
    const blocks = [...work.querySelectorAll(".lke-q")];
    if (!blocks.length) return;
    const active = document.activeElement && document.activeElement.closest && document.activeElement.closest(".lke-q");
    const here = active || blocks.find((b) => b.dataset.no === lastNo);
    const at = here ? blocks.indexOf(here) : -1;
    const next = blocks[Math.max(0, Math.min(blocks.length - 1, at + step))];
    const control = next.querySelector("input[type=radio]:checked, input:not([type=hidden]), textarea") || next.querySelector("a");
    next.scrollIntoView({ block: "start" });
    if (control) control.focus({ preventScroll: true });
  };
  const click = (id) => { const link = document.getElementById(id); if (link) link.click(); };
  document.addEventListener("keydown", (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const keys = {
      ArrowDown: () => focusQuestion(1), ArrowUp: () => focusQuestion(-1),
      ArrowRight: () => click("lke-next-section"), ArrowLeft: () => click("lke-prev-section"),
      n: () => click("lke-next-unanswered"), N: () => click("lke-next-unanswered"),
      r: () => click("lke-next-revision"), R: () => click("lke-next-revision"),
    };
    const act = keys[e.key] || ({ KeyN: keys.n, KeyR: keys.r })[e.code];
    if (act) { e.preventDefault(); act(); }
  });
})();

// Evidence in one step: files picked or dropped on a question's evidence go up at once.
(() => {
  document.body.addEventListener("change", (e) => {
    if (e.target.matches && e.target.matches("input[data-submit-on-pick]") && e.target.files.length) e.target.form.requestSubmit();
  });
  const zone = (e) => e.target.closest && e.target.closest(".evidence")?.querySelector("form[data-drop-files]");
  ["dragenter", "dragover"].forEach((type) => document.body.addEventListener(type, (e) => {
    const form = zone(e);
    if (!form || !e.dataTransfer || ![...e.dataTransfer.types].includes("Files")) return;
    e.preventDefault();
    form.closest(".evidence").classList.add("is-dropping");
  }));
  document.body.addEventListener("dragleave", (e) => {
    const box = e.target.closest && e.target.closest(".evidence");
    if (box && !box.contains(e.relatedTarget)) box.classList.remove("is-dropping");
  });
  document.body.addEventListener("drop", (e) => {
    const form = zone(e);
    if (!form || !e.dataTransfer.files.length) return;
    e.preventDefault();
    form.closest(".evidence").classList.remove("is-dropping");
    form.querySelector("input[type=file]").files = e.dataTransfer.files;
    form.requestSubmit();
  });
})();
