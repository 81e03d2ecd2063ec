// The README's table of render() errors, checked against the package and against handlebars.js
// 4.7.7 itself (strict mode, as `npm run preview` compiles): each row's two messages are what the
// two engines say, and the rows that claim the same words as handlebars.js have them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { packageDir } from "./setups/harness.mjs";

const require = createRequire(import.meta.url);
const Handlebars = require("handlebars");
const hookpad = require(path.join(packageDir, "hookpad.cjs"));
const readme = fs.readFileSync(path.join(packageDir, "README.md"), "utf8");
const errors = readme.slice(readme.indexOf("## Errors"));

/** [template, context, Hookpad's message, handlebars.js's message (first line), the README's words for it] */
const ROWS = [
  ["line\n  {{a.field}}", { a: {} }, '"field" not defined in [object Object] - 2:4', '"field" not defined in [object Object] - 2:4', "the same"],
  ["{{#if a}}{{/each}}", { a: 1 }, "if doesn't match each - 1:3", "if doesn't match each - 1:3", "the same"],
  ["{{foo bar}}", {}, 'Missing helper: "foo" - 1:2', '"foo" not defined in [object Object] - 1:2', '"foo" not defined in [object Object] - 1:2'],
  ["{{#if}}", {}, "`{{#if}}` is never closed: missing `{{/if}}` - 1:7", "Parse error on line 1:", "Parse error on line 1: ... Expecting ..."],
  ["{{> p}}", {}, "partials and decorators are not supported in integration templates - 1:0", "The partial p could not be found", "The partial p could not be found"],
  ["{{#each}}{{/each}}", {}, "each takes 1 argument(s) but was given 0 - 1:3", "Must pass iterator to #each", "Must pass iterator to #each"],
];

const thrown = (f) => {
  try {
    f();
  } catch (e) {
    return e.message.split("\n")[0];
  }
  assert.fail("did not throw");
};

test("render() errors: the README's table is what Hookpad and handlebars.js 4.7.7 say", () => {
  assert.equal(Handlebars.VERSION, "4.7.7");
  for (const [template, context, ours, theirs, readmeWords] of ROWS) {
    assert.equal(thrown(() => hookpad.render(template, context)), ours, template);
    assert.equal(thrown(() => Handlebars.compile(template, { strict: true })(context)), theirs, template);
    assert.ok(errors.includes(ours), `the README's table shows Hookpad's message ${ours}`);
    assert.ok(errors.includes(readmeWords), `the README's table shows handlebars.js's ${readmeWords}`);
  }
  assert.match(errors, /\| a missing field \| `"field" not defined in \[object Object\] - 2:4`[^|]*\| the same \|/);
});
