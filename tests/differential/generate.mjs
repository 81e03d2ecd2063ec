// Differential test, part 1: generates LaunchDarkly-like templates and data from a grammar
// (seeded, so every run is the same), renders each with handlebars.js 4.7.7 (strict mode, the
// integration framework's helpers; see reference.mjs) and writes the cases to
// target/differential/cases.json. Part 2 is crates/hookpad-core/tests/differential.rs, which
// renders every case with Hookpad's preview dialect and allows no difference.
//
//   node tests/differential/generate.mjs [--seed N] [--count N] [--out FILE]
//
// Features the generator leaves out are listed in EXCLUDED, each with the name of its entry in
// the README's "Known differences"; nothing else is left out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReference } from './reference.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const SEED = Number(option('--seed', '16'));
const COUNT = Number(option('--count', '3000'));
const OUT = resolve(option('--out', `${root}/target/differential/cases.json`));

/** Grammar features left out, each with its README "Known differences" entry. */
export const EXCLUDED = {
  'formatWithOffset-string-timestamp': 'formatWithOffset with a timestamp that is not a number',
};

// mulberry32: small, seeded, the same on every platform.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed) {
  const random = rng(seed);
  const chance = p => random() < p;
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = list => list[Math.floor(random() * list.length)];
  const on = feature => !(feature in EXCLUDED);

  // ---- data ----
  const WORDS = ['alpha', 'beta', 'my-flag', 'Prod', 'test env', 'x', 'déjà vu', 'a/b?c=d', '日本'];
  const TRICKY = ['&', '<', '>', '"', "'", '`', '=', ' & ', '<b>', 'a"b', "it's", 'x=1&y=2'];
  const text = () => {
    if (chance(0.25)) {
      return pick(WORDS) + pick(TRICKY) + (chance(0.5) ? pick(WORDS) : '');
    }
    if (chance(0.08)) {
      return '';
    }
    return pick(WORDS);
  };
  const scalar = () => {
    const r = random();
    if (r < 0.45) return text();
    if (r < 0.6) return pick([0, 1, 2, -1, 42, 1.5, -0.25, 1580778632000, 3600]);
    if (r < 0.75) return chance(0.5);
    if (r < 0.82) return null;
    return text();
  };
  const maybe = (obj, key, value, p = 0.88) => {
    if (chance(p)) obj[key] = value;
  };
  const objectMap = () => {
    const o = {};
    const keys = ['b', 'a', 'on', '10', '2', 'key', 'display name'];
    for (const k of keys) {
      if (k === 'display name' && !on('segment-literal')) continue;
      maybe(o, k, chance(0.4) ? { on: chance(0.5), n: int(-2, 5) } : scalar(), 0.45);
    }
    return o;
  };
  const item = () => {
    const o = {};
    maybe(o, 'name', text());
    maybe(o, 'value', scalar());
    maybe(o, 'on', chance(0.5));
    maybe(o, 'key', text(), 0.6);
    return o;
  };
  const data = () => {
    const d = {};
    maybe(d, 'flag', text(), 0.3);
    maybe(d, '42', text(), 0.2);
    maybe(d, 'kind', pick(['flag', 'project', 'environment', 'member', 'segment']));
    maybe(d, 'key', text());
    maybe(d, 'name', text());
    maybe(d, 'title', text());
    maybe(d, 'verbKind', pick(['updateOn', 'createFlag', 'updateRules', 'deleteFlag']));
    maybe(d, 'comment', text());
    maybe(d, 'count', pick([0, 1, 3, -2, 2.5]));
    maybe(d, 'enabled', chance(0.5));
    maybe(d, 'nothing', null, 0.5);
    maybe(d, 'empty', '', 0.5);
    const env = {};
    maybe(env, 'key', text());
    maybe(env, 'name', text());
    maybe(env, 'tags', Array.from({ length: int(0, 2) }, text));
    const project = {};
    maybe(project, 'key', text());
    maybe(project, 'name', text());
    maybe(project, 'environment', env);
    maybe(project, 'tags', Array.from({ length: int(0, 3) }, text));
    maybe(d, 'project', project);
    const member = {};
    maybe(member, 'email', text());
    maybe(member, 'firstName', text());
    maybe(d, 'member', member);
    const ms = pick([1580778632000, 1580774400000, 1612345678901, 0, 1580778632500]);
    maybe(d, 'timestamp', { milliseconds: ms, seconds: Math.floor(ms / 1000) });
    maybe(d, 'tags', Array.from({ length: int(0, 3) }, text));
    maybe(d, 'items', Array.from({ length: int(0, 3) }, item));
    maybe(d, 'flags', objectMap());
    maybe(d, 'nested', { a: { b: { c: text() } } }, 0.6);
    if (on('segment-literal')) maybe(d, 'display name', text(), 0.3);
    return d;
  };

  // ---- templates ----
  // A scope is the value `this` is in a part of the template (handlebars.js pushes a new depth
  // only for a block whose context differs from the current one).
  const keysOf = v => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
  const segment = k => (/^[A-Za-z_][\w-]*$/.test(k) ? k : on('segment-literal') ? `[${k}]` : null);
  const presentPath = (v, prefix = '') => {
    const keys = keysOf(v).filter(k => segment(k) !== null && !/^\d+$/.test(k));
    if (!keys.length) return null;
    const k = pick(keys);
    const path = prefix + segment(k);
    const child = v[k];
    if (keysOf(child).length && chance(0.55)) {
      return presentPath(child, `${path}.`) || path;
    }
    return path;
  };
  // `length` is JavaScript's own on arrays and strings.
  const MISSING = ['missing', 'nope', 'lastName', 'environment', 'length'];
  const path = (scope, want) => {
    // want: 'any' | 'array' | 'object' (what a block iterates or enters)
    if (want !== 'any') {
      const found = findPath(scope.value, want);
      if (found && chance(0.9)) return found;
      if (chance(0.5) && scope.parent) {
        const up = findPath(scope.parent.value, want);
        if (up) return `../${up}`;
      }
      return found || pick(MISSING);
    }
    if (scope.params && chance(0.2)) {
      return pick([...scope.params, `${scope.params[0]}.name`, `${scope.params[0]}.${scope.params[0]}`]);
    }
    const r = random();
    if (scope.each && r < 0.16) return pick(['@index', '@key', '@first', '@last']);
    if (r < 0.26) return pick(['this', 'this', '.']);
    if (r < 0.31 && scope.parent) return `../${presentPath(scope.parent.value) || pick(MISSING)}`;
    // Above the root: handlebars.js has nothing there.
    if (r < 0.31 && chance(0.3)) return pick(['../key', '../nope', '..', '../project.key']);
    if (r < 0.35) return `@root.${presentPath(scope.root) || pick(MISSING)}`;
    if (r < 0.43) {
      const p = presentPath(scope.value);
      return p ? `${p}.${pick(MISSING)}` : pick(MISSING);
    }
    if (r < 0.5) return pick(MISSING);
    if (r < 0.55) {
      const p = presentPath(scope.value);
      if (p) return `this.${p}`;
    }
    return presentPath(scope.value) || pick(MISSING);
  };
  const findPath = (v, want, prefix = '', depth = 0) => {
    const keys = keysOf(v).filter(k => segment(k) !== null);
    const hits = keys.filter(k =>
      want === 'array' ? Array.isArray(v[k]) || (keysOf(v[k]).length && chance(0.3)) : keysOf(v[k]).length
    );
    if (hits.length) return prefix + segment(pick(hits));
    if (depth < 2) {
      for (const k of keys) {
        if (keysOf(v[k]).length) {
          const p = findPath(v[k], want, `${prefix}${segment(k)}.`, depth + 1);
          if (p) return p;
        }
      }
    }
    return null;
  };
  const literal = scope => {
    const r = random();
    if (r < 0.4) {
      // handlebars.js keeps a string literal's backslashes (it unescapes only the quote).
      const s = pick(['abc', 'a b', 'x&y', '<i>', "it''s".slice(0, 3), 'flag', '', 'a\\nb', 'c\\d']);
      return chance(0.7) ? `"${s}"` : `'${s.replace(/'/g, '')}'`;
    }
    if (r < 0.7) return String(pick([0, 1, 42, -3600, 3600, 1.5, -1, '007', '-0.50', '1.0']));
    if (r < 0.8) return pick(['true', 'false']);
    if (r < 0.85) return pick(['null', 'undefined']);
    // A literal equal to a value in the data, so that #equal takes both branches.
    const p = presentPath(scope.value);
    const v = p && p.split('.').reduce((o, k) => (o == null ? o : o[k.replace(/^\[|\]$/g, '')]), scope.value);
    if (typeof v === 'string' && !/["\\]/.test(v)) return `"${v}"`;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
    return '"flag"';
  };
  const arg = scope => (chance(0.6) ? path(scope, 'any') : literal(scope));
  const helperCall = scope => {
    const r = random();
    if (r < 0.05) return `lookup ${path(scope, 'any')} ${chance(0.5) ? path(scope, 'any') : literal(scope)}`;
    if (r < 0.3) return `queryEncode ${arg(scope)}`;
    if (r < 0.55) return `pathEncode ${arg(scope)}`;
    if (r < 0.7) return `basicAuthHeaderValue ${arg(scope)}${chance(0.9) ? ` ${arg(scope)}` : ''}`;
    // A string timestamp is concatenated with the offset and parsed by V8's Date parser.
    const tsOther = () =>
      on('formatWithOffset-string-timestamp') ? arg(scope) : pick(['1580778632000', '0', '-1', '-1500', '2500', 'nope', 'timestamp.nope', 'nothing', 'true', 'count']);
    const ts = chance(0.8) ? pick(['timestamp.milliseconds', '@root.timestamp.milliseconds']) : tsOther();
    const offset = pick(['0', '3600', '-3600', '60', '-1']);
    const format = pick(['"milliseconds"', '"seconds"', '"rfc3339"', '"simple"', '"other"', "'rfc3339'"]);
    return `formatWithOffset ${ts} ${offset} ${format}`;
  };
  const tilde = () => (chance(0.12) ? '~' : '');
  const sp = () => (chance(0.1) ? ' ' : '');
  const mustache = scope => {
    const r = random();
    // A literal where a path goes is looked up as a name: `{{"flag"}}` is `this.flag`.
    const inner = r < 0.03 ? pick(['"flag"', "'flag'", '42', 'true', 'null', '007']) : r < 0.7 ? path(scope, 'any') : helperCall(scope);
    // handlebars.js writes a triple-stash's strips outside the inner braces: `{{~{x}~}}`.
    // handlebars.js adds adjacent unescaped values with JavaScript's `+` (1 and 2 print 3).
    if (chance(0.15)) return `{{${tilde()}{${sp()}${inner}${sp()}}${tilde()}}}`;
    return `{{${tilde()}${sp()}${inner}${sp()}${tilde()}}}`;
  };
  const TEXT = [
    'Hello ', '"key": "', '",\n', ' ', '\n', '  ', 'a', 'x=1&y=2 ', '<b>', '{"a": ', '] ', ', ',
    ': ', '\t', '\r\n', 'end', '"', "'", '=', '`',
  ];
  // Now and then a `}` right after a tag: `{{a}}}` does not parse.
  const content = () => (chance(0.02) ? '}' : '') + Array.from({ length: int(1, 3) }, () => pick(TEXT)).join('');

  const program = (scope, depth) => {
    const parts = [];
    const n = int(1, depth > 0 ? 4 : 3);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.35) parts.push(content());
      else if (r < 0.7 || depth <= 0) parts.push(mustache(scope));
      else parts.push(block(scope, depth - 1));
    }
    return parts.join('');
  };
  const BLOCKS = ['if', 'if', 'unless', 'each', 'each', 'with', 'equal', 'equalWithElse', 'ifelseif'];
  const block = (scope, depth) => {
    const kind = pick(BLOCKS);
    let open;
    let close;
    let inner = scope;
    let elseScope = scope;
    let chain = '';
    switch (kind) {
      case 'if':
      case 'unless':
      case 'ifelseif':
        open = `${kind === 'unless' ? 'unless' : 'if'} ${path(scope, 'any')}`;
        close = kind === 'unless' ? 'unless' : 'if';
        break;
      case 'each': {
        const p = path(scope, 'array');
        const blockParams = on('block-params') && chance(0.1) ? pick([' as |item|', ' as |item i|']) : '';
        open = `each ${p}${blockParams}`;
        close = 'each';
        const v = resolveIn(scope, p);
        const itemValue = Array.isArray(v) ? v[0] : v && typeof v === 'object' ? v[Object.keys(v)[0]] : undefined;
        const params = blockParams ? blockParams.replace(/.*\|(.*)\|/, '$1').split(' ') : null;
        inner = { value: itemValue, parent: scope, root: scope.root, each: true, params };
        break;
      }
      case 'with': {
        const p = path(scope, 'object');
        open = `with ${p}`;
        close = 'with';
        inner = { value: resolveIn(scope, p), parent: scope, root: scope.root };
        break;
      }
      default:
        open = `${kind} ${arg(scope)} ${arg(scope)}`;
        close = kind;
    }
    const standalone = chance(0.35);
    const indent = standalone ? pick(['', '  ', '\t']) : '';
    const nl = standalone ? pick(['\n', '\n', '\r\n']) : '';
    const tag = body => `${indent}{{${tilde()}${body}${tilde()}}}${nl}`;
    let out = `${tag(`#${open}`)}${program(inner, depth)}${nl}`;
    if (kind === 'ifelseif') {
      const links = int(1, 2);
      for (let i = 0; i < links; i++) {
        chain += `${tag(`else if ${path(scope, 'any')}`)}${program(scope, depth)}${nl}`;
      }
      out += chain;
    }
    if (chance(0.5) || kind === 'ifelseif') {
      out += `${tag('else')}${program(elseScope, depth)}${nl}`;
    }
    out += tag(`/${close}`);
    return out;
  };
  const resolveIn = (scope, p) => {
    let s = scope;
    let rest = p;
    while (rest.startsWith('../') && s.parent) {
      s = s.parent;
      rest = rest.slice(3);
    }
    return rest.split('.').reduce((o, k) => (o == null ? undefined : o[k.replace(/^\[|\]$/g, '')]), s.value);
  };

  return () => {
    const d = data();
    const scope = { value: d, parent: null, root: d };
    const template = program(scope, int(0, 2));
    return { template, data: d };
  };
}

const next = generator(SEED);
const cases = [];
const kinds = {};
for (let i = 0; i < COUNT; i++) {
  const { template, data } = next();
  const expected = renderReference(template, data);
  const kind = expected.kind || 'output';
  kinds[kind] = (kinds[kind] || 0) + 1;
  cases.push({ id: i, template, data, expected });
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ seed: SEED, excluded: EXCLUDED, cases }));
console.log(
  `differential: ${COUNT} cases (seed ${SEED}) rendered by handlebars.js 4.7.7 -> ${OUT}\n` +
    `  ${Object.entries(kinds).map(([k, n]) => `${k}: ${n}`).join(', ')}`
);
