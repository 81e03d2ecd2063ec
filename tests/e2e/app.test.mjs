// End-to-end tests of the Hookpad page in real Chromium (playwright-core, Debian's chromium).
// The page is the release build in dist/, served from a sub-folder to prove relative asset URLs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const artifacts = path.join(root, "tests/artifacts");
const PREFIX = "/some/sub/folder/";
let server;

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

async function browser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-e2e-"));
  const context = await chromium.launchPersistentContext(dir, LAUNCH);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Opens the page and waits for its first result (the worker has loaded and answered). */
async function open(page, url = server.url) {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="update-time"]')?.textContent.startsWith("updated in"));
}

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
  await page.fill('[data-testid="manifest-input"]', MANIFEST);
  await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
  await page.fill('[data-testid="template-input"]', template);
  await page.fill('[data-testid="event-input"]', EVENT(env));
}

before(async () => {
  const dist = path.join(root, "dist");
  assert.ok(fs.existsSync(path.join(dist, "index.html")), "build the app first: trunk build --release");
  server = await serve(dist, PREFIX);
  fs.mkdirSync(artifacts, { recursive: true });
});

after(async () => server && (await server.close()));

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
    await b.page.fill('[data-testid="template-input"]', '{"on": "{{#equal key "other"}}yes{{else}}no{{/equal}}"}');
    const body = () => b.page.textContent('[data-testid="request-body"]');
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent.includes('"on"'));
    assert.equal(await body(), '{"on": "no"}');
    await b.page.selectOption('[data-testid="dialect-select"]', "production");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent === '{"on": ""}');
    assert.equal(await body(), '{"on": ""}');
    await b.page.selectOption('[data-testid="dialect-select"]', "preview");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent === '{"on": "no"}');
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

test("a missing field is a diagnostic with its line:column, and clicking it puts the cursor there", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const template = '{\n  "key": "{{key}}",\n  "why": "{{comment}}"\n}';
    await fillAll(b.page, template);
    const diag = b.page.locator('[data-testid="diagnostic"]', { hasText: '"comment" not defined' });
    await diag.waitFor();
    assert.match(await diag.textContent(), /template:templates\/default\.json\.hbs:3:13/);
    // Move the cursor elsewhere, then click the diagnostic.
    await b.page.focus('[data-testid="event-input"]');
    await diag.click();
    const where = await b.page.evaluate(() => ({
      id: document.activeElement?.getAttribute("data-testid"),
      at: document.activeElement?.selectionStart,
    }));
    assert.equal(where.id, "template-input");
    assert.equal(where.at, template.indexOf("comment"));
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
    await b.page.fill('[data-testid="event-input"]', JSON.stringify({ kind: "flag", key: "k", name: "<img src=y onerror=alert(3)>", verbKind: "updateOn" }));
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
    assert.ok(requests.every((u) => u.startsWith(server.url)), `foreign requests: ${requests.filter((u) => !u.startsWith(server.url))}`);
    assert.deepEqual(requests.slice(loaded), [], "requests after load");
  } finally {
    await b.close();
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
    link = await a.page.getAttribute('[data-testid="share-link"]', "href");
    assert.ok(link.startsWith(server.url), link);
    const data = link.split("#s=")[1];
    const json = zlib.inflateRawSync(Buffer.from(data, "base64url")).toString("utf8");
    assert.ok(!json.includes("s3cret-value"), "the link carries no secret");
    // Nor does local storage.
    const stored = await a.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes("s3cret-value"), "local storage holds no secret");
  } finally {
    await a.close();
  }
  const b = await browser();
  try {
    await open(b.page, link);
    assert.equal(await b.page.inputValue('[data-testid="event-input"]'), EVENT("staging"));
    assert.equal(await b.page.inputValue('[data-testid="template-input"]'), '{"shared": true}');
    assert.notEqual(await b.page.inputValue("#form-token"), "s3cret-value");
    assert.equal(await b.page.textContent('[data-testid="request-body"]'), '{"shared": true}');
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
    await open(b.page);
    const big = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, "x".repeat(30)]));
    const xs = Array.from({ length: 600 }, (_, i) => i);
    await fillAll(b.page, "{{key}}");
    await b.page.fill('[data-testid="event-input"]', JSON.stringify({ kind: "flag", key: "before", verbKind: "updateOn", big, xs }));
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent === "before");
    // Every inner iteration copies `big`: far more work than any limit lets finish quickly.
    const runaway = '{{key}}{{#each xs}}{{#each @root.xs}}{{#with (lookup @root "big")}}.{{/with}}{{/each}}{{/each}}';
    const started = Date.now();
    await b.page.fill('[data-testid="template-input"]', runaway);
    await b.page.waitForSelector('[data-testid="render-stopped"]', { timeout: 3000 });
    assert.ok(Date.now() - started < 3000, `stopped after ${Date.now() - started} ms`);
    assert.match(await b.page.textContent('[data-testid="render-stopped"]'), /longer than 2 s/);
    // The page stayed responsive, and the next edit renders with a fresh worker.
    await b.page.fill('[data-testid="event-input"]', JSON.stringify({ kind: "flag", key: "after", verbKind: "updateOn" }));
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent === "after");
    assert.equal(await b.page.locator('[data-testid="render-stopped"]').count(), 0);
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
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-body"]')?.textContent === '{"k": "checkout-v2"}');
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
    assert.equal(await b.page.inputValue('[data-testid="pairs-input"]'), "proj/shop:env/test:flag/checkout-v2 updateOn");
    await b.page.fill('[data-testid="pairs-input"]', "proj/shop:env/production:flag/checkout-v2 updateOn");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="policy-decision"]')?.textContent === "Sent");
  } finally {
    await b.close();
  }
});
