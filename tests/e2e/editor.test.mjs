// End-to-end tests of the editors' help (issue 18) and the workspace layout, in real Chromium:
// completion in the manifest's URL and header templates, helper signatures, the resizable split
// and the collapsible result panels. Driven as a user would: clicks and the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browser as launch, editorText, servedApp, setEditor } from "./harness.mjs";

const app = servedApp("/editor/tests/");
const open = (page) => app.open(page);
/** A desktop-sized page: the workspace layout. */
const browser = () => launch({ viewport: { width: 1280, height: 900 } });

/** The labels of the completion list now open. */
async function options(page) {
  await page.locator(".cm-tooltip-autocomplete li").first().waitFor();
  return page.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (els) => els.map((e) => e.textContent));
}

/** Accepts the completion `label` once it is listed. */
async function accept(page, label) {
  await page.locator(".cm-tooltip-autocomplete li[aria-selected]", { hasText: label }).first().waitFor();
  // CodeMirror ignores Enter in a list that has just opened (its interaction delay).
  await page.waitForTimeout(150);
  await page.keyboard.press("Enter");
}

const MANIFEST = JSON.stringify(
  {
    name: "E2E", version: "1.0.0", overview: "o", description: "d", author: "a", supportEmail: "s@example.com",
    categories: ["monitoring"], links: { site: "https://example.com", privacyPolicy: "https://example.com/p" },
    icons: { square: "s.svg", horizontal: "h.svg" },
    requiresOAuth: true,
    formVariables: [
      { key: "region", name: "Region", type: "enum", description: "d", allowedValues: ["eu", "us"], isOptional: true, defaultValue: "eu" },
    ],
    capabilities: {
      auditLogEventsHook: {
        endpoint: {
          url: "https://x.test/URLMARK",
          method: "POST",
          headers: [{ name: "Authorization", value: "Bearer HEADERMARK" }],
        },
        templates: { default: "templates/default.json.hbs" },
        defaultPolicy: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }],
      },
    },
  },
  null,
  2,
);
const EVENT = JSON.stringify({ kind: "flag", key: "checkout-v2", name: "Checkout v2", project: { key: "shop", environment: { key: "production" } } }, null, 2);

/** Puts the caret in the manifest editor where `mark` is, and deletes the mark. */
async function caretAt(page, mark) {
  await page.locator('[data-testid="manifest-input"] .cm-line', { hasText: mark }).click();
  await page.keyboard.press("End");
  const line = await page.locator('[data-testid="manifest-input"] .cm-line', { hasText: mark }).textContent();
  const after = line.length - (line.indexOf(mark) + mark.length);
  for (let i = 0; i < after; i++) await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < mark.length; i++) await page.keyboard.press("Backspace");
}

test("the manifest's URL and header templates complete form variables, context.*, oauth.* and helpers", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await setEditor(b.page, "event-input", EVENT);
    await setEditor(b.page, "manifest-input", MANIFEST);
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-url"]')?.textContent === "https://x.test/URLMARK");

    await caretAt(b.page, "URLMARK");
    await b.page.keyboard.type("{{");
    const top = await options(b.page);
    // SPEC §3.3: form values at the top level, the event as `context`, and `oauth`; no `formVariables`.
    for (const name of ["region", "context", "oauth", "queryEncode", "formatWithOffset"]) assert.ok(top.includes(name), `${name} in ${top}`);
    assert.ok(!top.includes("formVariables"), `${top}`);
    await b.page.keyboard.type("reg");
    await accept(b.page, "region");
    await b.page.keyboard.type("}}/{{context.");
    assert.ok((await options(b.page)).includes("project"));
    await b.page.keyboard.type("ke");
    await accept(b.page, "key");
    await b.page.keyboard.type("}}");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-url"]')?.textContent === "https://x.test/eu/checkout-v2");

    await caretAt(b.page, "HEADERMARK");
    await b.page.keyboard.type("{{oauth.");
    assert.deepEqual((await options(b.page)).sort(), ["accessToken", "baseURI"]);
    await b.page.keyboard.type("acc");
    await accept(b.page, "accessToken");
    await b.page.keyboard.type("}}");
    await b.page.waitForFunction(() => document.querySelector('[data-testid="request-headers"]')?.textContent.includes("Bearer $OAUTH_ACCESS_TOKEN"));

    // Outside the endpoint's templates (here: the integration's name), `{{` offers nothing.
    await b.page.locator('[data-testid="manifest-input"] .cm-line', { hasText: '"name": "E2E"' }).click();
    await b.page.keyboard.press("End");
    await b.page.keyboard.press("ArrowLeft");
    await b.page.keyboard.press("ArrowLeft");
    await b.page.keyboard.type("{{r");
    await b.page.waitForTimeout(400);
    assert.equal(await b.page.locator(".cm-tooltip-autocomplete").count(), 0);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("helpers are offered with their signatures, and the signature shows while the arguments are typed", async () => {
  const b = await browser();
  try {
    await open(b.page);
    await setEditor(b.page, "event-input", EVENT);
    await b.page.click('[data-testid="template-input"] .cm-content');
    await b.page.keyboard.press("ControlOrMeta+A");
    await b.page.keyboard.press("Delete");
    await b.page.keyboard.type("{{formatW");
    const option = b.page.locator(".cm-tooltip-autocomplete li", { hasText: "formatWithOffset" }).first();
    await option.waitFor();
    assert.equal(await option.locator(".cm-completionDetail").textContent(), "formatWithOffset millis offsetSeconds format");
    await accept(b.page, "formatWithOffset");
    await b.page.keyboard.type(" ");
    const tip = b.page.locator(".cm-hookpad-signature");
    await tip.waitFor();
    assert.match(await tip.textContent(), /^formatWithOffset millis offsetSeconds format/);
    assert.equal(await tip.locator(".arg.current").textContent(), "millis");
    await b.page.keyboard.type("date 3600 ");
    assert.equal(await tip.locator(".arg.current").textContent(), "format");
    await b.page.keyboard.type('"rfc3339"}}');
    await tip.waitFor({ state: "detached" });
    assert.equal(await editorText(b.page, "template-input"), '{{formatWithOffset date 3600 "rfc3339"}}');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("the split between sources and results moves with the keyboard and a drag, and is kept after a reload", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const split = b.page.locator('[role="separator"][data-testid="split"]');
    const now = async () => Number(await split.getAttribute("aria-valuenow"));
    const width = async () => (await b.page.locator("#sources").boundingBox()).width;
    assert.equal(await now(), 50);
    assert.equal(await split.getAttribute("aria-controls"), "sources");
    const before = await width();
    await split.focus();
    for (let i = 0; i < 5; i++) await b.page.keyboard.press("ArrowLeft");
    assert.equal(await now(), 40);
    assert.ok((await width()) < before - 50, `${await width()} < ${before}`);
    await b.page.keyboard.press("End");
    assert.equal(await now(), 75);

    // Drag it to 60% of the workspace.
    const layout = await b.page.locator("main.layout").boundingBox();
    const box = await split.boundingBox();
    await b.page.mouse.move(box.x + box.width / 2, box.y + 100);
    await b.page.mouse.down();
    await b.page.mouse.move(layout.x + layout.width * 0.45, box.y + 120, { steps: 4 });
    await b.page.mouse.move(layout.x + layout.width * 0.6, box.y + 120, { steps: 4 });
    await b.page.mouse.up();
    assert.equal(await now(), 60);
    const dragged = await width();

    await open(b.page);
    assert.equal(await now(), 60);
    assert.ok(Math.abs((await width()) - dragged) < 2);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("result panels fold, and stay folded after a reload; a phone keeps the stacked layout", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const summary = b.page.locator('[data-testid="fold-request"] > summary');
    assert.equal(await summary.textContent(), "Request");
    assert.ok(await b.page.locator('[data-testid="request-url"]').isVisible());
    await summary.click();
    assert.equal(await b.page.locator('[data-testid="fold-request"]').getAttribute("open"), null);
    assert.ok(!(await b.page.locator('[data-testid="request-url"]').isVisible()));
    // The keyboard opens and closes it too.
    await b.page.locator('[data-testid="fold-problems"] > summary').focus();
    await b.page.keyboard.press("Enter");
    assert.equal(await b.page.locator('[data-testid="fold-problems"]').getAttribute("open"), null);
    // A `<details>` announces its change in a `toggle` event, a task of its own, which Chromium may
    // hold until the next frame after an input: the reload waits for the two choices to be kept.
    await b.page.waitForFunction(() => localStorage.getItem("hookpad.panel.request") === "closed" && localStorage.getItem("hookpad.panel.problems") === "closed");

    await open(b.page);
    assert.equal(await b.page.locator('[data-testid="fold-request"]').getAttribute("open"), null);
    assert.equal(await b.page.locator('[data-testid="fold-problems"]').getAttribute("open"), null);
    assert.notEqual(await b.page.locator('[data-testid="fold-policy"]').getAttribute("open"), null);
    await b.page.locator('[data-testid="fold-request"] > summary').click();
    assert.ok(await b.page.locator('[data-testid="request-url"]').isVisible());

    await b.page.setViewportSize({ width: 390, height: 800 });
    assert.ok(!(await b.page.locator('[data-testid="split"]').isVisible()));
    const sources = await b.page.locator("#sources").boundingBox();
    const results = await b.page.locator("#result").boundingBox();
    assert.ok(results.y >= sources.y + sources.height, "results below sources");
    assert.ok(sources.width > 300 && results.width > 300);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("Wrap lines wraps an editor's long lines, stays on across template tabs, and turns off", async () => {
  const b = await browser();
  try {
    await open(b.page);
    const content = b.page.locator('[data-testid="template-input"] .cm-content');
    const wrapped = () => content.evaluate((el) => el.classList.contains("cm-lineWrapping"));
    const toggle = b.page.locator('[data-testid="template-input-wrap"]');
    assert.equal(await wrapped(), false);
    await toggle.check();
    assert.equal(await wrapped(), true);
    // A long line now takes several visual lines instead of scrolling sideways.
    await setEditor(b.page, "template-input", `{"k": "${"word ".repeat(200)}"}`);
    const box = await b.page.locator('[data-testid="template-input"] .cm-line').first().boundingBox();
    const view = await b.page.locator('[data-testid="template-input"] .cm-scroller').boundingBox();
    assert.ok(box.width <= view.width, `line ${box.width}px in a ${view.width}px editor`);
    assert.ok(box.height > 40, `one visual line: ${box.height}px`);
    // Another template and back: still wrapped (each tab is its own document).
    const tabs = b.page.locator('[role="tab"]');
    assert.ok((await tabs.count()) > 1, "the example has several templates");
    await tabs.nth(1).click();
    assert.equal(await wrapped(), true);
    await tabs.nth(0).click();
    assert.equal(await wrapped(), true);
    await toggle.uncheck();
    assert.equal(await wrapped(), false);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("editors below the fold show their text at once and become editors when reached, with what was set before", async () => {
  const b = await browser();
  try {
    // No idle time: the deferred editors are built only when they are reached.
    await b.context.addInitScript(() => {
      window.requestIdleCallback = () => 0;
    });
    await open(b.page);
    const event = b.page.locator('[data-testid="event-input"]');
    const preview = event.locator(".code-preview");
    assert.equal(await preview.count(), 1, "the event editor is a preview until reached");
    assert.equal(await event.locator(".cm-content").count(), 0);
    const shown = await preview.textContent();
    assert.match(shown, /"kind"/);
    // Set while it is a preview: kept for the editor.
    await b.page.locator('[data-testid="event-input-wrap"]').check();
    await event.scrollIntoViewIfNeeded();
    await event.locator(".cm-content").waitFor();
    assert.equal(await preview.count(), 0);
    // The lines laid out (the editor lays out only what is in view) start the same text.
    const lines = await editorText(b.page, "event-input");
    assert.ok(lines.length > 100 && shown.startsWith(lines), `${lines.length} characters laid out`);
    assert.equal(await event.locator(".cm-content").evaluate((el) => el.classList.contains("cm-lineWrapping")), true);
    // Reached by the keyboard: focusing the preview gives the focus to the editor built for it.
    // On a fresh load, so that scrolling to the event editor cannot have built this one already.
    await open(b.page);
    const policy = b.page.locator('[data-testid="policy-input"]');
    assert.equal(await policy.locator(".code-preview").count(), 1, "the policy editor is a preview until reached");
    await policy.locator(".code-preview").evaluate((el) => el.focus({ preventScroll: true }));
    await policy.locator(".cm-content").waitFor();
    assert.equal(await b.page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="policy-input"] .cm-content'))), true);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
