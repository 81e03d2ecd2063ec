// The package as registries and TypeScript see it: publint and @arethetypeswrong/cli find nothing,
// the tarball holds one copy of the wasm, and the types type-check a user's code (objects typed by
// an interface included) under every module resolution TypeScript users pick.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { makeApp, packageDir, root, tarball } from "./setups/harness.mjs";

const bin = (name) => {
  const file = path.join(root, "node_modules/.bin", name);
  assert.ok(fs.existsSync(file), `${name} is not installed: run npm ci (it is in the root package.json)`);
  return file;
};
const run = (name, args, cwd = root) => {
  try {
    return execFileSync(bin(name), args, { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  } catch (e) {
    assert.fail(`${name} ${args.join(" ")} failed:\n${e.stdout}\n${e.stderr}`);
  }
};

test("publint finds nothing to fix", { timeout: 60_000 }, () => {
  const out = run("publint", ["--strict", packageDir]);
  assert.match(out, /All good!/);
});

test("@arethetypeswrong/cli finds no problem in any resolution", { timeout: 60_000 }, () => {
  const out = run("attw", ["--format", "json", tarball()]);
  const report = JSON.parse(out);
  assert.deepEqual(report.analysis.problems, []);
});

test("the package's metadata and contents", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
  for (const key of ["repository", "homepage", "bugs", "engines", "type", "sideEffects", "exports", "types"]) {
    assert.ok(manifest[key], `package.json has no ${key}`);
  }
  assert.equal(manifest.name, "hookpad");
  const files = execFileSync("tar", ["tzf", tarball()], { encoding: "utf8" }).trim().split("\n").sort();
  assert.deepEqual(files, [
    "package/LICENSE", "package/README.md", "package/hookpad.cjs", "package/hookpad.d.cts", "package/hookpad.d.ts",
    "package/hookpad.js", "package/hookpad_bg.js", "package/hookpad_wasm.js", "package/package.json",
  ]);
  // No nested package.json (wasm-bindgen's would be named hookpad-wasm), no start() export.
  const types = fs.readFileSync(path.join(packageDir, "hookpad.d.ts"), "utf8");
  assert.doesNotMatch(types, /\bany\b/);
  assert.doesNotMatch(types, /function start\b/);
  // Both entries export exactly the typed functions and classes.
  const typed = [...types.matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(typed, ["RenderData", "Template", "clearCache", "compile", "evaluatePolicy", "lintIntegration", "render", "simulate", "simulateAll", "version"]);
  const cjs = fs.readFileSync(path.join(packageDir, "hookpad.cjs"), "utf8");
  assert.deepEqual([...cjs.matchAll(/^exports\.(\w+) = /gm)].map((m) => m[1]).sort(), typed);
  const esm = /export \{([^}]*)\} from "\.\/hookpad_bg\.js"/.exec(fs.readFileSync(path.join(packageDir, "hookpad.js"), "utf8"));
  assert.deepEqual(esm[1].split(",").map((s) => s.trim()).sort(), typed);
});

const USER_CODE = `
import { render, compile, RenderData, simulate, evaluatePolicy, lintIntegration, version, type Simulation, type Diagnostic, type Template } from "hookpad";

interface FlagEvent { kind: string; key: string; tags: string[]; nested: { count: number } }
const event: FlagEvent = { kind: "flag", key: "k", tags: ["a"], nested: { count: 1 } };
const text: string = render("{{key}}", event, { dialect: "production", jsonEscape: true });
render("{{this}}", 42);
render("{{this}}", ["a"]);
const template: Template = compile("{{key}}", { dialect: "production" });
const data = new RenderData(event, { jsonEscape: true });
const again: string = template.renderData(data) + template.render(event, { jsonEscape: false });
data.free();
// @ts-expect-error renderData takes a RenderData, not a plain context
template.renderData(event);
// @ts-expect-error jsonEscape belongs to the data, not the compiled template
compile("x", { jsonEscape: true });

const result: Simulation = simulate({ manifest: "{}", templates: {}, event: JSON.stringify(event), dialect: "preview" });
const url: string | undefined = result.request?.url;
const line: number | null = result.diagnostics[0]?.line ?? null;
const sent: boolean = evaluatePolicy([{ effect: "allow", resources: ["*"], actions: ["*"] }], [{ resource: "proj/p", action: "createProject" }]).sent;
const diags: Diagnostic[] = lintIntegration({ manifest: "{}", templates: {}, integrationKey: "datadog" });
const v: string = version();
// @ts-expect-error the manifest is JSON text
simulate({ manifest: {}, templates: {}, event: "{}" });
// @ts-expect-error a misspelled key
simulate({ manifest: "{}", templats: {}, event: "{}" });
// @ts-expect-error not a dialect
render("x", {}, { dialect: "prod" });
export { text, again, url, line, sent, diags, v };
`;

/** TypeScript 5.9 (`typescript`) and 7 (`typescript7`, the native compiler), each by its own path: both are `tsc`. */
const COMPILERS = { "TypeScript 5.9": "typescript", "TypeScript 7": "typescript7" };

for (const [compiler, packageName] of Object.entries(COMPILERS)) for (const [name, options] of [
  ["nodenext (ESM)", { module: "nodenext", moduleResolution: "nodenext" }],
  ["nodenext (CommonJS)", { module: "nodenext", moduleResolution: "nodenext", cjs: true }],
  ["bundler", { module: "esnext", moduleResolution: "bundler" }],
]) {
  test(`${compiler} (${name}) accepts a user's code and rejects the wrong types`, { timeout: 120_000 }, () => {
    const tsc = path.join(root, "node_modules", packageName, "bin/tsc");
    assert.ok(fs.existsSync(tsc), `${packageName} is not installed: run npm ci (it is in the root package.json)`);
    const dir = makeApp(`${packageName}-${name.replace(/\W+/g, "-")}`);
    const { cjs, ...compilerOptions } = options;
    if (cjs) fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "commonjs" }));
    fs.writeFileSync(path.join(dir, "app.ts"), USER_CODE);
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...compilerOptions, strict: true, noEmit: true, target: "es2022", skipLibCheck: false, types: [] }, files: ["app.ts"] }),
    );
    try {
      execFileSync(process.execPath, [tsc, "-p", "."], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      assert.fail(`${compiler} found errors:\n${e.stdout}\n${e.stderr}`);
    }
  });
}
