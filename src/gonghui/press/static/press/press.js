// 起草报道: copy the headline and the edited body with one click.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-draft]");
  if (!button) return;
  var form = button.closest("form");
  var text = form.querySelector("[name=headline]").value + "\n\n" + form.querySelector("[name=body]").value;
  var done = function () { var note = form.querySelector("[data-copied]"); if (note) note.classList.remove("d-none"); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = form.querySelector("[name=body]");
    var keep = area.value;
    area.value = text; area.select(); document.execCommand("copy"); area.value = keep;
    done();
  }
});
