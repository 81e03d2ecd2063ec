// Rollup with the README's rollup.config.mjs (only @rollup/plugin-node-resolve).
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPECTED_PAGE, makeApp, pageFor, readmeCommands, readmeSection, run, served, webApp } from "./harness.mjs";

test("Rollup: the README's config bundles app.js and the page runs it", { timeout: 120_000 }, async () => {
  const config = readmeSection("Rollup").find((b) => b.file === "rollup.config.mjs");
  assert.ok(config, "the README shows no rollup.config.mjs");
  const dir = makeApp("rollup", { "app.js": webApp(), "rollup.config.mjs": config.text, "index.html": pageFor("./dist/app.js") });
  const commands = readmeCommands("Rollup");
  assert.equal(commands.length, 1);
  run(commands[0], dir);
  assert.equal(await served(dir), EXPECTED_PAGE);
});
