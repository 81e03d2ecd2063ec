// Adds a Content-Security-Policy to dist/index.html: only this origin, no inline code except
// trunk's own loader (allowed by its hash), WebAssembly compilation allowed, nothing else.
import crypto from "node:crypto";
import fs from "node:fs";

const file = process.argv[2] ?? "dist/index.html";
let html = fs.readFileSync(file, "utf8");
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${crypto.createHash("sha256").update(body, "utf8").digest("base64")}'`,
);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
  "object-src 'none'",
].join("; ");
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, "");
const before = html;
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
if (html === before) {
  // Without its anchor the page would ship with no policy at all: fail the build instead.
  console.error(`[csp] ${file}: no <meta charset="utf-8" /> to put the policy after`);
  process.exit(1);
}
fs.writeFileSync(file, html);
console.error(`[csp] ${file}: ${policy}`);
