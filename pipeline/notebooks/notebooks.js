// Draws every Plotly figure and Vega(-Lite) chart of the page from its JSON data island, with the
// libraries the site serves itself (no network at view time). The theme's loader runs this after
// the libraries the page's `data-lip-script` elements asked for; each island is drawn once.
// Figures fit their column: a width saved in the notebook (Plotly's 600 px, Altair's `width`)
// never makes a chart wider than a phone's screen.
(function () {
  function islands(kind, draw) {
    document.querySelectorAll("script.nb-" + kind + "-data:not([data-drawn])").forEach(function (island) {
      var target = document.getElementById(island.dataset.for);
      if (!target) return;
      island.setAttribute("data-drawn", "");
      draw(target, JSON.parse(island.textContent));
    });
  }
  if (typeof Plotly !== "undefined") {
    islands("plotly", function (target, figure) {
      var layout = Object.assign({}, figure.layout || {}, {autosize: true});
      delete layout.width;
      Plotly.newPlot(target, figure.data || [], layout, Object.assign({}, figure.config || {}, {responsive: true}));
    });
  }
  if (typeof vegaEmbed !== "undefined") {
    islands("vega", function (target, spec) {
      var wide = typeof spec.width === "number" && spec.width > target.clientWidth - 40;
      vegaEmbed(target, wide ? Object.assign({}, spec, {width: "container"}) : spec, {actions: false});
    });
  }
})();
