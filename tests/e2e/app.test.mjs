// End-to-end tests of the Hookpad page in real Chromium (playwright-core, Debian's chromium).
// The page is the release build in dist/, served from a sub-folder to prove relative asset URLs.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { browser, editorText, servedApp, setEditor } from "./harness.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const app = servedApp("/some/sub/folder/");
const open = (page, url) => app.open(page, url);

const MANIFEST = JSON.stringify(
  {
    name: "E2E", version: "1.0.0", overview: "o", description: "d", author: "a", supportEmail: "s@example.com",
    categories: ["monitoring"], links: { site: "https://example.com", privacyPolicy: "https://example.com/p" },
    icons: { square: "s.svg", horizontal: "h.svg" },
    formVariables: [
      { key: "token", name: "Token", type: "string", description: "d", isSecret: true },
      { key: "region", name: "Region", type: "enum", description: "d", allowedValues: ["eu", "us"], isOptional: true, defaultValue: "eu" },
    ],
    capabilities: {
      auditLogEventsHook: {
        endpoint: {
          url: "https://{{region}}.hooks.example.test/v1/{{context.key}}",
          method: "PUT",
          headers: [{ name: "Authorization", value: "Token {{token}}" }, { name: "X-Kind", value: "{{context.kind}}" }],
        },
        templates: { default: "templates/default.json.hbs" },
        defaultPolicy: [{ effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["*"] }],
      },
    },
  },
  null,
  2,
);
const EVENT = (env) =>
  JSON.stringify({ kind: "flag", key: "checkout-v2", name: "Checkout v2", verbKind: "updateOn", project: { key: "shop", environment: { key: env } } }, null, 2);

async function fillAll(page, template, env = "production") {
  await setEditor(page, 'manifest-input', MANIFEST);
  await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
  await setEditor(page, 'template-input', template);
  await setEditor(page, 'event-input', EVENT(env));
}

/** Waits until the request body reads `text`. */
function bodyShows(page, text) {
  return page.waitForFunction((t) => document.querySelector('[data-testid="request-body"]')?.textContent === t, text);
}

before(() => fs.mkdirSync(artifacts, { recursive: true }));

/** Counts the messages the page posts to workers in `window.__jobs`. */
async function countWorkerJobs(b) {
  await b.context.addInitScript(() => {
    window.__jobs = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (...args) {
      window.__jobs += 1;
      return post.apply(this, args);
    };
  });
}

test("renders the request live as the user types", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"flag": "{{{name}}}", "key": "{{key}}"}');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-url"]')?.textContent.includes("checkout-v2"));
    assert.equal(await b.page.textContent('[data-testid="request-method"]'), "PUT");
    assert.equal(await b.page.textContent('[data-testid="request-url"]'), "https://eu.hooks.example.test/v1/checkout-v2");
    const headers = await b.page.textContent('[data-testid="request-headers"]');
    assert.match(headers, /Authorization\s*Token token/);
    assert.match(headers, /X-Kind\s*flag/);
    assert.equal(await b.page.textContent('[data-testid="request-body"]'), '{"flag": "Checkout v2", "key": "checkout-v2"}');
    assert.match(await b.page.textContent('[data-testid="policy-decision"]'), /^Sent$/);
    // `equal` has an `{{else}}` in preview only: production renders nothing for the inverse.
    await setEditor(b.page, 'template-input', '{"on": "{{#equal key "other"}}yes{{else}}no{{/equal}}"}');
    const body = () => b.page.textContent('[data-testid="request-body"]');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent.includes('"on"'));
    assert.equal(await body(), '{"on": "no"}');
    await b.page.selectOption('[data-testid="dialect-select"]', "production");
    await bodyShows(b.page, '{"on": ""}');
    assert.equal(await body(), '{"on": ""}');
    await b.page.selectOption('[data-testid="dialect-select"]', "preview");
    await bodyShows(b.page, '{"on": "no"}');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("an event in a test environment is not sent under a production-only policy", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, "{}", "test");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="policy-decision"]')?.textContent === "Not sent");
    const pair = await b.page.textContent('[data-testid="policy-pair"]');
    assert.match(pair, /default-deny/);
    assert.match(pair, /statement 0/);
    assert.match(pair, /env `test` does not match `production`/);
  } finally {
    await b.close();
  }
});

test("a missing field is a diagnostic with its line:column, and clicking it selects its range", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const template = '{\n  "key": "{{key}}",\n  "why": "{{comment}}"\n}';
    await fillAll(b.page, template);
    const diag = b.page.locator('[data-testid="diagnostic"]', { hasText: '"comment" not defined' });
    await diag.waitFor();
    assert.match(await diag.textContent(), /template:templates\/default\.json\.hbs:3:13/);
    // Preview stops at the miss: the request says why it has no body. Production prints it as empty.
    assert.match(await b.page.textContent('[data-testid="body-missing"]'), /^No body: "comment" not defined in \[object Object\] - 3:12/);
    await b.page.selectOption('[data-testid="dialect-select"]', "production");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent.includes('"why": ""'));
    assert.equal(await b.page.locator('[data-testid="body-missing"]').count(), 0);
    await b.page.selectOption('[data-testid="dialect-select"]', "preview");
    await b.page.waitForSelector('[data-testid="body-missing"]');
    // Move the cursor elsewhere, then click the diagnostic.
    await b.page.click('[data-testid="event-input"] .cm-content');
    await diag.click();
    await b.page.waitForFunction(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") === "template-input");
    assert.equal(await b.page.evaluate(() => window.getSelection().toString()), "comment");
  } finally {
    await b.close();
  }
});

test("rendered output is text: no markup is interpreted, no script runs", async () => {
  const b = await browser();
  try {
    let dialogs = 0;
    b.page.on("dialog", async (d) => { dialogs += 1; await d.dismiss(); });
    await open(b.page);
    const before = await b.page.evaluate(() => ({ img: document.querySelectorAll("img").length, script: document.querySelectorAll("script").length }));
    await fillAll(b.page, '<img src=x onerror=alert(1)><script>alert(2)</script>{{{name}}}');
    await setEditor(b.page, 'event-input', JSON.stringify({ kind: "flag", key: "k", name: "<img src=y onerror=alert(3)>", verbKind: "updateOn" }));
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent.includes("alert(3)"));
    const body = await b.page.textContent('[data-testid="request-body"]');
    assert.equal(body, "<img src=x onerror=alert(1)><script>alert(2)</script><img src=y onerror=alert(3)>");
    await b.page.waitForTimeout(300);
    const afterCount = await b.page.evaluate(() => ({ img: document.querySelectorAll("img").length, script: document.querySelectorAll("script").length }));
    assert.deepEqual(afterCount, before);
    assert.equal(dialogs, 0);
  } finally {
    await b.close();
  }
});

test("nothing is requested beyond the page's own assets", async () => {
  const b = await browser();
  try {
    const requests = [];
    b.page.on("request", (r) => requests.push(r.url()));
    await open(b.page);
    const loaded = requests.length;
    await fillAll(b.page, '{"k": "{{key}}"}');
    await b.page.click('[data-testid="template-tab-templates/default.json.hbs"]');
    await b.page.selectOption('[data-testid="dialect-select"]', "production");
    await b.page.selectOption('[data-testid="sample-select"]', "segment-update");
    await b.page.waitForTimeout(500);
    assert.ok(requests.every((u) => u.startsWith(app.url)), `foreign requests: ${requests.filter((u) => !u.startsWith(app.url))}`);
    assert.deepEqual(requests.slice(loaded), [], "requests after load");
  } finally {
    await b.close();
  }
});

test("the simulation worker starts before the page's module and the page takes it over, also after it is ready", async () => {
  for (const slowPage of [false, true]) {
    const b = await browser();
    try {
      await b.context.addInitScript(() => {
        window.__workers = [];
        const Native = window.Worker;
        window.Worker = function (...args) {
          window.__workers.push(new Error().stack);
          return new Native(...args);
        };
        window.Worker.prototype = Native.prototype;
      });
      // A page slower than the worker (its module waits for the code editor's bundle, which the
      // worker does not load): the worker's first message (it is listening) arrives before the
      // page takes it over, and must still reach the page.
      if (slowPage) await b.page.route(/\/editor\.js$/, (r) => setTimeout(() => r.continue(), 1500));
      await open(b.page);
      const workers = await b.page.evaluate(() => window.__workers);
      assert.equal(workers.length, 1, "one simulation worker");
      assert.match(workers[0], /boot\.js/, "started by boot.js");
      assert.equal(await b.page.evaluate(() => "hookpadStartedWorker" in window), false, "taken over");
      assert.match(await b.page.textContent('[data-testid="request-url"]'), /^https:/);
      assert.deepEqual(b.errors, []);
    } finally {
      await b.close();
    }
  }
});

test("a share link restores the state in a new browser, without secrets", async () => {
  const a = await browser();
  let link;
  try {
    await open(a.page);
    await fillAll(a.page, '{"shared": true}', "staging");
    await a.page.fill("#form-token", "s3cret-value");
    await a.page.waitForFunction(() => document.querySelector('[data-testid="request-headers"]')?.textContent.includes("s3cret-value"));
    link = await shareLink(a.page);
    assert.ok(link.startsWith(app.url), link);
    assert.ok(!linkJson(link).includes("s3cret-value"), "the link carries no secret");
    // Nor does local storage.
    await waitSaved(a.page, "staging");
    const stored = await a.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes("s3cret-value"), "local storage holds no secret");
  } finally {
    await a.close();
  }
  const b = await browser();
  try {
    await open(b.page, link);
    assert.equal(await editorText(b.page, 'event-input'), EVENT("staging"));
    assert.equal(await editorText(b.page, 'template-input'), '{"shared": true}');
    assert.equal(await b.page.inputValue("#form-token"), "");
    assert.equal(await b.page.textContent('[data-testid="request-body"]'), '{"shared": true}');
  } finally {
    await b.close();
  }
});

/** Clicks "Share link" and returns the link shown in the read-only field. */
async function shareLink(page) {
  await page.click('[data-testid="share-link"]');
  const field = page.locator('[data-testid="share-url"]');
  await field.waitFor();
  assert.notEqual(await field.getAttribute("readonly"), null);
  return field.inputValue();
}

/** The JSON a share link carries. */
function linkJson(link) {
  const data = link.split("#s=")[1];
  return zlib.inflateRawSync(Buffer.from(data, "base64url")).toString("utf8");
}

/** Waits until autosave has written a state containing `text`; returns what it wrote. */
async function waitSaved(page, text) {
  await page.waitForFunction((t) => (localStorage.getItem("hookpad.state.v1") ?? "").includes(t), text, { timeout: 5000 });
  return page.evaluate(() => localStorage.getItem("hookpad.state.v1"));
}

test("a secret typed into a secret field never reaches storage or a link, even with the manifest broken", async () => {
  const a = await browser();
  let link;
  try {
    await a.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await open(a.page);
    await fillAll(a.page, '{"k": "{{key}}"}');
    await a.page.fill("#form-token", "s3cret-value");
    await a.page.waitForFunction(() => document.querySelector('[data-testid="request-headers"]')?.textContent.includes("s3cret-value"));
    // Break the manifest's first "{".
    const broken = MANIFEST.replace("{", "");
    await setEditor(a.page, 'manifest-input', broken);
    await a.page.waitForSelector('[data-testid="manifest-input-hint"]');
    assert.match(await a.page.textContent('[data-testid="manifest-input-hint"]'), /Not valid JSON at line \d+, column \d+/);
    // The secret field is still there, still holding the value, still masked.
    assert.equal(await a.page.getAttribute("#form-token", "type"), "password");
    assert.equal(await a.page.inputValue("#form-token"), "s3cret-value");
    // Storage: the broken manifest is saved, the secret is not.
    const stored = await waitSaved(a.page, "E2E");
    assert.ok(stored.includes(JSON.stringify(broken).slice(1, 40)), "saved after the break");
    assert.ok(!stored.includes("s3cret-value"), "local storage holds no secret");
    // The share link: no secret, and it is copied with feedback.
    link = await shareLink(a.page);
    assert.ok(!linkJson(link).includes("s3cret-value"), "the link carries no secret");
    await a.page.waitForFunction(() => document.querySelector('[data-testid="share-copied"]')?.textContent === "Copied");
    assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), link);
    // The exports leave it out until asked.
    await setEditor(a.page, 'manifest-input', MANIFEST);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="export-curl"]')?.textContent.includes("Token token"));
    assert.ok(!(await a.page.textContent('[data-testid="export-curl"]')).includes("s3cret-value"));
    assert.ok(!(await a.page.textContent('[data-testid="export-markdown"]')).includes("s3cret-value"));
    await a.page.check('[data-testid="include-secrets"]');
    await a.page.waitForFunction(() => document.querySelector('[data-testid="export-curl"]')?.textContent.includes("s3cret-value"));
    // Reload (after breaking the manifest again), fix the manifest: the field is empty.
    await setEditor(a.page, 'manifest-input', broken);
    // The broken text's start, with the key before it: its first 40 characters alone are also in
    // the valid manifest, which is what storage still holds until autosave runs.
    await waitSaved(a.page, `"manifest":${JSON.stringify(broken).slice(0, 40)}`);
    await a.page.reload();
    await a.page.waitForSelector('[data-testid="manifest-input-hint"]');
    await setEditor(a.page, 'manifest-input', MANIFEST);
    await a.page.waitForSelector("#form-token");
    assert.equal(await a.page.inputValue("#form-token"), "");
    assert.ok(!(await a.page.evaluate(() => JSON.stringify({ ...localStorage }))).includes("s3cret-value"));
  } finally {
    await a.close();
  }
  // The link in a fresh browser: fix the manifest, the field is empty.
  const b = await browser();
  try {
    await b.page.goto(link);
    await b.page.waitForSelector('[data-testid="manifest-input-hint"]');
    await setEditor(b.page, 'manifest-input', MANIFEST);
    await b.page.waitForSelector("#form-token");
    assert.equal(await b.page.inputValue("#form-token"), "");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-headers"]')?.textContent.includes("Token token"));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("after opening a share link, a reload keeps the edits made since", async () => {
  const a = await browser();
  let link;
  try {
    await open(a.page);
    await fillAll(a.page, '{"from": "link"}');
    link = await shareLink(a.page);
  } finally {
    await a.close();
  }
  const b = await browser();
  try {
    await open(b.page, link);
    // Read in the page (Playwright's own copy of the address follows it a moment later), once the
    // page's effects have run: the first result can be drawn before them.
    await b.page.waitForFunction(() => !location.href.includes("#"), null, { timeout: 5000 }).catch(() => {});
    assert.ok(!(await b.page.evaluate(() => location.href)).includes("#"), `the fragment is gone: ${await b.page.evaluate(() => location.href)}`);
    await setEditor(b.page, 'template-input', '{"edited": "after the link"}');
    await waitSaved(b.page, "after the link");
    await b.page.reload();
    await b.page.waitForFunction(() => document.querySelector('[data-testid="update-time"]')?.textContent.startsWith("updated in"));
    assert.equal(await editorText(b.page, 'template-input'), '{"edited": "after the link"}');
  } finally {
    await b.close();
  }
});

test("Load example and New can be undone", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"mine": true}');
    for (const button of ["load-example", "new"]) {
      await b.page.click(`[data-testid="${button}"]`);
      await b.page.waitForSelector('[data-testid="undo-notice"]');
      assert.notEqual(await editorText(b.page, 'manifest-input'), MANIFEST);
      await b.page.click('[data-testid="undo"]');
      await b.page.waitForSelector('[data-testid="undo-notice"]', { state: "detached" });
      assert.equal(await editorText(b.page, 'manifest-input'), MANIFEST);
      assert.equal(await editorText(b.page, 'template-input'), '{"mine": true}');
      assert.equal(await editorText(b.page, 'event-input'), EVENT("production"));
    }
    // New gives one template and no errors.
    await b.page.click('[data-testid="new"]');
    await b.page.waitForSelector('[data-testid="template-tab-templates/default.json.hbs"]');
    assert.equal(await b.page.locator('[role="tab"]').count(), 1);
    await b.page.waitForFunction(() => document.querySelector('[data-testid="policy-decision"]')?.textContent === "Sent");
    assert.doesNotMatch(await b.page.textContent('[data-testid="diagnostics"]'), /^error/m);
  } finally {
    await b.close();
  }
});

test("the panels stay while the manifest is being edited into invalid JSON", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await setEditor(b.page, 'manifest-input', MANIFEST.slice(0, 200));
    await b.page.waitForSelector('[data-testid="manifest-input-hint"]');
    // Tabs, the template and the form variables are still there; the parse error is listed.
    assert.equal(await editorText(b.page, 'template-input'), '{"k": "{{key}}"}');
    assert.equal(await b.page.getAttribute('[data-testid="template-tab-templates/default.json.hbs"]', "aria-selected"), "true");
    assert.equal(await b.page.inputValue("#form-region"), "eu");
    await b.page.waitForFunction(() => /manifest:\d+:\d+/.test(document.querySelector('[data-testid="diagnostics"]')?.textContent));
    assert.equal(await b.page.locator('[data-testid="template-none"]').count(), 0);
  } finally {
    await b.close();
  }
});

test("template tabs are ARIA tabs with arrow-key navigation", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const tabs = b.page.locator('[role="tab"]');
    assert.ok((await tabs.count()) > 2);
    const first = tabs.nth(0);
    assert.equal(await first.getAttribute("aria-controls"), "template-panel");
    assert.equal(await b.page.getAttribute("#template-panel", "role"), "tabpanel");
    await first.focus();
    await b.page.keyboard.press("ArrowRight");
    assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await b.page.evaluate(() => document.activeElement?.getAttribute("role")), "tab");
    assert.equal(await b.page.getAttribute("#template-panel", "aria-labelledby"), await tabs.nth(1).getAttribute("id"));
    await b.page.keyboard.press("End");
    assert.equal(await tabs.last().getAttribute("aria-selected"), "true");
    await b.page.keyboard.press("ArrowRight");
    assert.equal(await first.getAttribute("aria-selected"), "true");
  } finally {
    await b.close();
  }
});

test("pasting a 5 MB event leaves the page responsive", async () => {
  const b = await browser();
  try {
    await b.page.addInitScript(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
      window.__clickDelays = [];
      document.addEventListener("click", (e) => window.__clickDelays.push(performance.now() - e.timeStamp), true);
    });
    await b.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await open(b.page);
    await fillAll(b.page, '{"key": "{{key}}", "n": "{{items.length}}"}');
    // The event is made in the page: passing 5 MB through the test driver would itself block the
    // page's thread while the driver's message is decoded.
    const length = await b.page.evaluate(() => {
      const items = Array.from({ length: 40000 }, (_, i) => ({ id: `item-${i}`, name: `Item number ${i}`, tags: ["a", "b"], value: i * 7, note: "x".repeat(60) }));
      window.__big = JSON.stringify({ kind: "flag", key: "big-event", verbKind: "updateOn", project: { key: "shop", environment: { key: "production" } }, items });
      return window.__big.length;
    });
    assert.ok(length > 5_000_000, `${length}`);
    const heading = await b.page.locator("h1").boundingBox();
    await b.page.waitForTimeout(300);
    await b.page.evaluate(() => (window.__longest = 0));
    // A real paste: the event on the clipboard, Ctrl+V in the event editor.
    await b.page.evaluate(() => navigator.clipboard.writeText(window.__big));
    await b.page.click('[data-testid="event-input"] .cm-content');
    await b.page.keyboard.press("ControlOrMeta+A");
    await b.page.evaluate(() => (window.__longest = 0));
    await b.page.keyboard.press("ControlOrMeta+V");
    await b.page.mouse.click(heading.x + 5, heading.y + 5);
    await b.page.waitForFunction(() => window.__clickDelays.length > 0);
    const [delay] = await b.page.evaluate(() => window.__clickDelays);
    assert.ok(delay < 250, `click handled after ${delay.toFixed(0)} ms`);
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent.includes("big-event"), null, { timeout: 15000 });
    const longest = await b.page.evaluate(() => window.__longest);
    console.log(`5 MB event: click handled after ${delay.toFixed(0)} ms, longest main-thread task ${longest.toFixed(0)} ms`);
    // The goal (no task over 250 ms) is a benchmark: bench/run reports it. This bound catches what
    // the test is named after (the page frozen for seconds: 5.7 s before issue 14) without failing
    // on a busy machine, where the same build measures 180–330 ms.
    assert.ok(longest < 1000, `longest main-thread task ${longest} ms`);
    // It is summarised, not laid out in the editor.
    await b.page.waitForSelector('[data-testid="event-large"]');
    // Autosave kept the integration and says the event was not saved.
    await b.page.waitForSelector('[data-testid="autosave-note"]');
    assert.match(await b.page.textContent('[data-testid="autosave-note"]'), /without the event/);
    const stored = await b.page.evaluate(() => localStorage.getItem("hookpad.state.v1"));
    assert.ok(stored.length < 100_000 && stored.includes("E2E"));
    // A link would be too large: a message instead, and an offer to leave the event out.
    await b.page.click('[data-testid="share-link"]');
    await b.page.waitForSelector('[data-testid="share-too-large"]');
    await b.page.click('[data-testid="share-without-event"]');
    const link = await b.page.inputValue('[data-testid="share-url"]');
    assert.ok(link.length < 20_000, `${link.length}`);
    // Typing in the template still renders.
    await setEditor(b.page, 'template-input', '{"still": "{{key}}"}');
    await bodyShows(b.page, '{"still": "big-event"}');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("screenshots at desktop and phone sizes", async () => {
  const b = await browser();
  try {
    for (const [width, height] of [[1280, 800], [390, 844]]) {
      await b.page.setViewportSize({ width, height });
      await open(b.page);
      const file = path.join(artifacts, `hookpad-${width}x${height}.png`);
      await b.page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10_000);
      // Nothing overflows sideways on a phone.
      const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    }
  } finally {
    await b.close();
  }
});

test("a runaway render is stopped within 3 s and the next edit renders normally", async () => {
  const b = await browser();
  try {
    await countWorkerJobs(b);
    await open(b.page);
    const big = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, "x".repeat(30)]));
    const xs = Array.from({ length: 600 }, (_, i) => i);
    await fillAll(b.page, "{{key}}");
    await setEditor(b.page, 'event-input', JSON.stringify({ kind: "flag", key: "before", verbKind: "updateOn", big, xs }));
    await bodyShows(b.page, "before");
    // Every inner iteration copies `big`: far more work than any limit lets finish quickly.
    const runaway = '{{key}}{{#each xs}}{{#each @root.xs}}{{#with (lookup @root "big")}}.{{/with}}{{/each}}{{/each}}';
    const started = Date.now();
    await setEditor(b.page, 'template-input', runaway);
    await b.page.waitForSelector('[data-testid="render-stopped"]', { timeout: 3000 });
    assert.ok(Date.now() - started < 3000, `stopped after ${Date.now() - started} ms`);
    assert.match(await b.page.textContent('[data-testid="render-stopped"]'), /longer than 2 s/);
    // The page stayed responsive, and the next edit renders with a fresh worker.
    await setEditor(b.page, 'event-input', JSON.stringify({ kind: "flag", key: "after", verbKind: "updateOn" }));
    await bodyShows(b.page, "after");
    assert.equal(await b.page.locator('[data-testid="render-stopped"]').count(), 0);
    // Once the worker has done an edit quickly (the fresh worker's first job also reads the
    // manifest and compiles the templates: one more edit), the next one is simulated on the page.
    await setEditor(b.page, 'event-input', JSON.stringify({ kind: "flag", key: "warm", verbKind: "updateOn" }));
    await bodyShows(b.page, "warm");
    const jobs = await b.page.evaluate(() => window.__jobs);
    await setEditor(b.page, 'event-input', JSON.stringify({ kind: "flag", key: "again", verbKind: "updateOn" }));
    await bodyShows(b.page, "again");
    assert.equal(await b.page.evaluate(() => window.__jobs), jobs, "no job posted to the worker");
  } finally {
    await b.close();
  }
});

test("small inputs are simulated on the page, without a round trip to the worker; big ones in the worker", async () => {
  const b = await browser();
  try {
    await countWorkerJobs(b);
    await open(b.page);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await bodyShows(b.page, '{"k": "checkout-v2"}');
    assert.equal(await b.page.evaluate(() => window.__jobs), 0, "no job went to the worker");
    // Over 256 KB of inputs: the worker simulates.
    const big = { ...JSON.parse(EVENT("production")), key: "big-one", padding: "x".repeat(300_000) };
    await setEditor(b.page, "event-input", JSON.stringify(big));
    await bodyShows(b.page, '{"k": "big-one"}');
    const jobs = await b.page.evaluate(() => window.__jobs);
    assert.ok(jobs >= 1, "the worker simulated the big event");
    // Small again (typed into the field that stands for an event too big to lay out): back on the page.
    await b.page.fill('textarea[data-testid="event-input"]', EVENT("production"));
    await bodyShows(b.page, '{"k": "checkout-v2"}');
    assert.equal(await b.page.evaluate(() => window.__jobs), jobs);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("loading the page and rendering log no warning or error, from the page or its worker", async () => {
  const b = await browser();
  try {
    const messages = [];
    b.page.on("console", (m) => ["warning", "error"].includes(m.type()) && messages.push(`${m.type()}: ${m.text()}`));
    await open(b.page);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await bodyShows(b.page, '{"k": "checkout-v2"}');
    // Playwright reports the worker's console messages as the page's.
    assert.equal(b.page.workers().length, 1);
    assert.deepEqual(messages, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("the page runs under its Content-Security-Policy without violations", async () => {
  const b = await browser();
  try {
    await b.page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await open(b.page);
    const csp = await b.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|https?:/);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await bodyShows(b.page, '{"k": "checkout-v2"}');
    assert.deepEqual(await b.page.evaluate(() => window.__violations), []);
  } finally {
    await b.close();
  }
});

test("the derived (resource, action) pairs can be edited", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, "{}", "test");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="policy-decision"]')?.textContent === "Not sent");
    // A code editor (plain text), labelled like the others.
    assert.equal(await b.page.getAttribute('[data-testid="pairs-input"] .cm-content', "aria-label"), '(resource, action) pairs: one "resource action" per line');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="pairs-input"] .cm-line')?.textContent === "proj/shop:env/test:flag/checkout-v2 updateOn");
    await setEditor(b.page, "pairs-input", "proj/shop:env/production:flag/checkout-v2 updateOn");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="policy-decision"]')?.textContent === "Sent");
  } finally {
    await b.close();
  }
});

test("the template editor highlights Handlebars tags", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await setEditor(b.page, "template-input", '{{#if name}}{{name}}{{else}}{{! note }}none{{/if}}');
    const editor = b.page.locator('[data-testid="template-input"]');
    await editor.locator(".hb-keyword", { hasText: "else" }).waitFor();
    const text = async (cls) => editor.locator(`.${cls}`).allTextContents();
    assert.ok((await text("hb-keyword")).some((t) => t.includes("#")), "block open is a keyword");
    assert.ok((await text("hb-helper")).includes("if"), "if is a helper name");
    assert.ok((await text("hb-path")).includes("name"), "name is a path");
    assert.ok((await text("tok-comment")).some((t) => t.includes("note")), "the comment");
    // JSON sources are highlighted too.
    assert.ok((await b.page.locator('[data-testid="manifest-input"] .tok-string').count()) > 0);
  } finally {
    await b.close();
  }
});

test("an unclosed {{#if}} is squiggled with a gutter marker; clicking the problem selects its range", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"k": "{{key}}"}');
    await setEditor(b.page, "template-input", '{"k": "{{#if key}}yes"}');
    const editor = b.page.locator('[data-testid="template-input"]');
    await editor.locator(".cm-lintRange-error").first().waitFor();
    assert.ok((await editor.locator(".cm-lint-marker-error").count()) > 0, "a gutter marker");
    assert.equal(await editor.locator(".cm-content").getAttribute("aria-invalid"), "true");
    assert.equal(await editor.locator(".cm-content").getAttribute("aria-label"), "Template templates/default.json.hbs");
    const squiggled = await editor.locator(".cm-lintRange-error").first().textContent();
    assert.ok(squiggled.length > 0);
    await b.page.click('[data-testid="event-input"] .cm-content');
    const problem = b.page.locator('[data-testid="diagnostic"]', { hasText: "template:templates/default.json.hbs" }).first();
    await problem.click();
    await b.page.waitForFunction(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") === "template-input");
    const selected = await b.page.evaluate(() => window.getSelection().toString());
    assert.ok(selected.length > 0 && '{"k": "{{#if key}}yes"}'.includes(selected), `selected ${JSON.stringify(selected)}`);
    // Hovering the squiggle shows the message.
    await editor.locator(".cm-lintRange-error").first().hover();
    await b.page.locator(".cm-tooltip-lint").waitFor();
    // Fixed: the squiggle goes.
    await setEditor(b.page, "template-input", '{"k": "{{#if key}}yes{{/if}}"}');
    await bodyShows(b.page, '{"k": "yes"}');
    await b.page.waitForFunction(() => !document.querySelector('[data-testid="template-input"] .cm-lintRange-error'));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("typing {{ and a letter offers the event's fields; accepting inserts one", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, "");
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.type('{"n": "{{na');
    const option = b.page.locator(".cm-tooltip-autocomplete li", { hasText: "name" }).first();
    await option.waitFor();
    // CodeMirror ignores Enter in a list that has just opened (its interaction delay).
    await b.page.waitForTimeout(150);
    await b.page.keyboard.press("Enter");
    await b.page.keyboard.type('}}", "e": "{{project.');
    await b.page.locator(".cm-tooltip-autocomplete li", { hasText: "environment" }).first().waitFor();
    await b.page.keyboard.type("k");
    await b.page.locator(".cm-tooltip-autocomplete li", { hasText: "key" }).first().waitFor();
    await b.page.waitForTimeout(150);
    await b.page.keyboard.press("Enter");
    await b.page.keyboard.type('}}"}');
    assert.equal(await editorText(b.page, "template-input"), '{"n": "{{name}}", "e": "{{project.key}}"}');
    await bodyShows(b.page, '{"n": "Checkout v2", "e": "shop"}');
  } finally {
    await b.close();
  }
});

test("hovering a path in a template shows its value, and what each dialect makes of it", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, '{"k": "{{project.key}}", "m": "{{project.missing}}"}');
    await b.page.locator('[data-testid="template-input"] .hb-path', { hasText: "project.key" }).hover();
    const tip = b.page.locator(".cm-hookpad-value");
    await tip.waitFor();
    const rows = async () => tip.locator("div").allTextContents();
    assert.deepEqual(await rows(), [
      'project.key = "shop"',
      'preview (handlebars.js, strict): "shop"',
      'production (raymond): "shop"',
      "Looked up in the root context, for the current event.",
    ]);
    await b.page.mouse.move(0, 0);
    await tip.waitFor({ state: "detached" });
    await b.page.locator('[data-testid="template-input"] .hb-path', { hasText: "project.missing" }).hover();
    await tip.waitFor();
    const [value, preview, production] = await rows();
    assert.equal(value, "project.missing = missing");
    assert.match(preview, /^preview \(handlebars\.js, strict\): error: "missing" not defined in /);
    assert.equal(production, "production (raymond): empty (missing, or an empty value)");
  } finally {
    await b.close();
  }
});

test("Tab indents in an editor; Escape then Tab leaves it", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, "a");
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.press("Home");
    await b.page.keyboard.press("Tab");
    assert.equal(await editorText(b.page, "template-input"), "  a");
    await b.page.keyboard.press("Escape");
    await b.page.keyboard.press("Tab");
    assert.equal(await b.page.evaluate(() => !!document.activeElement?.closest('[data-testid="template-input"]')), false);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("each template keeps its own undo history across tab switches", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await b.page.click('[data-testid="template-tab-templates/flag.json.hbs"]');
    const original = await editorText(b.page, "template-input");
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.press("ControlOrMeta+Home");
    await b.page.keyboard.type("XYZ");
    assert.equal(await editorText(b.page, "template-input"), `XYZ${original}`);
    await b.page.click('[data-testid="template-tab-templates/project.json.hbs"]');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="template-tab-templates/project.json.hbs"]').getAttribute("aria-selected") === "true");
    await b.page.click('[data-testid="template-tab-templates/flag.json.hbs"]');
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.press("ControlOrMeta+Z");
    await b.page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="template-input"] .cm-line')].map((l) => l.textContent).join("\n") === t, original);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("{{/ offers to close the innermost open block", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await fillAll(b.page, "");
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.type("{{#each items}}{{#if key}}x{{/");
    await b.page.locator(".cm-tooltip-autocomplete li", { hasText: "if" }).first().waitFor();
    await b.page.waitForTimeout(150);
    await b.page.keyboard.press("Enter");
    assert.equal(await editorText(b.page, "template-input"), "{{#each items}}{{#if key}}x{{/if}}");
  } finally {
    await b.close();
  }
});
