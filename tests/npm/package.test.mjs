// The `hookpad` npm package, used as a user would use it: loaded from its package folder, and
// installed from its tarball into an empty project. Run by scripts/test after scripts/build-npm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readmeSection, tarball as setupTarball } from "./setups/harness.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const packageDir = path.join(root, "target/npm/hookpad");
const require = createRequire(import.meta.url);
const hookpad = require(packageDir);

function corpusDir() {
  const dir = process.env.HOOKPAD_CORPUS ?? path.join(root, "../shared/corpus");
  if (fs.existsSync(path.join(dir, "cases.jsonl"))) return dir;
  assert.notEqual(process.env.CI, "true", `the reference corpus is missing at ${dir} (set HOOKPAD_CORPUS)`);
  return null;
}

const read = (p) => fs.readFileSync(p, "utf8");
const noSpace = (s) => s.replace(/\s+/g, "");

/** The simulation input that renders exactly one corpus case: its template is the only one routed to. */
function caseInput(corpus, c, dialect) {
  const dir = path.join(corpus, "integrations", c.dir);
  const manifest = JSON.parse(read(path.join(dir, "manifest.json")));
  const hook = manifest.capabilities.auditLogEventsHook;
  delete hook.endpoint.hmacSignature;
  const templates = {};
  if (c.kind === "body") {
    hook.templates = { default: c.templatePath };
    delete hook.useStandardWebhookPayload;
    templates[c.templatePath] = read(path.join(dir, c.templatePath));
  } else if (c.kind === "url") {
    hook.endpoint.url = c.template;
  } else {
    hook.endpoint.headers = [{ name: c.header, value: c.template }];
  }
  const event = read(path.join(corpus, "contexts", `${c.context}.json`));
  return { manifest: JSON.stringify(manifest), templates, event, dialect };
}

/** What the package produced for the case: `{ output }` or `{ name, at }` for a strict-mode error. */
function outcome(c, sim, dialect) {
  const part = c.kind === "body" ? "body" : c.kind === "url" ? "url" : `header:${c.header}`;
  const difference = sim.differences.find((d) => d.part === part);
  const error = difference?.[dialect]?.error;
  if (error) {
    const m = /^"([^"]*)" not defined in .* - (\d+:\d+)$/.exec(error);
    return m ? { name: m[1], at: m[2] } : { failure: error };
  }
  // A template fault stopped the render; production's "renders as empty" warns about one that did not stop.
  const fault = sim.diagnostics.find((d) => d.code.startsWith("template/") && d.code !== "template/empty-in-production");
  if (fault) return { failure: fault.message };
  if (c.kind === "body") return { output: sim.request.body };
  if (c.kind === "url") return { output: sim.request.url };
  return { output: sim.request.headers.find((h) => h.name === c.header).value };
}

function judge(ours, expected) {
  if (expected.error !== undefined) {
    const m = /^"([^"]*)" not defined in .* - (\d+:\d+)$/.exec(expected.error);
    return m && ours.name === m[1] && ours.at === m[2] ? "identical" : "different";
  }
  if (ours.output === undefined) return "different";
  const candidates = [expected.output, ...(expected.variants ?? [])];
  if (candidates.includes(ours.output)) return "identical";
  return candidates.some((c) => noSpace(c) === noSpace(ours.output)) ? "whitespace" : "different";
}

test("every corpus case through simulate() gives the native numbers", { timeout: 600_000 }, (t) => {
  const corpus = corpusDir();
  if (!corpus) return t.skip("no reference corpus (set HOOKPAD_CORPUS)");
  const cases = read(path.join(corpus, "cases.jsonl")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const counts = { preview: 0, production: 0, productionWhitespace: 0 };
  for (const c of cases) {
    for (const dialect of ["preview", "production"]) {
      const sim = hookpad.simulate(caseInput(corpus, c, dialect));
      const verdict = judge(outcome(c, sim, dialect), dialect === "preview" ? c.expected.handlebarsjs : c.expected.raymond);
      if (dialect === "preview") counts.preview += verdict === "identical" ? 1 : 0;
      else {
        counts.production += verdict === "identical" ? 1 : 0;
        counts.productionWhitespace += verdict === "different" ? 0 : 1;
      }
    }
  }
  const total = cases.length;
  const lines = [
    `preview: ${counts.preview}/${total} identical`,
    `production: ${counts.production}/${total} identical, ${counts.productionWhitespace}/${total} identical ignoring whitespace`,
  ];
  console.log(lines.join("\n"));
  const native = execFileSync(path.join(root, "target/release/hookpad"), ["corpus", corpus], { encoding: "utf8" })
    .trim()
    .split("\n")
    .slice(-2);
  assert.deepEqual(lines, native);
});

test("the tarball installs into an empty folder and the README's Node examples run (ES module, CommonJS, one template many renders)", { timeout: 300_000 }, () => {
  const tarball = setupTarball();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-install-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir, stdio: "pipe" });
  const sample = path.join(root, "crates/hookpad-core/samples");
  fs.copyFileSync(path.join(sample, "integration/manifest.json"), path.join(dir, "manifest.json"));
  fs.mkdirSync(path.join(dir, "templates"));
  fs.copyFileSync(path.join(sample, "integration/templates/flag.json.hbs"), path.join(dir, "templates/flag.json.hbs"));
  fs.copyFileSync(path.join(sample, "events/flag-toggle.json"), path.join(dir, "event.json"));
  const outputs = [];
  for (const [heading, file] of [["Node (ES modules)", "app.mjs"], ["Node (CommonJS)", "app.cjs"]]) {
    const block = readmeSection(heading).find((b) => b.file === file);
    assert.ok(block, `the README shows no ${file} under "${heading}"`);
    fs.writeFileSync(path.join(dir, file), block.text);
    const out = execFileSync("node", [file], { cwd: dir, encoding: "utf8" });
    assert.match(out, /^https:\/\/baseUrl\.com\/hooks\/launchdarkly\?channel=channel \{/);
    assert.match(out, /\nsent \d+ diagnostics\n$/);
    outputs.push(out);
  }
  assert.equal(outputs[0], outputs[1]);
  // One template, many renders: the event's own fields, three times.
  const many = readmeSection("One template, many renders").find((b) => b.file === "many.mjs");
  assert.ok(many, 'the README shows no many.mjs under "One template, many renders"');
  fs.writeFileSync(path.join(dir, "many.mjs"), many.text);
  const event = JSON.parse(fs.readFileSync(path.join(dir, "event.json"), "utf8"));
  assert.equal(execFileSync("node", ["many.mjs"], { cwd: dir, encoding: "utf8" }), `${event.titleVerb} ${event.name}\n`.repeat(3));
  fs.rmSync(dir, { recursive: true, force: true });
});
