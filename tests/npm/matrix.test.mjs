// simulateAll(): every event at once through the built package gives the same rows, branches and
// untried routes as `hookpad matrix --json` (with --placeholders: the package, like simulate(),
// fills unset form variables with the framework's placeholders).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const hookpad = await import(path.join(root, "target/npm/hookpad/hookpad.js"));
const example = path.join(root, "crates/hookpad-core/samples/integration");
const read = (p) => fs.readFileSync(p, "utf8");

function exampleFiles() {
  const manifest = read(path.join(example, "manifest.json"));
  const templates = {};
  for (const p of Object.values(JSON.parse(manifest).capabilities.auditLogEventsHook.templates)) {
    templates[p] = read(path.join(example, p));
  }
  return { manifest, templates };
}

test("simulateAll returns the rows the CLI prints", () => {
  const cli = JSON.parse(
    execFileSync(path.join(root, "target/release/hookpad"), ["matrix", example, "--json", "--placeholders"], { encoding: "utf8" }),
  );
  const matrix = hookpad.simulateAll(exampleFiles());
  assert.equal(matrix.rows.length, 9);
  assert.deepEqual(matrix.rows, cli.rows);
  assert.deepEqual(matrix.untriedRoutes, cli.untriedRoutes);
  assert.equal(matrix.hasHook, true);
  const untaken = (branches) =>
    branches.filter((b) => b.takenBy.length === 0).map((b) => `${b.template}:${b.dialect}:${b.line ?? b.location.line}:${b.column ?? b.location.column}`);
  assert.deepEqual(untaken(matrix.branches), untaken(cli.branches));
  assert.ok(untaken(matrix.branches).length > 0, "the example has branches no sample takes");
});

test("simulateAll runs the caller's own events, and counts the branch an event takes", () => {
  const files = {
    manifest: JSON.stringify({
      capabilities: {
        auditLogEventsHook: {
          endpoint: { url: "https://example.com/", method: "POST", headers: [] },
          templates: { flag: "templates/flag.json.hbs" },
        },
      },
    }),
    templates: { "templates/flag.json.hbs": '{"k": "{{key}}"{{#if train}}, "t": "{{train}}"{{/if}} }' },
  };
  const run = (events) => hookpad.simulateAll({ ...files, events });
  const plain = run([{ name: "plain", json: '{"kind": "flag", "key": "a"}' }]);
  const train = run([{ name: "train", json: '{"kind": "flag", "key": "a", "train": "r1"}' }]);
  const then = (m) => m.branches.find((b) => b.dialect === "preview" && b.part === "then");
  assert.deepEqual(then(plain).takenBy, []);
  assert.deepEqual(then(train).takenBy, ["train"]);
  assert.equal(then(train).line, 1);
  assert.equal(then(train).column, files.templates["templates/flag.json.hbs"].indexOf("{{#if") + 1);
  assert.equal(train.rows[0].event, "train");
  assert.equal(train.rows[0].preview.template, "templates/flag.json.hbs");
  assert.equal(train.rows[0].production.valid, true);
});
