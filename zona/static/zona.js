// Site-wide behaviour that the Content-Security-Policy (script-src 'self') allows: no inline
// handlers in templates. Everything here only improves pages that also work without JS.
(function () {
  "use strict";

  function enhance(root) {
    // <select data-submit-on-change>: submit its form as soon as a choice is made (the
    // language switch); the form's own submit button serves browsers without JavaScript.
    root.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      if (select.dataset.zonaBound) return;
      select.dataset.zonaBound = "1";
      select.addEventListener("change", function () {
        if (select.form) select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
      });
    });
    // Buttons only needed without JavaScript.
    root.querySelectorAll("[data-hide-with-js]").forEach(function (el) {
      el.hidden = true;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
