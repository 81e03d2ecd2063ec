// compile() and RenderData: a template compiled once and a context converted once give, render
// after render, what the reference engines gave for every body case of the corpus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const packageDir = path.join(root, "target/npm/hookpad");
const entries = {
  "ES module": await import(path.join(packageDir, "hookpad.js")),
  CommonJS: createRequire(import.meta.url)(path.join(packageDir, "hookpad.cjs")),
};
const read = (p) => fs.readFileSync(p, "utf8");

function corpusDir() {
  const dir = process.env.HOOKPAD_CORPUS ?? path.join(root, "../shared/corpus");
  if (fs.existsSync(path.join(dir, "cases.jsonl"))) return dir;
  assert.notEqual(process.env.CI, "true", `the reference corpus is missing at ${dir} (set HOOKPAD_CORPUS)`);
  return null;
}

/** The integration-framework placeholder of a form variable nobody filled in. */
function placeholder(v) {
  if (v.type === "boolean") return true;
  if (v.type === "uri") return `https://${v.key}.com`;
  if (v.type === "multiselect") return [v.key];
  return v.key;
}

/** A body template's context before JSON escaping: the event plus `formVariables` (with `oauth`). */
function bodyContext(manifest, event) {
  const formVariables = Object.fromEntries((manifest.formVariables ?? []).map((v) => [v.key, placeholder(v)]));
  formVariables.oauth = manifest.requiresOAuth ? { baseURI: "$OAUTH_BASE_URI", accessToken: "$OAUTH_ACCESS_TOKEN" } : null;
  return { ...event, formVariables };
}

/** `{ output }`, or `{ name, at }` for a strict-mode miss, in the corpus's terms. */
function attempt(f) {
  try {
    return { output: f() };
  } catch (e) {
    const m = /^"([^"]*)" not defined in .* - (\d+:\d+)$/.exec(e.message);
    return m ? { name: m[1], at: m[2] } : { failure: e.message };
  }
}

function expectedOf(expected) {
  if (expected.error === undefined) return { output: expected.output };
  const m = /^"([^"]*)" not defined in .* - (\d+:\d+)$/.exec(expected.error);
  return { name: m[1], at: m[2] };
}

for (const [entryName, h] of Object.entries(entries)) {
  test(`${entryName}: a compiled template and converted data, rendered again and again, match the reference engines`, { timeout: 300_000 }, (t) => {
    const corpus = corpusDir();
    if (!corpus) return t.skip("no reference corpus (set HOOKPAD_CORPUS)");
    const cases = read(path.join(corpus, "cases.jsonl")).split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((c) => c.kind === "body");
    assert.ok(cases.length > 100, `${cases.length} body cases`);
    const templates = new Map();
    const data = new Map();
    let compared = 0;
    for (const c of cases) {
      const dir = path.join(corpus, "integrations", c.dir);
      const key = `${c.dir}/${c.templatePath}`;
      if (!templates.has(key)) {
        const text = read(path.join(dir, c.templatePath));
        templates.set(key, { preview: h.compile(text, { dialect: "preview" }), production: h.compile(text, { dialect: "production" }) });
      }
      const dataKey = `${c.dir}/${c.context}/${c.jsonTemplate}`;
      if (!data.has(dataKey)) {
        const manifest = JSON.parse(read(path.join(dir, "manifest.json")));
        const event = JSON.parse(read(path.join(corpus, "contexts", `${c.context}.json`)));
        data.set(dataKey, new h.RenderData(bodyContext(manifest, event), { jsonEscape: c.jsonTemplate }));
      }
      const compiled = templates.get(key);
      for (const [dialect, expected] of [["preview", c.expected.handlebarsjs], ["production", c.expected.raymond]]) {
        assert.equal(compiled[dialect].dialect, dialect);
        const ours = attempt(() => compiled[dialect].renderData(data.get(dataKey)));
        const want = expectedOf(expected);
        if (ours.output !== undefined && expected.variants?.includes(ours.output)) continue;
        assert.deepEqual(ours, want, `${c.id} (${dialect})`);
        compared++;
      }
    }
    // Templates and data were reused across cases: compiled once, rendered many times.
    assert.ok(templates.size < cases.length && data.size < cases.length, `${templates.size} templates, ${data.size} contexts`);
    assert.ok(compared > cases.length, `${compared} renders compared`);
    for (const d of data.values()) d.free();
    for (const { preview, production } of templates.values()) {
      preview.free();
      production.free();
    }
  });

  test(`${entryName}: Template.render and renderData give what render() gives, errors included`, () => {
    const context = { name: 'say "hi"\n', items: [1, 2], nested: { a: { b: "x" } } };
    const sources = ["{{name}} {{#each items}}<{{this}}>{{/each}} {{nested.a.b}}", "{{missing.field}}", "{{#if}}", "{{{name}}}"];
    for (const source of sources) {
      for (const dialect of ["preview", "production"]) {
        for (const jsonEscape of [false, true]) {
          const once = attempt(() => h.render(source, context, { dialect, jsonEscape }));
          const compiled = attempt(() => h.compile(source, { dialect }));
          if (compiled.output === undefined) {
            // A syntax error: compile() throws what render() throws.
            assert.deepEqual(compiled, once, `${source} (${dialect})`);
            continue;
          }
          const template = compiled.output;
          const data = new h.RenderData(context, { jsonEscape });
          for (let i = 0; i < 3; i++) {
            assert.deepEqual(attempt(() => template.render(context, { jsonEscape })), once, `${source} (${dialect}, render)`);
            assert.deepEqual(attempt(() => template.renderData(data)), once, `${source} (${dialect}, renderData)`);
          }
        }
      }
    }
    // The JSON escaping is the data's: the same template renders the two forms.
    const template = h.compile("{{name}}");
    assert.equal(template.renderData(new h.RenderData({ name: 'a"b' })), "a&quot;b");
    assert.equal(template.renderData(new h.RenderData({ name: 'a"b' }, { jsonEscape: true })), "a\\&quot;b");
    // A RenderData reflects the context when it was made, not later changes to the object.
    const live = { name: "before" };
    const frozen = new h.RenderData(live);
    live.name = "after";
    assert.equal(template.renderData(frozen), "before");
    assert.equal(template.render(live), "after");
  });

  test(`${entryName}: a freed template or data throws instead of trapping`, () => {
    const template = h.compile("{{a}}");
    const data = new h.RenderData({ a: 1 });
    assert.equal(template.renderData(data), "1");
    data.free();
    assert.throws(() => template.renderData(data), Error);
    template.free();
    assert.throws(() => template.render({ a: 1 }), Error);
    assert.throws(() => template.renderData({ a: 1 }), /expected instance of RenderData/);
    // The module still works.
    assert.equal(h.compile("{{a}}").render({ a: 2 }), "2");
  });
}
