// Groups twiggy's CSV rows (stdin) by crate: "bytes crate" lines, largest first.
import readline from "node:readline";
const sizes = new Map();
let header = true;
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (header) {
    header = false;
    continue;
  }
  const m = /^"?(.*?)"?,(\d+),/.exec(line);
  if (!m) continue;
  const [, raw, bytes] = m;
  const name = raw.replace(/""/g, "\"");
  const crate = /^(?:"function names"|custom section|data segment)/.test(name)
    ? name.split(" ").slice(0, 2).join(" ")
    : (/([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name) || [, "other"])[1];
  sizes.set(crate, (sizes.get(crate) ?? 0) + Number(bytes));
}
for (const [crate, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) console.log(`${String(bytes).padStart(9)} ${crate}`);
