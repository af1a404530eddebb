// customer-admin: small enhancements over pages that work without JavaScript.
"use strict";

document.documentElement.classList.add("js");

// Search as you type: send the listing form after a short pause, swap in only the results region,
// keep the URL in step. At most one request is in flight: when the pause ends while one is on its
// way, the newest query is sent as soon as it returns, and the superseded answer is not shown. (An
// aborted fetch would free the browser but not the responder, which still answers it.)
(function liveSearch() {
  const form = document.querySelector("form[data-live-search]");
  const results = document.getElementById("results");
  if (!form || !results) return;
  const pauseMs = 60;
  let timer = 0;
  let inFlight = false;
  let superseded = false;

  function queryOf(form) {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim() !== "") params.append(name, value);
    }
    return params.toString();
  }

  function keepDownloadsInStep(query) {
    for (const link of document.querySelectorAll("a[data-keep-query]")) {
      const path = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", query ? path + "?" + query : path);
    }
  }

  async function refresh() {
    if (inFlight) {
      superseded = true;
      return;
    }
    const query = queryOf(form);
    const url = form.getAttribute("action") + (query ? "?" + query : "");
    inFlight = true;
    results.classList.add("loading");
    try {
      const response = await fetch(url, { headers: { "X-Fragment": "results" } });
      if (superseded) return;
      if (!response.ok) {
        window.location.assign(url);
        return;
      }
      const rows = await response.text();
      if (superseded) return;
      results.innerHTML = rows;
      history.replaceState(null, "", url);
      keepDownloadsInStep(query);
    } catch (error) {
      console.warn("live search failed", error);
    } finally {
      inFlight = false;
      if (superseded) {
        superseded = false;
        refresh();
      } else {
        results.classList.remove("loading");
      }
    }
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, pauseMs);
  }

  form.addEventListener("input", (event) => {
    if (event.target.matches("input[type=search], input[type=text]")) soon();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("select, input[type=checkbox], input[type=date]")) soon();
  });
})();

// The whole row opens the profile; the ID stays the real link for keyboards and new tabs. A click
// in a row's checkbox cell (the bulk status form's) ticks the box, a larger target than the box itself.
document.addEventListener("click", (event) => {
  if (event.target.matches("td.select")) {
    event.target.querySelector("input[type=checkbox]")?.click();
    return;
  }
  const row = event.target.closest("tr[data-href]");
  if (!row || event.target.closest("a, button, input, label")) return;
  if (window.getSelection && String(window.getSelection()).length > 0) return;
  if (event.ctrlKey || event.metaKey) window.open(row.dataset.href, "_blank");
  else window.location.assign(row.dataset.href);
});

// A page-size choice applies at once.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});

// The export dialog: the listing's Export link (the dialog's own page without JavaScript) opens the
// native <dialog> with the form of that page, fetched afresh each time, so its count and token are
// current and the kept listing page holds neither. Generate posts the form normally: the browser
// downloads the PDF, or shows the 404 page of a failed export.
(function exportDialog() {
  const dialog = document.getElementById("export-dialog");
  const opener = document.querySelector("a[data-export-dialog]");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  opener.addEventListener("click", async (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const url = opener.getAttribute("href");
    try {
      const response = await fetch(url, { headers: { "X-Fragment": "dialog" } });
      if (!response.ok) {
        window.location.assign(url);
        return;
      }
      dialog.innerHTML = await response.text();
      dialog.setAttribute("aria-labelledby", "export-title");
      dialog.showModal();
    } catch (error) {
      window.location.assign(url);
    }
  });

  dialog.addEventListener("click", (event) => {
    const select = event.target.closest("[data-export-select]");
    if (select) {
      event.preventDefault();
      const on = select.dataset.exportSelect === "all";
      for (const box of dialog.querySelectorAll("input[name=field]")) box.checked = on;
    } else if (event.target.closest("[data-export-cancel]")) {
      event.preventDefault();
      dialog.close();
    }
  });

  // The download leaves the page where it is; the dialog closes once the form has been sent.
  dialog.addEventListener("submit", () => window.setTimeout(() => dialog.close(), 0));
})();
