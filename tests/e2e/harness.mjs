// What every page test file needs: Chromium launched as the tests launch it, the built app served
// from a sub-folder for the file's tests, and the editors driven as a user drives them.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const root = path.resolve(import.meta.dirname, "../..");

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/**
 * A fresh browser profile and its page; `options` go to Playwright's persistent context (a
 * viewport, downloads). `errors` collects the page's uncaught errors.
 */
export async function browser(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-e2e-"));
  const context = await chromium.launchPersistentContext(dir, { ...LAUNCH, ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Serves dist/ at `prefix` while this file's tests run. The returned app's `url` is set once the
 * server is up; `open(page)` loads it (or another `url`) and waits for the first result (simulated on
 * the page when the inputs are small, by the worker otherwise).
 */
export function servedApp(prefix) {
  let server;
  const app = {
    url: "",
    async open(page, url = app.url) {
      await page.goto(url);
      await page.waitForFunction(() => document.querySelector('[data-testid="update-time"]')?.textContent.startsWith("updated in"));
    },
  };
  before(async () => {
    const dist = path.join(root, "dist");
    assert.ok(fs.existsSync(path.join(dist, "index.html")), "build the app first: scripts/build-app");
    server = await serve(dist, prefix);
    app.url = server.url;
  });
  after(async () => server && (await server.close()));
  return app;
}

/**
 * Replaces the text of the code editor `testid` as a user does: click into it, select all, and
 * type the text in (one input, as a paste or an input method delivers it).
 */
export async function setEditor(page, testid, text) {
  await page.click(`[data-testid="${testid}"] .cm-content`);
  await page.keyboard.press("ControlOrMeta+A");
  if (text === "") await page.keyboard.press("Delete");
  else await page.keyboard.insertText(text);
}

/** The text in the code editor `testid` (its lines as laid out: fine for small documents). */
export async function editorText(page, testid) {
  // Editors below the fold are built once the page is idle (see web/editor/index.js).
  await page.locator(`[data-testid="${testid}"] .cm-content`).waitFor({ state: "attached" });
  return page.$$eval(`[data-testid="${testid}"] .cm-line`, (lines) => lines.map((l) => l.textContent).join("\n"));
}
