// The activity form: show only the LKE questions of the chosen area. Without JavaScript all
// questions stay visible and the server refuses questions of another area.
(function () {
  "use strict";
  function sync(area, questions) {
    var chosen = area.options[area.selectedIndex];
    var name = chosen && chosen.value ? chosen.text : null;
    Array.prototype.forEach.call(questions.querySelectorAll("optgroup"), function (group) {
      var show = name === null || group.label === name;
      group.hidden = !show;
      if (!show) {
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          option.selected = false;
        });
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var area = document.getElementById("id_area");
    var questions = document.getElementById("id_questions");
    if (!area || !questions) return;
    sync(area, questions);
    area.addEventListener("change", function () { sync(area, questions); });
  });
})();
