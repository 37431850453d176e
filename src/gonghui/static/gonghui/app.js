// Gonghui staff pages: tree toggling and confirmations, without inline scripts (CSP forbids them).
(function () {
  "use strict";

  // A tree toggle loads the children once through HTMX; later clicks only show or hide them.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("a.gh-toggle");
    if (!toggle) return;
    var list = document.getElementById(toggle.getAttribute("aria-controls"));
    if (toggle.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      event.stopImmediatePropagation();
      list.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
    } else if (list && list.children.length) {
      event.preventDefault();
      event.stopImmediatePropagation();
      list.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    }
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    var id = event.detail.target.id;
    if (!id) return;
    var toggle = document.querySelector('a.gh-toggle[aria-controls="' + id + '"]');
    if (toggle) toggle.setAttribute("aria-expanded", "true");
  });

  // Forms that change something serious ask first: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
