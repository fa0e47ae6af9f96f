// Draws the Plotly figures and Vega(-Lite) charts of a notebook post from their JSON data
// islands, with the libraries the site serves itself (no network needed at view time).
document.querySelectorAll("script.nb-plotly-data").forEach(function (island) {
  var target = document.getElementById(island.dataset.for);
  if (!target || typeof Plotly === "undefined") return;
  var figure = JSON.parse(island.textContent);
  Plotly.newPlot(target, figure.data || [], figure.layout || {},
                 Object.assign({responsive: true}, figure.config || {}));
});
document.querySelectorAll("script.nb-vega-data").forEach(function (island) {
  var target = document.getElementById(island.dataset.for);
  if (!target || typeof vegaEmbed === "undefined") return;
  vegaEmbed(target, JSON.parse(island.textContent), {actions: false});
});
