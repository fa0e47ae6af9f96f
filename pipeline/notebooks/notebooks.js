// Draws the Plotly figures of a notebook post from their JSON data islands (no network needed).
document.querySelectorAll("script.nb-plotly-data").forEach(function (island) {
  var target = document.getElementById(island.dataset.for);
  if (!target || typeof Plotly === "undefined") return;
  var figure = JSON.parse(island.textContent);
  Plotly.newPlot(target, figure.data || [], figure.layout || {},
                 Object.assign({responsive: true}, figure.config || {}));
});
