// Build the committed bundles under ../static/vendor. Run: npm ci && npm run build
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const out = "../static/vendor";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/editor.js"], bundle: true, minify: true, format: "iife",
  target: ["es2020"], outfile: `${out}/codemirror.bundle.js`, legalComments: "eof",
});
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx.min.js`);
cpSync("node_modules/chart.js/dist/chart.umd.min.js", `${out}/chart.umd.min.js`);
rmSync(`${out}/katex`, { recursive: true, force: true });
mkdirSync(`${out}/katex/fonts`, { recursive: true });
cpSync("node_modules/katex/dist/katex.min.js", `${out}/katex/katex.min.js`);
cpSync("node_modules/katex/dist/katex.min.css", `${out}/katex/katex.min.css`);
cpSync("node_modules/katex/LICENSE", `${out}/katex/LICENSE`);
for (const font of readdirSync("node_modules/katex/dist/fonts")) {
  if (font.endsWith(".woff2")) cpSync(`node_modules/katex/dist/fonts/${font}`, `${out}/katex/fonts/${font}`);
}
console.log("built into", out);
