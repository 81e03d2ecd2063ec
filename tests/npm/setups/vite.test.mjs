// Vite with no configuration: the dev server (which pre-bundles the package) and the build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPECTED_PAGE, makeApp, pageText, readmeCommands, readmeSection, run, served, start, webApp } from "./harness.mjs";
import path from "node:path";

function viteApp(name) {
  const html = readmeSection("Vite").find((b) => b.file === "index.html");
  assert.ok(html, "the README shows no index.html for Vite");
  return makeApp(name, { "app.js": webApp(), "index.html": html.text });
}

const commands = () => {
  const list = readmeCommands("Vite");
  assert.deepEqual(list.map((c) => c.join(" ")), ["vite", "vite build"]);
  return list;
};

test("Vite dev server: the README's app runs with no configuration", { timeout: 120_000 }, async () => {
  const dir = viteApp("vite-dev");
  const server = start(commands()[0], dir, /Local:\s+(http\S+)/);
  try {
    const [, url] = await server.match;
    assert.equal(await pageText(url), EXPECTED_PAGE);
  } finally {
    server.child.kill();
  }
});

test("Vite build: the README's app builds and runs with no configuration", { timeout: 120_000 }, async () => {
  const dir = viteApp("vite-build");
  run(commands()[1], dir);
  assert.equal(await served(path.join(dir, "dist")), EXPECTED_PAGE);
});
