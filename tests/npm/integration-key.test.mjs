// integrationKey: LaunchDarkly's gate exempts one published integration, by its folder's name,
// from having any capability. Without the key the package cannot know which integration it is
// given; with it, the published manifest gets no false error, through every entry that checks
// manifests.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const corpus = process.env.HOOKPAD_CORPUS ?? path.join(root, "../shared/corpus");
const hookpad = await import(path.join(root, "target/npm/hookpad/hookpad.js"));
const manifest = fs.readFileSync(path.join(corpus, "published/aiconfig-test-run/manifest.json"), "utf8");
const noCapabilities = (diagnostics) => diagnostics.filter((d) => d.code === "manifest/no-capabilities");

test("the exempt integration's manifest has no capabilities, and only its key clears the error", () => {
  assert.equal(JSON.parse(manifest).capabilities, undefined);
  for (const [key, errors] of [[undefined, 1], ["some-other-integration", 1], ["aiconfig-test-run", 0]]) {
    const files = { manifest, templates: {}, integrationKey: key };
    assert.equal(noCapabilities(hookpad.lintIntegration(files)).length, errors, `lintIntegration, key ${key}`);
    const simulated = hookpad.simulate({ ...files, event: "{}" });
    assert.equal(noCapabilities(simulated.diagnostics).length, errors, `simulate, key ${key}`);
    const matrix = hookpad.simulateAll({ ...files, events: [{ name: "e", json: "{}" }] });
    assert.equal(matrix.rows[0].preview.errors, errors, `simulateAll, key ${key}`);
  }
});
