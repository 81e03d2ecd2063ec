// A page without a bundler: the README's index.html with an import map, served as files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPECTED_PAGE, makeApp, readmeSection, served, webApp } from "./harness.mjs";

test("a page without a bundler: the README's import map loads the package", { timeout: 120_000 }, async () => {
  const html = readmeSection("A page without a bundler").find((b) => b.file === "index.html");
  assert.ok(html, "the README shows no index.html for a page without a bundler");
  const dir = makeApp("page", { "app.js": webApp(), "index.html": html.text });
  assert.equal(await served(dir), EXPECTED_PAGE);
});
