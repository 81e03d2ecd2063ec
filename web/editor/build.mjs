// Bundles web/editor/index.js (CodeMirror 6 from the exact versions in package-lock.json) into
// web/editor/dist/editor.js, which trunk copies into dist/. Run by trunk's pre_build hook.
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const here = import.meta.dirname;
const outfile = path.join(here, "dist/editor.js");

// CodeMirror's style-mod puts its CSS into a <style> element on a document, which the page's
// Content-Security-Policy (style-src 'self') blocks. Constructed style sheets are not inline
// styles: let it adopt one on the document too, as it already does in shadow roots.
const adoptOnDocument = {
  name: "adopt-style-sheets",
  setup(build) {
    build.onLoad({ filter: /style-mod[\\/]src[\\/]style-mod\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, "utf8");
      const patched = source.replace("if (!root.head && root.adoptedStyleSheets", "if (root.adoptedStyleSheets");
      if (patched === source) throw new Error("style-mod changed: the adoptedStyleSheets patch no longer applies");
      return { contents: patched, loader: "js" };
    });
  },
};

await esbuild.build({
  entryPoints: [path.join(here, "index.js")],
  outfile,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "none",
  plugins: [adoptOnDocument],
  logLevel: "warning",
});
const bytes = fs.readFileSync(outfile);
console.error(`[editor] editor.js: ${bytes.length} bytes, ${zlib.gzipSync(bytes, { level: 9 }).length} gzipped`);
