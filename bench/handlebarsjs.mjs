// handlebars.js 4.7.7 set up as LaunchDarkly's `npm run preview` does (strict mode, the helpers of
// SPEC §3.5), and the contexts of SPEC §3.2–3.4, for side-by-side measurements.
import Handlebars from "handlebars";

export const hbs = Handlebars.create();

const pad = (n) => String(n).padStart(2, "0");

hbs.registerHelper("equal", function (a, b, options) {
  return a === b ? options.fn(this) : options.inverse(this);
});
hbs.registerHelper("equalWithElse", function (a, b, options) {
  return a === b ? options.fn(this) : options.inverse(this);
});
hbs.registerHelper("pathEncode", (v) => encodeURI(String(v)));
hbs.registerHelper("queryEncode", (v) => encodeURIComponent(String(v)));
hbs.registerHelper("basicAuthHeaderValue", (u, p) => "Basic " + Buffer.from(`${u}:${p}`).toString("base64"));
hbs.registerHelper("formatWithOffset", (millis, offset, format) => {
  const date = new Date(millis + offset * 1000);
  switch (format) {
    case "seconds":
      return Math.round(date.getTime() / 1000);
    case "rfc3339":
      return date.toISOString();
    case "simple": {
      const h = date.getUTCHours() % 12 || 12;
      return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${h}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
    }
    default:
      return date.getTime();
  }
});

/** JSON.stringify(s).slice(1, -1) on every string, recursively (SPEC §3.2). */
export function jsonEscape(value) {
  if (typeof value === "string") return JSON.stringify(value).slice(1, -1);
  if (Array.isArray(value)) return value.map(jsonEscape);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonEscape(v)]));
  return value;
}

/** The integration-framework placeholders (SPEC §3.4). */
export function placeholders(manifest) {
  const values = {};
  for (const v of manifest.formVariables ?? []) {
    values[v.key] = v.type === "boolean" ? true : v.type === "uri" ? `https://${v.key}.com` : v.key;
  }
  return values;
}

/** The body context of a template (SPEC §3.2). */
export function bodyContext(manifest, event, jsonTemplate) {
  const context = jsonTemplate ? jsonEscape(event) : structuredClone(event);
  const oauth = manifest.requiresOAuth ? { baseURI: "$OAUTH_BASE_URI", accessToken: "$OAUTH_ACCESS_TOKEN" } : null;
  context.formVariables = { ...placeholders(manifest), oauth };
  return context;
}
