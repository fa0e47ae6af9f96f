// MathJax 3 (vendored, Apache-2.0) for pymdownx.arithmatex in generic mode, served from the site
// itself so math renders with no CDN and no network.
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  svg: { fontCache: "global" }
};
