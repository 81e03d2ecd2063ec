// The reference for Hookpad's `preview` dialect: handlebars.js 4.7.7 in strict mode with the
// helpers of LaunchDarkly's integration framework (`helpers/index.js` of
// launchdarkly/integration-framework, copied below as written there).
//
// Used by generate.mjs, and as a filter by the Rust differential test when it shrinks a
// reproducer: `node tests/differential/reference.mjs < cases.json` reads a JSON array of
// `{template, data}` and writes a JSON array of outcomes.
import { createRequire } from 'node:module';

// The framework's `formatWithOffset` formats "simple" with dateformat in local time; SPEC §3.5
// says UTC, so the reference runs in UTC.
process.env.TZ = 'UTC';

const require = createRequire(import.meta.url);
const Handlebars = require('handlebars');

if (Handlebars.VERSION !== '4.7.7') {
  throw new Error(`handlebars ${Handlebars.VERSION}: the reference is 4.7.7 (run npm ci)`);
}

// dateformat 4.x, `dateFormat(date, 'yyyy-mm-dd h:MM:ss')`, the only mask the helper uses: it
// throws `TypeError: Invalid date` for an invalid date and pads with zeros. (dateformat is not a
// dependency of this workspace; this is its code path for that mask.)
function dateFormatSimple(date) {
  if (isNaN(date)) {
    throw TypeError('Invalid date');
  }
  const pad = (v, len = 2) => String(v).padStart(len, '0');
  const H = date.getHours();
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${
    H % 12 || 12
  }:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// helpers/index.js of launchdarkly/integration-framework.
Handlebars.registerHelper('equal', function (v1, v2, options) {
  if (v1 === v2) {
    return options.fn(this);
  }
  return options.inverse(this);
});
Handlebars.registerHelper('equalWithElse', function (v1, v2, options) {
  if (v1 === v2) {
    return options.fn(this);
  }
  return options.inverse(this);
});
Handlebars.registerHelper('pathEncode', function (v) {
  return encodeURI(v);
});
Handlebars.registerHelper('queryEncode', function (v) {
  return encodeURIComponent(v);
});
Handlebars.registerHelper('basicAuthHeaderValue', function (username, password) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
});
Handlebars.registerHelper('formatWithOffset', function (milliseconds, offset, format) {
  const ts = new Date(milliseconds + 1000 * offset);
  switch (format) {
    case 'milliseconds':
      return ts.getTime();
    case 'seconds':
      return Math.round(ts.getTime() / 1000);
    case 'rfc3339':
      return ts.toISOString();
    case 'simple':
      return dateFormatSimple(ts);
  }
  return ts.getTime();
});

/**
 * Renders `template` with `data` as `npm run preview` does. Returns `{output}` or
 * `{error, kind, key?}` where kind is `syntax` (the template does not compile; key = `line N`,
 * the line where the parser gave up), `missing`
 * (strict mode's `"x" not defined`, with key = `name@line:column`), `type` (a JavaScript
 * TypeError), `missing-helper`, or `other` (a helper's own error).
 */
export function renderReference(template, data) {
  try {
    Handlebars.precompile(template, { strict: true });
  } catch (e) {
    // Where the parser gave up: jison's `Parse error on line N:`, or an exception's ` - L:C`.
    const message = String(e.message);
    const at = /^Parse error on line (\d+):/.exec(message) || / - (\d+):\d+$/.exec(message);
    return { error: message, kind: 'syntax', key: `line ${at ? at[1] : '?'}` };
  }
  try {
    const output = Handlebars.compile(template, { strict: true })(data);
    return { output };
  } catch (e) {
    const message = String(e && e.message);
    const missing = /^"(.*)" not defined in [\s\S]* - (\d+):(\d+)$/.exec(message);
    if (missing) {
      return { error: message, kind: 'missing', key: `${missing[1]}@${missing[2]}:${missing[3]}` };
    }
    if (/^Missing helper/.test(message)) {
      return { error: message, kind: 'missing-helper' };
    }
    if (e instanceof TypeError && !/Invalid date/.test(message)) {
      return { error: message, kind: 'type' };
    }
    return { error: message, kind: 'other' };
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const outcomes = inputs.map(({ template, data }) => renderReference(template, data));
  process.stdout.write(JSON.stringify(outcomes));
}
