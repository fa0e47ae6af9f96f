// Loads the heavy scripts only on the pages that use them, without blocking the page: MathJax when
// the page has math (`.arithmatex`), the chart libraries when an element asks for them with
// `data-lip-script="plotly vega"`. URLs are resolved against this script's own address, so the
// loader works at any page depth, under any base path and on any engine that serves the site.
// It also gives Material's search dialog the accessible name its template lacks.
(function () {
  var self = document.currentScript || document.querySelector('script[src$="javascripts/loader.js"]');
  var here = self.src;
  var LIBRARIES = {
    plotly: ["plotly.min.js"],
    vega: ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"]
  };

  function wanted() {
    var names = [];
    if (document.querySelector(".arithmatex")) names.push("mathjax-config.js", "tex-svg-full.js");
    var asked = {};
    document.querySelectorAll("[data-lip-script]").forEach(function (element) {
      element.getAttribute("data-lip-script").split(/\s+/).forEach(function (name) {
        if (LIBRARIES[name]) asked[name] = true;
      });
    });
    var charts = Object.keys(LIBRARIES).filter(function (name) { return asked[name]; });
    charts.forEach(function (name) { names = names.concat(LIBRARIES[name]); });
    if (charts.length) names.push("notebooks.js");
    return names;
  }

  function load() {
    wanted().forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.async = false;  // run in the order given (config before MathJax, Plotly before the charts)
      document.head.appendChild(script);
    });
  }

  // Material's search overlay is a dialog without a name; screen readers announce it as "dialog".
  function nameSearchDialog() {
    var search = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    if (search) search.setAttribute("aria-label", "Search");
  }

  function start() {
    nameSearchDialog();
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
