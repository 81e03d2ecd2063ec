// Shared by the setup tests: each one takes its snippet from the package README, builds a tiny app
// with the package extracted from the built tarball into the app's node_modules (as `npm install`
// would), runs the README's commands with the tools from the project's devDependencies, and runs
// the result in Node or in headless Chromium. A tool that is missing fails the test.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../../..");
export const packageDir = path.join(root, "target/npm/hookpad");
const bin = path.join(root, "node_modules/.bin");

/** What the README's `app.js` shows on the page. */
export const EXPECTED_PAGE = 'https://example.com/hooks/my-flag {"text": "Checkout v2 changed"} a,b';

export function tarball() {
  const version = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")).version;
  const file = path.join(root, "target/npm", `hookpad-${version}.tgz`);
  assert.ok(fs.existsSync(file), `build the package first: scripts/build-npm (no ${file})`);
  return file;
}

/**
 * The code blocks of a README section (`## Heading` or `### Heading`): `{ lang, text, file }`,
 * where `file` is the name given on the line before the block as "`name`:".
 */
export function readmeSection(heading) {
  const readme = fs.readFileSync(path.join(packageDir, "README.md"), "utf8");
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.replace(/^#+ /, "") === heading);
  assert.ok(start >= 0, `the package README has no section "${heading}"`);
  const blocks = [];
  let previous = "";
  for (let i = start + 1; i < lines.length && !/^#{2,3} /.test(lines[i]); i++) {
    const open = /^```(\w*)$/.exec(lines[i]);
    if (open) {
      const body = [];
      for (i++; lines[i] !== "```"; i++) body.push(lines[i]);
      blocks.push({ lang: open[1], text: `${body.join("\n")}\n`, file: /^`([^`]+)`:$/.exec(previous)?.[1] });
      previous = "";
    } else if (lines[i].trim()) previous = lines[i].trim();
  }
  return blocks;
}

/** The README's shell commands of a section, each as [tool, ...args] (`npx` dropped, comments cut). */
export function readmeCommands(heading) {
  return readmeSection(heading)
    .filter((b) => b.lang === "sh")
    .flatMap((b) => b.text.split("\n"))
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) => {
      const words = l.split(/\s+/);
      assert.equal(words[0], "npx", `a README command that is not \`npx ...\`: ${l}`);
      return words.slice(1);
    });
}

/**
 * A fresh app folder under target/npm/setups/ (inside the repository, so that a config file's
 * `import` of a tool finds the project's node_modules) with the package extracted into
 * node_modules/hookpad and the README's files written.
 */
export function makeApp(name, files = {}) {
  const dir = path.join(root, "target/npm/setups", name);
  fs.rmSync(dir, { recursive: true, force: true });
  const pkg = path.join(dir, "node_modules/hookpad");
  fs.mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["xzf", tarball(), "-C", pkg, "--strip-components=1"]);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `app-${name}`, private: true, type: "module" }));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The README's `app.js` for web pages. */
export function webApp() {
  const block = readmeSection("In a web page").find((b) => b.lang === "js");
  assert.ok(block, "the README shows no app.js for web pages");
  return block.text;
}

function tool(name) {
  const file = path.join(bin, name);
  assert.ok(fs.existsSync(file), `${name} is not installed: run npm ci (it is in the root package.json)`);
  return file;
}

/** Runs a README command (`[tool, ...args]`) in `cwd` with the project's copy of the tool. */
export function run([name, ...args], cwd) {
  try {
    return execFileSync(tool(name), args, { cwd, encoding: "utf8", stdio: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  } catch (e) {
    assert.fail(`\`${name} ${args.join(" ")}\` failed:\n${e.stdout}\n${e.stderr}`);
  }
}

/** Starts a long-running README command; resolves with the first match of `ready` in its output. */
export function start([name, ...args], cwd, ready) {
  const child = spawn(tool(name), args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  let output = "";
  const match = new Promise((resolve, reject) => {
    const look = (chunk) => {
      output += chunk;
      const m = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ""));
      if (m) resolve(m);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    child.on("exit", (code) => reject(new Error(`\`${name} ${args.join(" ")}\` exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`\`${name}\` did not get ready in 60 s:\n${output}`)), 60_000).unref();
  });
  return { child, match, output: () => output };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

/** A static file server for `dir` on a free port. */
export async function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (file.endsWith("/")) file = path.join(file, "index.html");
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/**
 * Opens `url` in headless Chromium and returns the page's text once the app has written it,
 * failing on any page error, console error or failed request.
 */
export async function pageText(url) {
  const { chromium } = await import("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "hookpad-setup-"));
  const context = await chromium.launchPersistentContext(profile, LAUNCH);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    // A failed load is reported with its URL below; the browser's own favicon probe is not the app's.
    const ours = (url) => !url.endsWith("/favicon.ico");
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && problems.push(`console error: ${m.text()}`));
    page.on("requestfailed", (r) => ours(r.url()) && problems.push(`request failed: ${r.url()}`));
    page.on("response", (r) => r.status() >= 400 && ours(r.url()) && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await page.goto(url);
    await page
      .waitForFunction(() => document.body && document.body.textContent.trim() !== "", null, { timeout: 20_000 })
      .catch(() => problems.push("the app wrote nothing"));
    const text = await page.evaluate(() => document.body?.textContent.trim() ?? "");
    assert.deepEqual(problems, [], `the page at ${url} had problems`);
    return text;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Serves `dir` and returns what the app shows at `page` (relative to the folder). */
export async function served(dir, page = "index.html") {
  const server = await serve(dir);
  try {
    return await pageText(new URL(page, server.url).href);
  } finally {
    await server.close();
  }
}

/** An HTML page that loads one module script. */
export const pageFor = (script) => `<!doctype html>\n<script type="module" src="${script}"></script>\n`;
