/*
 * Repairs to markup Streamlit (and Vega, inside it) writes and the app cannot change from
 * Python, made in the page as the elements come and go. Each was found by a checker or a
 * reader (issue 25); tests/browser/test_page_checkers.py checks every page for them.
 *
 * - The overview's link in the sidebar: Streamlit writes each page link's address relative
 *   to the page shown, and the overview's path is empty, so its address is "" or "?lang=fr":
 *   the current page, not the overview, for whoever opens it in a new tab or copies it.
 *   "./" is the app's root, where the overview lives, under any base path.
 * - `title=""` on the Projects field (Streamlit's multiselect): an empty advisory title.
 * - Vega's form (class "vega-bindings"), empty when the chart binds no input (the Events
 *   timeline binds none): an empty form, which checkers flag.
 *
 * Run once per page (st.html runs the script in the page itself), however often the
 * element holding it is drawn again.
 */
(function () {
  "use strict";
  if (window.geoMarkupRepairs) return;
  window.geoMarkupRepairs = true;

  function repairLink(a) {
    var href = a.getAttribute("href");
    if (href === "" || (href && href.charAt(0) === "?")) a.setAttribute("href", "./" + href);
  }

  var LINK = 'a[data-testid="stPageLink-NavLink"]';

  function repairOne(el) {
    if (el.matches(LINK)) repairLink(el);
    if (el.getAttribute("title") === "") el.removeAttribute("title");
    if (el.matches("form.vega-bindings") && !el.children.length) el.remove();
  }

  // ``root`` and everything in it.
  function repair(root) {
    if (root.nodeType === 1) repairOne(root);
    root.querySelectorAll(LINK + ', [title=""], form.vega-bindings').forEach(repairOne);
  }

  repair(document);
  // React sets an attribute again only when its own value for it changes (a new address
  // after a choice in the sidebar), and adds elements as pages and charts are drawn.
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "attributes") repairOne(r.target);
      else
        r.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) repair(node);
        });
    });
  }).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["href", "title"],
  });
})();
