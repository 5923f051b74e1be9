// Behaviour the templates ask for with data- attributes, instead of inline handlers
// (the Content-Security-Policy runs no inline script): data-autosubmit submits the form when
// the field changes (the date in the top bar, filters); data-print prints the page.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
