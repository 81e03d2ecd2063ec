// Every export called with every wrong type, through both entries of the built package: each call
// throws a TypeError that names the argument and what was expected (no wasm trap, no Rust type
// name, none of the value echoed back), and the module keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";

const packageDir = path.resolve(import.meta.dirname, "../../target/npm/hookpad");
const entries = {
  "ES module": await import(path.join(packageDir, "hookpad.js")),
  CommonJS: createRequire(import.meta.url)(path.join(packageDir, "hookpad.cjs")),
};

/** The wrong types, by the words the messages use for them. */
const WRONG = {
  "a number": 42,
  "a boolean": true,
  null: null,
  undefined,
  "an object": { some: "object" },
  "an array": ["an", "array"],
};

const MANIFEST = JSON.stringify({
  capabilities: {
    auditLogEventsHook: { endpoint: { url: "https://example.com/{{context.key}}", method: "POST", headers: [] }, templates: {} },
  },
});
const INPUT = { manifest: MANIFEST, templates: {}, event: '{"kind": "flag", "key": "k"}' };

/**
 * Each argument: how to call the export with a value in its place, which of the wrong types are in
 * fact accepted, and the message expected for the others (`KIND` is replaced by the type's words),
 * with the messages that say more for some types.
 */
const ARGUMENTS = [
  ["simulate", "input", (h, v) => h.simulate(v), [], "simulate(): `input` must be an object { manifest, templates, event, ... }; got KIND",
    { "an object": 'simulate(): `input` has an unknown key "some"; the keys are manifest, templates, event, formValues, dialect, mode, environments, policy, accesses, integrationKey' }],
  ["simulate", "input.manifest", (h, v) => h.simulate({ ...INPUT, manifest: v }), [], "simulate(): `manifest` must be JSON text (a string); got KIND",
    { "an object": "simulate(): `manifest` must be JSON text (a string); got an object — pass JSON.stringify(manifest)", "an array": "simulate(): `manifest` must be JSON text (a string); got an array — pass JSON.stringify(manifest)" }],
  ["simulate", "input.templates", (h, v) => h.simulate({ ...INPUT, templates: v }), ["an object"], "simulate(): `templates` must be an object mapping template paths to template text; got KIND"],
  ["simulate", "input.event", (h, v) => h.simulate({ ...INPUT, event: v }), [], "simulate(): `event` must be JSON text (a string); got KIND",
    { "an object": "simulate(): `event` must be JSON text (a string); got an object — pass JSON.stringify(event)", "an array": "simulate(): `event` must be JSON text (a string); got an array — pass JSON.stringify(event)" }],
  ["simulate", "input.formValues", (h, v) => h.simulate({ ...INPUT, formValues: v }), ["null", "undefined", "an object"], "simulate(): `formValues` must be an object mapping form-variable keys to values; got KIND"],
  ["simulate", "input.dialect", (h, v) => h.simulate({ ...INPUT, dialect: v }), ["null", "undefined"], 'simulate(): `dialect` must be "preview" or "production"; got KIND'],
  ["simulate", "input.mode", (h, v) => h.simulate({ ...INPUT, mode: v }), ["null", "undefined"], 'simulate(): `mode` must be "event" or "validation"; got KIND'],
  ["simulate", "input.environments", (h, v) => h.simulate({ ...INPUT, environments: v }), ["null", "undefined", "an array"], "simulate(): `environments` must be an array of environment keys; got KIND"],
  ["simulate", "input.policy", (h, v) => h.simulate({ ...INPUT, policy: v }), ["null", "undefined", "an array"], "simulate(): `policy` must be an array of policy statements; got KIND"],
  ["simulate", "input.accesses", (h, v) => h.simulate({ ...INPUT, accesses: v }), ["null", "undefined"], "simulate(): `accesses` must be an array of { resource, action } objects; got KIND",
    { "an array": "simulate(): `accesses[0]` must be an object { resource, action }; got a string" }],
  ["simulate", "input.integrationKey", (h, v) => h.simulate({ ...INPUT, integrationKey: v }), ["null", "undefined"], "simulate(): `integrationKey` must be the integration's key, its folder's name (a string); got KIND"],
  ["simulateAll", "input", (h, v) => h.simulateAll(v), [], "simulateAll(): `input` must be an object { manifest, templates, events?, ... }; got KIND",
    { "an object": 'simulateAll(): `input` has an unknown key "some"; the keys are manifest, templates, formValues, environments, policy, events, integrationKey' }],
  ["simulateAll", "input.manifest", (h, v) => h.simulateAll({ manifest: v, templates: {} }), [], "simulateAll(): `manifest` must be JSON text (a string); got KIND",
    { "an object": "simulateAll(): `manifest` must be JSON text (a string); got an object — pass JSON.stringify(manifest)", "an array": "simulateAll(): `manifest` must be JSON text (a string); got an array — pass JSON.stringify(manifest)" }],
  ["simulateAll", "input.events", (h, v) => h.simulateAll({ manifest: MANIFEST, templates: {}, events: v }), ["null", "undefined"], "simulateAll(): `events` must be an array of { name, json } objects; got KIND",
    { "an array": "simulateAll(): `events[0]` must be an object { name, json }; got a string" }],
  ["simulateAll", "input.integrationKey", (h, v) => h.simulateAll({ manifest: MANIFEST, templates: {}, integrationKey: v }), ["null", "undefined"], "simulateAll(): `integrationKey` must be the integration's key, its folder's name (a string); got KIND"],
  ["lintIntegration", "files", (h, v) => h.lintIntegration(v), [], "lintIntegration(): `files` must be an object { manifest, templates }; got KIND",
    { "an object": 'lintIntegration(): `files` has an unknown key "some"; the keys are manifest, templates, integrationKey' }],
  ["lintIntegration", "files.manifest", (h, v) => h.lintIntegration({ manifest: v, templates: {} }), [], "lintIntegration(): `manifest` must be JSON text (a string); got KIND",
    { "an object": "lintIntegration(): `manifest` must be JSON text (a string); got an object — pass JSON.stringify(manifest)", "an array": "lintIntegration(): `manifest` must be JSON text (a string); got an array — pass JSON.stringify(manifest)" }],
  ["lintIntegration", "files.templates", (h, v) => h.lintIntegration({ manifest: MANIFEST, templates: v }), ["an object"], "lintIntegration(): `templates` must be an object mapping template paths to template text; got KIND"],
  ["lintIntegration", "files.integrationKey", (h, v) => h.lintIntegration({ manifest: MANIFEST, templates: {}, integrationKey: v }), ["null", "undefined"], "lintIntegration(): `integrationKey` must be the integration's key, its folder's name (a string); got KIND"],
  ["evaluatePolicy", "statements", (h, v) => h.evaluatePolicy(v, []), ["an array"], "evaluatePolicy(): `statements` must be an array of policy statements; got KIND"],
  ["evaluatePolicy", "accesses", (h, v) => h.evaluatePolicy([], v), [], "evaluatePolicy(): `accesses` must be an array of { resource, action } objects; got KIND",
    { "an array": "evaluatePolicy(): `accesses[0]` must be an object { resource, action }; got a string" }],
  ["render", "template", (h, v) => h.render(v, {}), [], "render(): `template` must be the template's text (a string); got KIND"],
  // Any JSON value is a context (handlebars.js renders `{{this}}` with a number too).
  ["render", "context", (h, v) => h.render("x", v), Object.keys(WRONG), ""],
  ["render", "options", (h, v) => h.render("x", {}, v), ["null", "undefined"], "render(): `options` must be an object { dialect?, jsonEscape? }; got KIND",
    { "an object": 'render(): `options` has an unknown key "some"; the keys are dialect, jsonEscape' }],
  ["compile", "template", (h, v) => h.compile(v), [], "compile(): `template` must be the template's text (a string); got KIND"],
  ["compile", "options", (h, v) => h.compile("x", v), ["null", "undefined"], "compile(): `options` must be an object { dialect? }; got KIND",
    { "an object": 'compile(): `options` has an unknown key "some"; the keys are dialect' }],
  ["Template.render", "context", (h, v) => h.compile("x").render(v), Object.keys(WRONG), ""],
  ["Template.render", "options", (h, v) => h.compile("x").render({}, v), ["null", "undefined"], "Template.render(): `options` must be an object { jsonEscape? }; got KIND",
    { "an object": 'Template.render(): `options` has an unknown key "some"; the keys are jsonEscape' }],
  ["new RenderData", "context", (h, v) => new h.RenderData(v), Object.keys(WRONG), ""],
  ["new RenderData", "options", (h, v) => new h.RenderData({}, v), ["null", "undefined"], "new RenderData(): `options` must be an object { jsonEscape? }; got KIND",
    { "an object": 'new RenderData(): `options` has an unknown key "some"; the keys are jsonEscape' }],
];

function works(h) {
  assert.equal(h.render("{{tags}}", { tags: ["a", "b"] }, { dialect: "production" }), "ab");
  assert.equal(h.simulate(INPUT).request.url, "https://example.com/k");
}

for (const [entryName, h] of Object.entries(entries)) {
  test(`${entryName}: every export throws a TypeError naming the argument for every wrong type`, () => {
    let calls = 0;
    for (const [fn, arg, call, accepted, expected, special = {}] of ARGUMENTS) {
      for (const [kind, value] of Object.entries(WRONG)) {
        calls++;
        if (accepted.includes(kind)) {
          assert.doesNotThrow(() => call(h, value), `${fn}: ${arg} = ${kind} is accepted`);
          continue;
        }
        assert.throws(
          () => call(h, value),
          (e) => {
            assert.ok(e instanceof TypeError, `${fn}: ${arg} = ${kind} threw ${e?.constructor?.name}: ${e?.message}`);
            assert.equal(e.message, special[kind] ?? expected.replace("KIND", kind), `${fn}: ${arg} = ${kind}`);
            return true;
          },
        );
      }
      works(h);
    }
    assert.equal(calls, ARGUMENTS.length * 6);
    // The exports without arguments.
    assert.match(h.version(), /^\d+\.\d+\.\d+/);
    assert.equal(h.clearCache(), undefined);
  });

  test(`${entryName}: messages help without echoing the input`, () => {
    const secret = "sk-THIS-MUST-NOT-APPEAR";
    const cases = [
      [() => h.simulate({ ...INPUT, manifest: { token: secret } }), "simulate(): `manifest` must be JSON text (a string); got an object — pass JSON.stringify(manifest)"],
      [() => h.simulate({ ...INPUT, event: [secret] }), "simulate(): `event` must be JSON text (a string); got an array — pass JSON.stringify(event)"],
      [() => h.simulate({ manifest: MANIFEST, templats: {}, event: "{}" }), 'simulate(): `input` has an unknown key "templats" — did you mean `templates`?'],
      [() => h.simulate({ ...INPUT, [secret]: 1 }), 'simulate(): `input` has an unknown key "sk-THIS-MUST-NOT-APPEAR"; the keys are manifest, templates, event, formValues, dialect, mode, environments, policy, accesses, integrationKey'],
      [() => h.simulate({ ...INPUT, templates: { "templates/a.json.hbs": 7 } }), 'simulate(): `templates["templates/a.json.hbs"]` must be the template\'s text (a string); got a number'],
      [() => h.simulate({ ...INPUT, templates: new Map() }), "simulate(): `templates` must be an object mapping template paths to template text; got a Map — pass Object.fromEntries(templates)"],
      [() => h.simulate({ ...INPUT, dialect: "prod" }), 'simulate(): `dialect` must be "preview" or "production"; got "prod"'],
      [() => h.simulate({ ...INPUT, dialect: "Production" }), 'simulate(): `dialect` must be "preview" or "production"; got "Production" — did you mean "production"?'],
      [() => h.simulate({ ...INPUT, dialect: secret.repeat(3) }), /^simulate\(\): `dialect` must be "preview" or "production"; got "sk-THIS-MUST-NOT-APPEARsk-THIS-MUST-NOT-…"$/],
      [() => h.simulate({ ...INPUT, policy: "[]" }), "simulate(): `policy` must be an array of policy statements; got a string — pass JSON.parse(policy)"],
      [() => h.simulate({ ...INPUT, environments: ["production", 3] }), "simulate(): `environments[1]` must be an environment key (a string); got a number"],
      [() => h.simulate({ ...INPUT, accesses: [{ resource: "proj/p", acton: "x" }] }), 'simulate(): `accesses[0]` has an unknown key "acton" — did you mean `action`?'],
      [() => h.evaluatePolicy([], [{ resource: 1, action: "a" }]), "evaluatePolicy(): `accesses[0].resource` must be a resource specifier (a string); got a number"],
      [() => h.render("x", {}, { json_escape: true }), 'render(): `options` has an unknown key "json_escape" — did you mean `jsonEscape`?'],
      [() => h.render("x", {}, { jsonEscape: "yes" }), "render(): `options.jsonEscape` must be a boolean; got a string"],
      [() => h.render("x", () => secret), "render(): `context` must be JSON data; got a function"],
      [() => h.render("x", { n: 1n }), "render(): `context` must be JSON data; JSON.stringify throws on it: Do not know how to serialize a BigInt"],
      [() => { const o = { secret }; o.self = o; h.render("x", o); }, /^render\(\): `context` must be JSON data; JSON.stringify throws on it: Converting circular structure to JSON/],
      [() => h.render("x", JSON.parse("[".repeat(200) + "]".repeat(200))), "render(): `context` nests more than 128 levels deep; Hookpad reads at most 128"],
      [() => h.compile("x", { dialect: "Production" }), 'compile(): `options.dialect` must be "preview" or "production"; got "Production" — did you mean "production"?'],
      [() => h.compile("x").render(() => secret), "Template.render(): `context` must be JSON data; got a function"],
      [() => h.compile("x").render({}, { jsonEscape: 1 }), "Template.render(): `options.jsonEscape` must be a boolean; got a number"],
      [() => new h.RenderData({ n: 1n }), "new RenderData(): `context` must be JSON data; JSON.stringify throws on it: Do not know how to serialize a BigInt"],
    ];
    for (const [call, expected] of cases) {
      assert.throws(call, (e) => {
        assert.ok(e instanceof TypeError, `${e?.constructor?.name}: ${e?.message}`);
        if (expected instanceof RegExp) assert.match(e.message, expected);
        else assert.equal(e.message, expected);
        assert.doesNotMatch(e.message, /hookpad_wasm|JsValue|serde|deserialize|memory access/i);
        return true;
      });
    }
    works(h);
  });

  test(`${entryName}: problems inside the inputs stay diagnostics`, () => {
    const broken = h.simulate({ ...INPUT, manifest: "{ not json" });
    assert.deepEqual(broken.diagnostics.map((d) => d.code), ["manifest/invalid-json"]);
    const sim = h.simulate({ ...INPUT, policy: [{ effect: "alow", resource: ["*"] }, 42] });
    const codes = sim.diagnostics.map((d) => d.code);
    assert.ok(codes.includes("policy/invalid-effect"), codes.join(" "));
    assert.ok(codes.includes("policy/unknown-key"), codes.join(" "));
    assert.ok(codes.includes("policy/invalid-statement"), codes.join(" "));
    const policy = h.evaluatePolicy([{ effect: "allow", resources: ["*"], actions: ["*"], extra: 1 }], [{ resource: "proj/p", action: "createProject" }]);
    assert.equal(policy.diagnostics[0].code, "policy/unknown-key");
    // A template that fails is the render's own Error, not a TypeError.
    assert.throws(() => h.render("{{missing}}", {}), (e) => !(e instanceof TypeError) && e.message === '"missing" not defined in [object Object] - 1:2');
    works(h);
  });
}
