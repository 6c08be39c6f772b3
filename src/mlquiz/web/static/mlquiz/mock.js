/* Mock interviews: a countdown driven by the server's deadline, and drafts saved as you type. */
(function () {
  "use strict";
  var root = document.querySelector("[data-mock]");
  if (!root) return;
  var left = parseInt(root.getAttribute("data-seconds-left"), 10) || 0;
  var startedAt = Date.now();
  var clock = document.querySelector("[data-countdown]");
  var stateUrl = root.getAttribute("data-state-url");
  var draftUrl = root.getAttribute("data-draft-url");
  var saveState = document.querySelector("[data-save-state]");
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var reloading = false;

  function fmt(s) {
    s = Math.max(0, Math.round(s));
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function remaining() { return left - (Date.now() - startedAt) / 1000; }
  function reload() {
    if (reloading) return;
    reloading = true;
    if (timer) saveNow(function () { window.location.reload(); });
    else window.location.reload();
  }
  function tick() {
    var s = remaining();
    if (clock) {
      clock.textContent = fmt(s);
      clock.classList.toggle("low", s <= 60);
    }
    if (s <= 0) reload();
  }
  // re-sync with the server (a sleeping laptop stops timers; the server's deadline stands)
  function resync() {
    if (!stateUrl) return;
    fetch(stateUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      if (d.finished || d.zone !== root.getAttribute("data-zone")) { reload(); return; }
      left = d.seconds_left; startedAt = Date.now();
    }).catch(function () {});
  }
  tick();
  setInterval(tick, 1000);
  setInterval(resync, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) resync(); });

  var form = document.querySelector("[data-mock-form]");
  // the code editor of the practice pages, when the bundle is loaded (a textarea otherwise)
  var codeHost = document.querySelector("[data-mock-code]");
  if (codeHost && window.MLQuizEditor) {
    var area = codeHost.querySelector("textarea");
    window.MLQuizEditor.create(codeHost, {
      doc: area.value,
      label: "Solution code",
      onChange: function (text) {
        area.value = text;
        form.dispatchEvent(new Event("input"));
      },
    });
    area.hidden = true;
  }
  var timer = null;
  function saveNow(done) {
    if (!form || !draftUrl) { if (done) done(); return; }
    clearTimeout(timer); timer = null;
    var body = new FormData(form);
    if (saveState) saveState.textContent = "Saving…";
    fetch(draftUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (saveState) saveState.textContent = d.saved ? "Saved" : "Time is up: what was saved is submitted";
        if (!d.saved && !reloading) { reloading = true; window.location.reload(); }
      })
      .catch(function () { if (saveState) saveState.textContent = "Offline: not saved yet"; })
      .then(function () { if (done) done(); });
  }
  if (form) {
    form.addEventListener("input", function () {
      if (saveState) saveState.textContent = "Unsaved changes";
      clearTimeout(timer);
      timer = setTimeout(function () { saveNow(); }, 600);
    });
    form.addEventListener("change", function () { saveNow(); });
    document.querySelectorAll("[data-mock-nav] a, [data-end-zone]").forEach(function (el) {
      el.addEventListener("click", function () { if (timer) saveNow(); });
    });
    window.addEventListener("beforeunload", function () {
      if (timer && navigator.sendBeacon) navigator.sendBeacon(draftUrl, new FormData(form));
    });
  }
})();
