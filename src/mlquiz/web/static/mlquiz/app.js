// mlquiz page behaviour: theme, math, keyboard shortcuts, tabs, the code editor and drafts.
(function () {
  "use strict";

  // --- theme ---------------------------------------------------------------------------------
  function setTheme(theme) {
    document.documentElement.dataset.theme = theme;
    try { localStorage.setItem("mlquiz-theme", theme); } catch (e) { /* private mode */ }
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      b.setAttribute("aria-label", theme === "dark" ? "Switch to light mode" : "Switch to dark mode");
      b.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    });
  }

  // --- htmx: swap 4xx answers (they carry a message), never 5xx -------------------------------
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && form.dataset.editorForm !== undefined && window.__mlquizEditor) {
      event.detail.parameters.code = window.__mlquizEditor.getValue();
    }
  });
  if (window.htmx) configureHtmx();
  document.addEventListener("DOMContentLoaded", function () { if (window.htmx) configureHtmx(); });
  function configureHtmx() {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
    window.htmx.config.historyCacheSize = 0;
  }
  document.addEventListener("htmx:responseError", function () {
    showToast("Something went wrong on the server. Your work is still here; try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    showToast("The server could not be reached. Your work is still here; try again.");
  });

  function showToast(text) {
    var toast = document.getElementById("toast");
    if (!toast) return;
    toast.textContent = text;
    toast.hidden = false;
    setTimeout(function () { toast.hidden = true; }, 6000);
  }

  // --- math ------------------------------------------------------------------------------------
  function renderMath(root) {
    if (!window.katex) return;
    root.querySelectorAll(".math:not([data-rendered])").forEach(function (el) {
      try {
        window.katex.render(el.textContent, el, {
          displayMode: el.classList.contains("block"), throwOnError: false, output: "html",
        });
        el.setAttribute("data-rendered", "");
      } catch (e) { /* leave the TeX source visible */ }
    });
  }

  // --- tabs ------------------------------------------------------------------------------------
  function initTabs(root) {
    root.querySelectorAll("[role=tablist]").forEach(function (list) {
      if (list.dataset.ready) return;
      list.dataset.ready = "1";
      var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
      function select(tab) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
      }
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () { select(tab); });
        tab.addEventListener("keydown", function (e) {
          var next = null;
          if (e.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
          if (e.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
          if (next) { e.preventDefault(); select(next); next.focus(); }
        });
      });
      list.selectTab = function (name) {
        var tab = tabs.find(function (t) { return t.dataset.tab === name; });
        if (tab) select(tab);
      };
    });
  }

  // --- keyboard: letters pick options, Enter submits ------------------------------------------
  document.addEventListener("keydown", function (e) {
    var target = e.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
      && !(target.type === "radio" || target.type === "checkbox"));
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    var form = document.querySelector("form[data-choice-form]");
    if (!form) return;
    if (e.key === "Enter" && target && target.form === form) {
      e.preventDefault();
      form.requestSubmit();
      return;
    }
    var key = e.key.toLowerCase();
    var index = "abcdefghij".indexOf(key);
    if (index >= 0 && key.length === 1) {
      var inputs = form.querySelectorAll("input[name=choice], input[name=choices]");
      if (inputs[index] && !inputs[index].disabled) {
        e.preventDefault();
        var input = inputs[index];
        input.checked = input.type === "checkbox" ? !input.checked : true;
        input.focus();
      }
    }
  });

  // --- the code editor -------------------------------------------------------------------------
  function initEditor(root) {
    var host = root.querySelector("[data-editor]");
    if (!host || host.dataset.ready || !window.MLQuizEditor) return;
    host.dataset.ready = "1";
    var textarea = host.querySelector("textarea");
    var form = host.closest("form");
    var saveUrl = host.dataset.saveUrl;
    var stateEl = document.getElementById("save-state");
    var timer = null;
    var lastSaved = textarea.value;
    function save() {
      var content = editor.getValue();
      if (content === lastSaved) return;
      setState("Saving…");
      var body = new URLSearchParams();
      body.set("content", content);
      fetch(saveUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      }).then(function (r) { return r.json().then(function (data) { return [r, data]; }); })
        .then(function (pair) {
          if (pair[0].ok) { lastSaved = content; setState("Draft saved"); }
          else { setState(pair[1].error || "Not saved"); }
        })
        .catch(function () { setState("Offline: draft not saved"); });
    }
    function setState(text) { if (stateEl) stateEl.textContent = text; }
    function click(mode) {
      var button = form.querySelector("button[value=" + mode + "]");
      if (button && !button.disabled) button.click();
    }
    var editor = window.MLQuizEditor.create(host, {
      doc: textarea.value,
      label: "Solution code",
      onChange: function (text) {
        textarea.value = text;
        setState("Unsaved changes");
        clearTimeout(timer);
        timer = setTimeout(save, 800);
      },
      keys: [
        { key: "Mod-Enter", run: function () { click("run"); return true; } },
        { key: "Mod-Shift-Enter", run: function () { click("submit"); return true; } },
        { key: "Mod-s", run: function () { clearTimeout(timer); save(); return true; } },
      ],
    });
    textarea.hidden = true;
    window.__mlquizEditor = editor;
    var reset = document.querySelector("[data-reset-starter]");
    if (reset) {
      reset.addEventListener("click", function () {
        if (confirm("Replace your code with the starter code?")) {
          editor.setValue(reset.dataset.starter || "");
          editor.focus();
        }
      });
    }
    window.addEventListener("beforeunload", function () { clearTimeout(timer); save(); });
  }

  // --- design and short-text drafts ------------------------------------------------------------
  function initTextDrafts(root) {
    root.querySelectorAll("form[data-draft-url]").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      var timer = null;
      var stateEl = form.querySelector("[data-save-state]");
      form.addEventListener("input", function () {
        if (stateEl) stateEl.textContent = "Unsaved changes";
        clearTimeout(timer);
        timer = setTimeout(function () {
          var body = new URLSearchParams();
          form.querySelectorAll("textarea").forEach(function (t) {
            body.set(t.name === "text" ? "content" : t.name, t.value);
          });
          fetch(form.dataset.draftUrl, {
            method: "POST", body: body, credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken() },
          }).then(function (r) {
            if (stateEl) stateEl.textContent = r.ok ? "Draft saved" : "Draft not saved";
          }).catch(function () { if (stateEl) stateEl.textContent = "Offline: draft not saved"; });
        }, 800);
      });
    });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // --- charts ----------------------------------------------------------------------------------
  function initCharts(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.ready || !window.Chart) return;
      canvas.dataset.ready = "1";
      var data = JSON.parse(canvas.dataset.chart);
      var style = getComputedStyle(document.documentElement);
      var color = function (name) { return style.getPropertyValue(name).trim(); };
      var chart = new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: "Solved", data: data.solved, backgroundColor: color("--good"), borderRadius: 4 },
            { label: "Attempted", data: data.attempted, backgroundColor: color("--warn"), borderRadius: 4 },
            { label: "Not started", data: data.remaining, backgroundColor: color("--border"), borderRadius: 4 },
          ],
        },
        options: {
          indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { position: "bottom", labels: { color: color("--muted"), boxWidth: 12 } } },
          scales: {
            x: { stacked: true, ticks: { color: color("--muted"), precision: 0 }, grid: { color: color("--border") } },
            y: { stacked: true, ticks: { color: color("--text") }, grid: { display: false } },
          },
        },
      });
      canvas.__chart = chart;
    });
  }

  function init(root) {
    renderMath(root);
    initTabs(root);
    initEditor(root);
    initTextDrafts(root);
    initCharts(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setTheme(document.documentElement.dataset.theme || "light");
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      b.addEventListener("click", function () {
        setTheme(document.documentElement.dataset.theme === "dark" ? "light" : "dark");
        document.querySelectorAll("canvas[data-chart]").forEach(function (c) {
          if (c.__chart) { c.__chart.destroy(); delete c.dataset.ready; }
        });
        initCharts(document);
      });
    });
    init(document);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    init(e.detail.elt.parentNode || document);
    var verdict = document.getElementById("verdict");
    if (verdict && (verdict === e.detail.elt || verdict.contains(e.detail.elt)) && verdict.querySelector("[data-verdict]")) {
      verdict.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  });
  document.addEventListener("mlquiz:show-tab", function (e) {
    document.querySelectorAll("[role=tablist]").forEach(function (l) { if (l.selectTab) l.selectTab(e.detail.value || e.detail); });
  });
})();
