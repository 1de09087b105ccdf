/* The search page (zoeken.html), the only page of the archive with JavaScript.
 *
 * Starts Pagefind's UI (pagefind-ui.js, loaded just before this file) in #zoeken,
 * in the page's language, with sub-results, so that a hit inside a reaction links
 * to that reaction. A query in the address (zoeken.html?q=...), as the search form
 * in every page's header sends it, is run at once, and the address follows what is
 * typed, so Back returns to the same results.
 *
 * Pagefind loads its index with fetch(), which browsers refuse for file:// pages:
 * there, and when the bundle did not load, the page shows #zoek-melding instead.
 */
(function () {
  "use strict";

  var box = document.getElementById("zoeken");
  var notice = document.getElementById("zoek-melding");

  function explain(reason) {
    box.hidden = true;
    notice.hidden = false;
    var text = notice.querySelector('[data-reden="' + reason + '"]');
    if (text) {
      text.hidden = false;
    }
  }

  if (window.location.protocol === "file:") {
    explain("bestand");
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    explain("fout");
    return;
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";

  function remember(term) {
    var url = new URL(window.location.href);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url);
    return term;
  }

  var ui = new window.PagefindUI({
    element: "#zoeken",
    showSubResults: true,
    showImages: false,
    autofocus: !query,
    processTerm: remember
  });
  // Pagefind's field has only a title; give it the page's visible label.
  var field = box.querySelector("input");
  if (field) {
    field.id = "zoekveld";
    document.getElementById("zoekveld-label").hidden = false;
  }
  // Pagefind's count of results ("3 resultaten voor ...") is no live region:
  // repeat it in one, so screen readers announce it (WCAG 4.1.3).
  var status = document.getElementById("zoek-status");
  var said = "";
  var timer = null;
  new MutationObserver(function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var message = box.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (text !== said) {
        said = text;
        status.textContent = text;
      }
    }, 400);
  }).observe(box, { childList: true, subtree: true, characterData: true });
  if (query.trim()) {
    ui.triggerSearch(query);
  }
})();
