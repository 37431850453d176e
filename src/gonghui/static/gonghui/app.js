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

  // A table wider than its box scrolls sideways: the box then takes keyboard focus and a name, so that it can
  // be scrolled without a mouse (WCAG 2.1.1; axe's scrollable-region-focusable).
  function wideTablesFocusable() {
    document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) return;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格（可左右滚动）");
    });
  }
  wideTablesFocusable();
  document.addEventListener("htmx:afterSettle", wideTablesFocusable);
  window.addEventListener("resize", wideTablesFocusable);

  document.addEventListener("htmx:afterSwap", function (event) {
    var id = event.detail.target.id;
    if (!id) return;
    var toggle = document.querySelector('a.gh-toggle[aria-controls="' + id + '"]');
    if (toggle) toggle.setAttribute("aria-expanded", "true");
  });

  // Scan-after-scan forms (<form data-reset-after>): once a scan is answered, empty the box and put the cursor back,
  // so the next person at the door can scan straight away.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-reset-after") || !event.detail.successful) return;
    form.reset();
    var first = form.querySelector("input:not([type=hidden])");
    if (first) first.focus();
  });

  // Forms that change something serious ask first: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();

// Print buttons: <button data-print>.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// Scanning an e-card with the device camera where the browser can (BarcodeDetector); typing always works.
(function () {
  "use strict";
  var button = document.querySelector("[data-scan-into]");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.getElementById(button.getAttribute("data-scan-into"));
    var video = document.querySelector(".gh-scan-video");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            var text = codes[0].rawValue;
            var match = text.match(/\/verify\/([^/]+)\/?$/);
            input.value = match ? decodeURIComponent(match[1]) : text;
            // a form with more to fill in (a hand-out) only takes the code; a check submits at once
            if (!button.hasAttribute("data-scan-fill-only")) input.form.submit();
          } else {
            window.requestAnimationFrame(look);
          }
        }).catch(function () { window.requestAnimationFrame(look); });
      };
      look();
    });
  });
})();

// Tables as cards on a phone (app.css): each cell of a table with a heading gets its column's heading as data-label,
// on load and whenever HTMX brings in new rows. Cells spanning several columns (an empty table's note) get none.
(function () {
  "use strict";
  function label(root) {
    if (!root.querySelectorAll) return;
    var tables = Array.prototype.slice.call(root.querySelectorAll("table.table"));
    var around = root.closest && root.closest("table.table"); // new rows swapped into a table, or the table itself
    if (around) tables.unshift(around);
    Array.prototype.forEach.call(tables, function (table) {
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) return;
      var names = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        for (var i = 0; i < th.colSpan; i++) names.push(th.textContent.trim());
      });
      var rows = [];
      Array.prototype.forEach.call(table.tBodies, function (body) { rows.push.apply(rows, body.rows); });
      if (table.tFoot) rows.push.apply(rows, table.tFoot.rows);
      rows.forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", cell.colSpan > 1 ? "" : names[column] || "");
          column += cell.colSpan;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:load", function (event) { label(event.detail.elt); });
})();
