// esbuild, with the README's command and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPECTED_PAGE, makeApp, pageFor, readmeCommands, run, served, webApp } from "./harness.mjs";

test("esbuild: the README's command bundles app.js and the page runs it", { timeout: 120_000 }, async () => {
  const dir = makeApp("esbuild", { "app.js": webApp(), "index.html": pageFor("./dist/app.js") });
  const commands = readmeCommands("esbuild");
  assert.equal(commands.length, 1);
  run(commands[0], dir);
  assert.equal(await served(dir), EXPECTED_PAGE);
});
