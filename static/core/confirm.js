/* Ask before a step that is hard to take back (退回, 报送, 印发). The question comes from the
   page, translated: in data-confirm on the form, on the button pressed, or on the option
   chosen (a radio button or checkbox that is checked when the form is sent). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target, asks = [];
    if (form.getAttribute("data-confirm")) { asks.push(form.getAttribute("data-confirm")); }
    var button = event.submitter;
    if (button && button.getAttribute("data-confirm")) { asks.push(button.getAttribute("data-confirm")); }
    Array.prototype.forEach.call(form.querySelectorAll("input[data-confirm]:checked"), function (input) {
      asks.push(input.getAttribute("data-confirm"));
    });
    for (var i = 0; i < asks.length; i++) {
      if (!window.confirm(asks[i])) { event.preventDefault(); return; }
    }
  });
})();
