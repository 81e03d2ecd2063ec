// Section 1 of bench/run: Hookpad's npm package against handlebars.js 4.7.7 on every body case of
// the corpus, interleaved, several rounds; medians per case, then the ratio of their sums.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { hbs, bodyContext } from "./handlebarsjs.mjs";

const root = path.resolve(import.meta.dirname, "..");
const corpus = process.env.HOOKPAD_CORPUS ?? path.join(root, "../shared/corpus");
// HOOKPAD_NPM: another build of the package, to compare two builds on one machine.
const hookpad = createRequire(import.meta.url)(process.env.HOOKPAD_NPM ?? path.join(root, "target/npm/hookpad"));
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REPEAT = Number(process.env.REPEAT ?? 20);

const read = (p) => fs.readFileSync(p, "utf8");
const cases = read(path.join(corpus, "cases.jsonl")).split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((c) => c.kind === "body");

const prepared = cases.map((c) => {
  const dir = path.join(corpus, "integrations", c.dir);
  const manifest = JSON.parse(read(path.join(dir, "manifest.json")));
  const template = read(path.join(dir, c.templatePath));
  const eventText = read(path.join(corpus, "contexts", `${c.context}.json`));
  const hook = manifest.capabilities.auditLogEventsHook;
  hook.templates = { default: c.templatePath };
  delete hook.useStandardWebhookPayload;
  const input = { manifest: JSON.stringify(manifest), templates: { [c.templatePath]: template }, event: eventText, dialect: "preview" };
  const context = bodyContext(manifest, JSON.parse(eventText), c.jsonTemplate);
  return { id: c.id, template, input, context };
});

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const time = (f) => {
  const t = now();
  f();
  return now() - t;
};

function hbsOnce(p) {
  try {
    return hbs.compile(p.template, { strict: true })(p.context);
  } catch {
    return null; // strict-mode misses are part of the work, as in Hookpad
  }
}

function measure(label, hookpadRun, hbsRun) {
  const ours = prepared.map(() => []);
  const theirs = prepared.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    prepared.forEach((p, i) => {
      // Alternate which engine goes first, so neither always runs on a warmer cache.
      if ((round + i) % 2 === 0) {
        ours[i].push(time(() => hookpadRun(p)));
        theirs[i].push(time(() => hbsRun(p)));
      } else {
        theirs[i].push(time(() => hbsRun(p)));
        ours[i].push(time(() => hookpadRun(p)));
      }
    });
  }
  const ourMedians = ours.map(median);
  const theirMedians = theirs.map(median);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const perCase = ourMedians.map((o, i) => o / theirMedians[i]).sort((a, b) => a - b);
  const ratio = sum(ourMedians) / sum(theirMedians);
  console.log(`${label}: ${prepared.length} body cases × ${ROUNDS} rounds`);
  console.log(`  hookpad      median per case ${median(ourMedians).toFixed(3)} ms, total of medians ${sum(ourMedians).toFixed(1)} ms`);
  console.log(`  handlebarsjs median per case ${median(theirMedians).toFixed(3)} ms, total of medians ${sum(theirMedians).toFixed(1)} ms`);
  console.log(`  per-case ratio p10 ${perCase[Math.floor(perCase.length * 0.1)].toFixed(2)}, p50 ${median(perCase).toFixed(2)}, p90 ${perCase[Math.floor(perCase.length * 0.9)].toFixed(2)}`);
  return ratio;
}

// Warm both engines up (JIT, wasm instantiation) on every case.
prepared.forEach((p) => {
  hookpad.simulate(p.input);
  hbsOnce(p);
});

// 1a. One run: each engine compiles and renders (Hookpad's compile cache is cleared per case).
const once = measure(
  "compile + render, one run per case (simulate())",
  (p) => {
    hookpad.clearCache();
    hookpad.simulate(p.input);
  },
  (p) => hbsOnce(p),
);
const renderOnce = measure(
  "compile + render, one run per case (render(), one template, one dialect)",
  (p) => {
    hookpad.clearCache();
    try {
      hookpad.render(p.template, p.context, { dialect: "preview" });
    } catch {}
  },
  (p) => hbsOnce(p),
);

// 1b. Compiled once, rendered many times: both engines keep compiled templates.
const compiled = new Map(prepared.map((p) => [p, hbs.compile(p.template, { strict: true })]));
/** handlebars.js's cached render: the compiled template run REPEAT times. */
function hbsCached(p) {
  const f = compiled.get(p);
  for (let i = 0; i < REPEAT; i++) {
    try {
      f(p.context);
    } catch {}
  }
}
const many = measure(
  `compiled once, rendered ${REPEAT}× per case (simulate(), cached)`,
  (p) => {
    for (let i = 0; i < REPEAT; i++) hookpad.simulate(p.input);
  },
  hbsCached,
);

// 1c. Like for like with handlebars.js's cached render: one template, one dialect, compiled once
// (Hookpad's compile cache keeps it by text), rendered again.
const renderCached = measure(
  `compiled once, rendered ${REPEAT}× per case (render(), cached)`,
  (p) => {
    for (let i = 0; i < REPEAT; i++) {
      try {
        hookpad.render(p.template, p.context, { dialect: "preview" });
      } catch {}
    }
  },
  hbsCached,
);

// 1d. The same with Hookpad's own handles: the template compiled once (compile()), the context
// converted once (new RenderData()), as handlebars.js compiles once and keeps its context as an object.
const handles = new Map(
  prepared.map((p) => {
    try {
      return [p, { template: hookpad.compile(p.template, { dialect: "preview" }), data: new hookpad.RenderData(p.context) }];
    } catch {
      return [p, null]; // a syntax error: handlebars.js throws at each render, Hookpad at compile()
    }
  }),
);
const templateCached = measure(
  `compiled once, rendered ${REPEAT}× per case (compile() + RenderData)`,
  (p) => {
    const h = handles.get(p);
    for (let i = 0; i < REPEAT; i++) {
      try {
        h.template.renderData(h.data);
      } catch {}
    }
  },
  hbsCached,
);

const results = { once, renderOnce, many, renderCached, templateCached };
fs.writeFileSync(process.env.BENCH_NODE_OUT ?? "/dev/null", JSON.stringify(results));
console.log(`ratio hookpad/handlebarsjs (compiled once, rendered many): ${many.toFixed(2)}`);
console.log(`ratio hookpad/handlebarsjs (render() only): ${renderOnce.toFixed(2)}`);
console.log(`ratio hookpad/handlebarsjs (render(), cached): ${renderCached.toFixed(2)}`);
console.log(`ratio hookpad/handlebarsjs (compile() + RenderData, cached): ${templateCached.toFixed(2)}`);
console.log(`ratio hookpad/handlebarsjs: ${once.toFixed(2)}`);
