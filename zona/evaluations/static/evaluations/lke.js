// The LKE page (evaluations/detail.html): saving answers with htmx, and opening the question
// named in the address. A static file, not an inline script: the Content-Security-Policy allows
// scripts from 'self' only. Loaded with `defer`, before htmx (also deferred, later in the page).
(() => {
  const tree = document.getElementById("lke-tree");
  // 409 (overtaken) and 422 (not valid) carry the block to show: swap them like a success.
  document.body.addEventListener("htmx:beforeSwap", (e) => {
    const status = e.detail.xhr.status;
    if (status === 409 || status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  // No answer at all (network, server error, refused): say so in the block; what was typed stays.
  const failed = (e) => {
    const block = e.target.closest && e.target.closest(".lke-q");
    const state = block && block.querySelector("[data-save-state]");
    if (state) { state.textContent = "✗ " + tree.dataset.failed; state.dataset.saveState = "failed"; }
  };
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  // The fields keep what is typed while a save is on its way (hx-preserve). If the person changed
  // them meanwhile, save again once the first save is back, with the new version.
  const sent = (form) => { const d = new FormData(form); return JSON.stringify([d.get("value"), d.get("note")]); };
  document.body.addEventListener("htmx:configRequest", (e) => {
    const form = e.detail.elt;
    if (form.matches && form.matches("form.lke-answer")) form.querySelector("textarea[name=note]").dataset.sent = sent(form);
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
    const note = form.querySelector("textarea[name=note]");
    if (block.dataset.state === "saved" && note.dataset.sent && note.dataset.sent !== sent(form)) form.requestSubmit();
  });
  // Open the area that holds the question in the address (#q-12), and scroll to it.
  const reveal = () => {
    const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    target.scrollIntoView();
  };
  window.addEventListener("hashchange", reveal);
  reveal();
})();
