// Assembles the `hookpad` npm package from wasm-bindgen's `bundler` and `nodejs` outputs of the
// same .wasm (scripts/build-npm runs it). One copy of the wasm bytes, used by every entry:
//
//   hookpad.js        ES module entry (browsers, bundlers, Node `import`): instantiates the wasm
//                     synchronously from hookpad_wasm.js, so a plain `import` is all any setup needs
//   hookpad_bg.js     wasm-bindgen's glue (bundler target), unchanged
//   hookpad_wasm.js   `export default "<the .wasm, base64>"`: the only copy of the wasm
//   hookpad.cjs       CommonJS entry (Node `require`): wasm-bindgen's nodejs glue, reading its
//                     bytes from hookpad_wasm.js instead of a second .wasm file
//   hookpad.d.ts, hookpad.d.cts   the generated types, for the ESM and CommonJS entries
//
// package.json (./package.json here, completed below) maps `import`, and `module` (the condition
// webpack, esbuild, Rollup and Vite set for a `require` too), to the ES module entry, and plain
// `require` (Node, Jest) to the CommonJS one. No `browser` condition: Jest's jsdom environment sets
// it and cannot load an ES module.
//
// Usage: node assemble.mjs <bundler dir> <nodejs dir> <wasm file> <out dir> <version> <repository URL>
import fs from "node:fs";
import path from "node:path";

const [bundlerDir, nodejsDir, wasmFile, out, version, repository] = process.argv.slice(2);
const here = import.meta.dirname;
const read = (...p) => fs.readFileSync(path.join(...p), "utf8");
const write = (name, text) => fs.writeFileSync(path.join(out, name), text);

/** Replaces exactly one occurrence, so that a wasm-bindgen upgrade that changes the glue fails here. */
function replaceOnce(text, from, to, what) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`assemble: expected exactly one ${JSON.stringify(from)} in ${what} (did wasm-bindgen change?)`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const wasm = fs.readFileSync(wasmFile);
write("hookpad_wasm.js", `// hookpad_bg.wasm (${wasm.length} bytes), base64.\nexport default "${wasm.toString("base64")}";\n`);

// The ES module entry: wasm-bindgen's bundler entry lists the exports; the instantiation is ours.
const bundlerEntry = read(bundlerDir, "hookpad.js");
const exportList = /export \{([^}]*)\} from "\.\/hookpad_bg\.js";/.exec(bundlerEntry);
if (!exportList) throw new Error("assemble: no export list in wasm-bindgen's bundler entry");
const names = exportList[1].split(",").map((s) => s.trim()).filter(Boolean);
if (names.includes("start")) throw new Error("assemble: `start` would be exported");
const entry = read(here, "entry.js").replace("/* EXPORTS */", names.join(", "));
write("hookpad.js", entry);
fs.copyFileSync(path.join(bundlerDir, "hookpad_bg.js"), path.join(out, "hookpad_bg.js"));

// The CommonJS entry: the nodejs glue, with its bytes read from the same base64 file.
let cjs = read(nodejsDir, "hookpad.js");
cjs = replaceOnce(cjs, '/* @ts-self-types="./hookpad.d.ts" */', '/* @ts-self-types="./hookpad.d.cts" */', "the nodejs glue");
cjs = replaceOnce(
  cjs,
  "const wasmPath = `${__dirname}/hookpad_bg.wasm`;\nconst wasmBytes = require('fs').readFileSync(wasmPath);\n",
  [
    "// The wasm bytes come from the ES module hookpad_wasm.js (shared with the ESM entry): its one string literal.",
    "const wasmSource = require('fs').readFileSync(require('path').join(__dirname, 'hookpad_wasm.js'), 'latin1');",
    "const wasmBytes = Buffer.from(wasmSource.slice(wasmSource.indexOf('\"') + 1, wasmSource.lastIndexOf('\"')), 'base64');",
    "",
  ].join("\n"),
  "the nodejs glue",
);
write("hookpad.cjs", cjs);

// Types: the same declarations for both entries (they export the same functions and classes).
let types = read(bundlerDir, "hookpad.d.ts");
if (types !== read(nodejsDir, "hookpad.d.ts")) throw new Error("assemble: the bundler and nodejs types differ");
// Each class's `[Symbol.dispose]()` is left out of the types (the method stays in the glue): a
// project whose `lib` predates ES2025's disposables, with skipLibCheck off, would fail to type-check
// the package. `free()` is the typed way to release a class's memory early.
const dispose = "    [Symbol.dispose](): void;\n";
const classes = types.split("\n    free(): void;\n").length - 1;
if (types.split(dispose).length - 1 !== classes) throw new Error("assemble: expected one [Symbol.dispose]() per class (did wasm-bindgen change?)");
types = types.replaceAll(dispose, "");
write("hookpad.d.ts", types);
write("hookpad.d.cts", types);

const manifest = JSON.parse(read(here, "package.json"));
manifest.version = version;
// Where the project lives is said once, in Cargo.toml (`repository`).
Object.assign(manifest, {
  repository: { type: "git", url: `git+${repository}.git`, directory: "crates/hookpad-wasm" },
  homepage: `${repository}#readme`,
  bugs: { url: `${repository}/issues` },
});
const order = ["name", "version", "description", "license", "keywords", "repository", "homepage", "bugs"];
const sorted = Object.fromEntries([...order.map((k) => [k, manifest[k]]), ...Object.entries(manifest).filter(([k]) => !order.includes(k))]);
write("package.json", `${JSON.stringify(sorted, null, 2)}\n`);
