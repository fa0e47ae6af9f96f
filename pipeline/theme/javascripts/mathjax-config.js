// MathJax 3 (vendored, Apache-2.0) for pymdownx.arithmatex in generic mode, served from the site
// itself so math renders with no CDN and no network. The `ui/safe` extension (vendored next to
// tex-svg-full.js, same MathJax 3.2.2) filters what math from third parties can ask for: a
// `\href{javascript:...}` or `data:` link is dropped, only http(s) links stay clickable.
window.MathJax = {
  loader: { load: ["ui/safe"] },
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex",
             safeOptions: { safeProtocols: { http: true, https: true, file: false, javascript: false, data: false } } },
  svg: { fontCache: "global" }
};
