// webpack 5 (through webpack-cli), with the README's command and no configuration file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXPECTED_PAGE, makeApp, pageFor, readmeCommands, run, served, webApp } from "./harness.mjs";

test("webpack 5: the README's command bundles app.js and the page runs it", { timeout: 120_000 }, async () => {
  const dir = makeApp("webpack", { "app.js": webApp(), "index.html": pageFor("./dist/main.js") });
  const commands = readmeCommands("webpack 5");
  assert.equal(commands.length, 1);
  run(commands[0], dir);
  assert.equal(await served(dir), EXPECTED_PAGE);
});
