// End-to-end tests of the whole-integration features (issue 17) in real Chromium: import a folder
// and a .zip (the page's own export, imported back), every event at once in the matrix, a row
// that loads its event, an untaken branch that opens its template.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { browser as launch, editorText, servedApp, setEditor } from "./harness.mjs";

const app = servedApp("/sub/");
const open = (page) => app.open(page);
/** A page that may download (the export). */
const browser = () => launch({ acceptDownloads: true });

const noSpace = (s) => s.replace(/\s+/g, "");

const MANIFEST = JSON.stringify(
  {
    name: "Matrix Hook", version: "1.0.0", overview: "o", description: "d", author: "me and co", supportEmail: "s@example.com",
    categories: ["monitoring"], links: { site: "https://example.com", privacyPolicy: "https://example.com/p" },
    icons: { square: "assets/square.svg", horizontal: "assets/horizontal.svg" },
    formVariables: [{ key: "url", name: "URL", type: "uri", description: "d" }],
    capabilities: {
      auditLogEventsHook: {
        endpoint: { url: "{{url}}", method: "POST", headers: [{ name: "Content-Type", value: "application/json" }] },
        templates: { flag: "templates/flag.json.hbs", default: "templates/default.json.hbs", project: "templates/project.json.hbs" },
        defaultPolicy: [{ effect: "allow", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }],
      },
    },
  },
  null,
  2,
);
// No flag event is a webhook: the `equal` branch is never taken.
const FLAG = '{"key": "{{key}}", "note": "{{#equal kind "webhook"}}hook{{else}}{{kind}}{{/equal}}"}\n';
const DEFAULT = '{"title": "{{{title.plainText}}}"}\n';

/** Writes the integration's folder (with a file the manifest does not name) into a tmp dir. */
function writeFolder() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-import-"));
  const dir = path.join(tmp, "matrix-hook");
  fs.mkdirSync(path.join(dir, "templates"), { recursive: true });
  fs.mkdirSync(path.join(dir, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "manifest.json"), MANIFEST);
  fs.writeFileSync(path.join(dir, "templates/flag.json.hbs"), FLAG);
  fs.writeFileSync(path.join(dir, "templates/default.json.hbs"), DEFAULT);
  fs.writeFileSync(path.join(dir, "assets/square.svg"), "<svg/>");
  fs.writeFileSync(path.join(dir, "README.md"), "# readme\n");
  return { tmp, dir };
}

test("imports a folder, runs every event, loads a row, opens an untaken branch, exports and re-imports a zip", async () => {
  const b = await browser();
  const { tmp, dir } = writeFolder();
  try {
    const { page } = b;
    await open(page);
    await page.setInputFiles('[data-testid="import-folder"]', dir);
    await page.waitForSelector('[data-testid="import-note"]');
    const note = await page.textContent('[data-testid="import-note"]');
    assert.match(note, /Imported matrix-hook: manifest\.json and 2 templates/);
    assert.match(await page.textContent('[data-testid="import-missing"]'), /templates\/project\.json\.hbs/);
    const ignored = await page.textContent('[data-testid="import-ignored"]');
    assert.match(ignored, /Ignored 2 files/);
    assert.match(ignored, /assets\/square\.svg/);
    assert.match(ignored, /README\.md/);
    assert.equal(noSpace(await editorText(page, "manifest-input")), noSpace(MANIFEST));
    await page.click('[data-testid="template-tab-templates/flag.json.hbs"]');
    assert.equal(await editorText(page, "template-input"), FLAG);
    // The missing template is flagged on its tab.
    assert.match(await page.textContent('[data-testid="template-tab-templates/project.json.hbs"]'), /missing/);
    assert.match(await page.textContent('[data-testid="undo-notice"]'), /imported integration replaced yours/);

    // Every event at once.
    await page.click('[data-testid="matrix-toggle"]');
    await page.waitForSelector('[data-testid="matrix-row"]');
    const rows = await page.$$eval('[data-testid="matrix-row"]', (trs) => trs.map((tr) => ({ event: tr.dataset.event, text: tr.textContent })));
    assert.equal(rows.length, 9, JSON.stringify(rows));
    const flag = rows.find((r) => r.event === "flag-toggle");
    assert.match(flag.text, /templates\/flag\.json\.hbs/);
    assert.match(flag.text, /Sent/);
    assert.match(flag.text, /allowed by statement 0/);
    const member = rows.find((r) => r.event === "member-update");
    assert.match(member.text, /templates\/default\.json\.hbs/);
    assert.match(member.text, /Not sent/);
    // The project template is named but missing: project events route there, with problems.
    const project = await page.$$eval('[data-testid="matrix-row"][data-event="project-create"] td', (tds) => tds.map((td) => td.textContent));
    assert.equal(project[0], "templates/project.json.hbs");
    assert.match(project[2], /^invalid\d+ errors?/, JSON.stringify(project));
    // The route and the policy decision do not depend on the dialect: one column each; then each
    // dialect's request, with its problems counted.
    assert.equal(project.length, 4, JSON.stringify(project));
    const headers = await page.$$eval('[data-testid="matrix-table"] thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(headers, ["Event", "Template", "Policy", "Preview", "Production"]);
    assert.equal(flag.text.split("templates/flag.json.hbs").length - 1, 1, flag.text);
    assert.equal(flag.text.split("allowed by statement 0").length - 1, 1, flag.text);
    assert.match(flag.text, /^flag-toggle\s*flag/);

    // Its request says why it has no body, where the empty body would be.
    await page.click('[data-testid="matrix-row"][data-event="project-create"] button.link');
    await page.waitForSelector('[data-testid="body-missing"]');
    assert.match(await page.textContent('[data-testid="body-missing"]'), /^No body: the template file `templates\/project\.json\.hbs` does not exist/);
    assert.equal(await page.locator('[data-testid="request-body"]').count(), 0);

    // On a phone each event is a card with its cells named, and nothing scrolls sideways.
    const desktop = page.viewportSize();
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await page.$eval('[data-testid="matrix-table"]', (table) => ({
      overflow: table.parentElement.scrollWidth - table.parentElement.clientWidth,
      head: getComputedStyle(table.querySelector("thead")).display,
      label: table.querySelector("td").dataset.label,
      cell: getComputedStyle(table.querySelector("td")).display,
    }));
    assert.deepEqual(phone, { overflow: 0, head: "none", label: "Template", cell: "flex" });
    await page.setViewportSize(desktop);

    // Clicking a row loads its event.
    await page.click('[data-testid="matrix-row"][data-event="member-update"] button.link');
    await page.waitForFunction(() => document.querySelector('[data-testid="event-input"] .cm-content')?.textContent.includes('"kind": "member"'));

    // The untaken branch: listed with its place, and a click opens its template there.
    await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
    const untaken = page.locator('[data-testid="untaken-branch"]');
    await untaken.first().waitFor();
    // Grouped by template, each group saying how many of its branches no event took.
    const groups = await page.$$eval('[data-testid="untaken-group"]', (ds) => ds.map((d) => ({ summary: d.querySelector("summary").textContent, items: d.querySelectorAll('[data-testid="untaken-branch"]').length, open: d.open })));
    assert.ok(groups.length > 0);
    for (const g of groups) {
      const m = /^(templates\/\S+): (\d+) of (\d+) branch(?:es)? never taken$/.exec(g.summary);
      assert.ok(m, g.summary);
      assert.equal(Number(m[2]), g.items, g.summary);
      assert.ok(Number(m[3]) >= g.items);
      assert.equal(g.open, g.items <= 8, g.summary);
    }
    assert.equal(groups.reduce((n, g) => n + g.items, 0), await untaken.count());
    const text = await untaken.first().textContent();
    assert.match(text, /^templates\/flag\.json\.hbs:1:\d+ /);
    assert.match(text, /never taken by any of the 9 events/);
    assert.match(await page.textContent('[data-testid="coverage-summary"]'), /\d+\/\d+ branches taken/);
    await untaken.first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="template-tab-templates/flag.json.hbs"]').getAttribute("aria-selected") === "true");
    const focused = await page.evaluate(() => document.activeElement?.closest("[data-testid]")?.dataset.testid);
    assert.equal(focused, "template-input");
    // The branch is shaded in the template editor's gutter, with the same words on hover.
    const marker = page.locator('[data-testid="template-input"] .cm-lint-marker-info');
    await marker.first().waitFor();
    await marker.first().hover();
    await page.waitForSelector(".cm-tooltip-lint");
    assert.match(await page.textContent(".cm-tooltip-lint"), /never taken by any of the 9 events/);

    // The user's own event: picked as a .json, listed in the matrix, loaded in the editor.
    const mine = path.join(tmp, "my-webhook-flag.json");
    fs.writeFileSync(mine, JSON.stringify({ kind: "flag", key: "mine", verbKind: "updateOn", project: { key: "p", environment: { key: "production" } } }));
    await page.setInputFiles('[data-testid="import-event"]', mine);
    await page.waitForSelector('[data-testid="matrix-row"][data-event="my-webhook-flag"]');
    assert.match(await editorText(page, "event-input"), /"key":"mine"/);

    // Edit a template, export, import the zip back: the edit survives the round trip.
    const edited = '{"edited": "{{key}}"}';
    await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
    await setEditor(page, "template-input", edited);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-zip"]')]);
    assert.equal(download.suggestedFilename(), "matrix-hook.zip");
    const zipPath = path.join(tmp, "matrix-hook.zip");
    await download.saveAs(zipPath);
    const bytes = fs.readFileSync(zipPath);
    assert.equal(bytes.subarray(0, 4).toString("hex"), "504b0304", "a zip");
    await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
    await setEditor(page, "template-input", "changed after the export");
    await page.setInputFiles('[data-testid="import-zip"]', zipPath);
    await page.waitForFunction(() => document.querySelector('[data-testid="import-note"]')?.textContent.includes("matrix-hook.zip"));
    await page.click('[data-testid="template-tab-templates/default.json.hbs"]');
    await page.waitForFunction((text) => document.querySelector('[data-testid="template-input"] .cm-content')?.textContent === text, edited);
    assert.equal(await editorText(page, "template-input"), edited);
    assert.equal(noSpace(await editorText(page, "manifest-input")), noSpace(MANIFEST));
    assert.doesNotMatch(await page.textContent('[data-testid="import-note"]'), /Ignored/);

    // An event file dropped onto the page joins the user's events.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      const event = { kind: "project", key: "dropped", verbKind: "createProject", project: { key: "dropped" } };
      dt.items.add(new File([JSON.stringify(event)], "dropped-project.json", { type: "application/json" }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('[data-testid="matrix-row"][data-event="dropped-project"]');

    // Without Hookpad's samples, the routing keys no event reached are listed, with our sample.
    await page.uncheck('[data-testid="matrix-samples"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="matrix-row"]').length === 2);
    const untried = await page.textContent('[data-testid="untried-route"]');
    assert.match(untried, /No event routed to default \(templates\/default\.json\.hbs\)/);
    await page.click('[data-testid="add-sample"]');
    await page.waitForSelector('[data-testid="matrix-row"][data-event="my segment-update"]');
    await page.waitForFunction(() => !document.querySelector('[data-testid="untried-route"]'));
    await page.check('[data-testid="matrix-samples"]');

    // A file that is neither: a clear message.
    const other = path.join(tmp, "notes.txt");
    fs.writeFileSync(other, "hello");
    await page.setInputFiles('[data-testid="import-event"]', other);
    await page.waitForSelector('[data-testid="import-error"]');
    assert.match(await page.textContent('[data-testid="import-error"]'), /notes\.txt is not a folder, a \.zip or an event \.json/);

    // The user's events are saved with the rest.
    await page.waitForTimeout(800);
    const saved = await page.evaluate(() => localStorage.getItem("hookpad.state.v1"));
    assert.match(saved, /my-webhook-flag/);

    // An integration without an audit-log hook: no rows of "invalid", one sentence instead.
    const noHook = path.join(tmp, "no-hook");
    fs.mkdirSync(noHook);
    fs.writeFileSync(path.join(noHook, "manifest.json"), MANIFEST.replace('"auditLogEventsHook"', '"somethingElse"'));
    await page.setInputFiles('[data-testid="import-folder"]', noHook);
    await page.waitForSelector('[data-testid="matrix-no-hook"]');
    assert.equal(await page.locator('[data-testid="matrix-row"]').count(), 0);
    assert.equal(await page.locator('[data-testid="coverage-summary"]').count(), 0);
    // Nothing to fix, and no standard payload either: the request and template panels say so.
    assert.match(await page.textContent('[data-testid="request-none"]'), /^No request: the manifest has no audit-log events hook/);
    assert.match(await page.textContent('[data-testid="template-none"]'), /^The manifest has no audit-log events hook/);

    // No capabilities at all is an error, except for the one integration LaunchDarkly's gate
    // exempts by its folder's name: the imported folder's name reaches the checks, and stays
    // after a reload.
    const bare = JSON.parse(MANIFEST);
    delete bare.capabilities;
    const problems = () => page.locator('[data-testid="diagnostic"]').allTextContents();
    const noCapabilities = /neither `capabilities` nor `otherCapabilities`/;
    for (const [name, flagged] of [["some-integration", true], ["aiconfig-test-run", false]]) {
      const folder = path.join(tmp, name);
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, "manifest.json"), JSON.stringify(bare));
      await page.setInputFiles('[data-testid="import-folder"]', folder);
      await page.waitForFunction((n) => document.querySelector('[data-testid="import-note"]')?.textContent.includes(`Imported ${n}`), name);
      // Each import changes the answer (the one before had the other), so waiting for it is the check.
      await page.waitForFunction(
        (expected) => [...document.querySelectorAll('[data-testid="diagnostic"]')]
          .some((d) => d.textContent.includes("neither `capabilities` nor `otherCapabilities`")) === expected,
        flagged,
      );
      assert.equal((await problems()).some((p) => noCapabilities.test(p)), flagged, `${name}: ${await problems()}`);
    }
    await page.waitForFunction(() => localStorage.getItem("hookpad.state.v1")?.includes('"integration_key":"aiconfig-test-run"'));
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="update-time"]')?.textContent.startsWith("updated in"));
    await page.waitForTimeout(300);
    assert.ok((await problems()).every((p) => !noCapabilities.test(p)), `${await problems()}`);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("with one event and no samples, the matrix and its untaken branches speak of one event", async () => {
  const b = await browser();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-one-"));
  try {
    const { page } = b;
    await open(page);
    const mine = path.join(tmp, "my-flag.json");
    fs.writeFileSync(mine, JSON.stringify({ kind: "flag", key: "mine", verbKind: "updateOn", project: { key: "p", environment: { key: "production" } } }));
    await page.setInputFiles('[data-testid="import-event"]', mine);
    await page.click('[data-testid="matrix-toggle"]');
    await page.waitForSelector('[data-testid="matrix-row"][data-event="my-flag"]');
    await page.uncheck('[data-testid="matrix-samples"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="matrix-row"]').length === 1);
    assert.match(await page.textContent('[data-testid="matrix-time"]'), /^1 event × 2 dialects in \d+ ms\./);
    const untaken = await page.locator('[data-testid="untaken-branch"]').allTextContents();
    assert.ok(untaken.length > 0, "the example's templates have branches one flag event does not take");
    for (const text of untaken) assert.match(text, /: never taken by the event( in (preview|production) \(taken in (production|preview)\))?$/, text);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
