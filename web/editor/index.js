// Hookpad's code editor: CodeMirror 6, bundled by esbuild (web/editor/build.mjs) into one local
// ES module. The page's Rust code reaches it only through web/editor/binding.js and
// web/src/editor.rs. Positions in and out are CodeMirror's: UTF-16 code units, like the
// diagnostics the core locates with PositionEncoding::Utf16.
import { Annotation, EditorState, Compartment, StateField } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, hoverTooltip, showTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, HighlightStyle, StreamLanguage, syntaxTree,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { json } from "@codemirror/lang-json";
import { forEachDiagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { search, searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";

// ---- Helpers and their signatures -------------------------------------------------------------
// One row per helper a template may call (SPEC §3.5): name, signature, what it does. The names are
// checked against hookpad-core's PUBLIC_HELPERS by a test in web/src/editor.rs, which reads the
// rows between the two HELPERS markers.

// HELPERS-BEGIN
const HELPERS = [
  ["if", "#if value", "Renders the block when value is truthy, else the {{else}} part."],
  ["unless", "#unless value", "Renders the block when value is falsy, else the {{else}} part."],
  ["each", "#each list", "Renders the block for each item (or each value of an object): this, @index, @key, @first, @last."],
  ["with", "#with object", "Renders the block with object as this."],
  ["lookup", "lookup object key", "The value of object[key]."],
  ["equal", "#equal a b", "Renders the block when a equals b (preview: ===, with {{else}}; production: string forms, no {{else}})."],
  ["equalWithElse", "#equalWithElse a b", "Like equal, with {{else}} in both dialects."],
  ["pathEncode", "pathEncode value", "encodeURI(String(value))."],
  ["queryEncode", "queryEncode value", "encodeURIComponent(String(value))."],
  ["basicAuthHeaderValue", "basicAuthHeaderValue user pass", "\"Basic \" + base64(user + \":\" + pass)."],
  ["formatWithOffset", "formatWithOffset millis offsetSeconds format", "millis + 1000 × offsetSeconds in UTC; format: milliseconds, seconds, rfc3339 or simple."],
];
// HELPERS-END
const HELPER = new Map(HELPERS.map(([name, signature, info]) => [name, { signature, info }]));

// ---- Handlebars: a small stream language over the template text -------------------------------

const handlebars = StreamLanguage.define({
  name: "handlebars",
  startState: () => ({ inTag: false, comment: null, first: false, raw: false }),
  token(stream, state) {
    if (state.comment) {
      const end = state.comment;
      const at = stream.string.indexOf(end, stream.pos);
      if (at < 0) { stream.skipToEnd(); return "comment"; }
      stream.pos = at + end.length;
      state.comment = null;
      return "comment";
    }
    if (!state.inTag) {
      if (stream.match(/^\{\{~?!--/)) { state.comment = "--}}"; return "comment"; }
      if (stream.match(/^\{\{~?!/)) { state.comment = "}}"; return "comment"; }
      if (stream.match(/^\{\{\{?~?/)) {
        state.inTag = true;
        state.first = true;
        const block = stream.match(/^[#/^>&]/);
        if (block) return block[0] === "/" ? "tagClose" : "tagOpen";
        return "brace";
      }
      // Plain text up to the next tag.
      const at = stream.string.indexOf("{{", stream.pos);
      if (at === stream.pos) stream.next();
      else if (at < 0) stream.skipToEnd();
      else stream.pos = at;
      return null;
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^~?\}\}\}?/)) { state.inTag = false; return "brace"; }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^-?\d+(\.\d+)?(?![\w.])/)) return "number";
    if (stream.match(/^(true|false|null|undefined)(?![\w.])/)) return "atom";
    if (stream.match(/^else(?![\w.])/)) { state.first = false; return "keyword"; }
    if (stream.match(/^[()=|]/)) return "punctuation";
    if (stream.match(/^(\.\.\/)*(@?[\w$-]+|\[[^\]]*\]|\.|this)(\.(\w[\w$-]*|\[[^\]]*\]))*/)) {
      const word = stream.current();
      const followed = /^\s+[^}~\s]/.test(stream.string.slice(stream.pos));
      if (state.first) {
        state.first = false;
        if (followed || HELPER.has(word) || word === "log") return "helper";
      }
      return word.startsWith("@") ? "special" : "path";
    }
    stream.next();
    return "invalid";
  },
  tokenTable: {
    brace: t.brace, tagOpen: t.controlKeyword, tagClose: t.controlKeyword, helper: t.function(t.variableName),
    path: t.propertyName, special: t.special(t.variableName), keyword: t.controlKeyword,
    punctuation: t.punctuation, string: t.string, number: t.number, atom: t.atom, comment: t.comment, invalid: t.invalid,
  },
});

const highlight = HighlightStyle.define([
  { tag: t.brace, class: "hb-brace" },
  { tag: t.controlKeyword, class: "hb-keyword" },
  { tag: t.function(t.variableName), class: "hb-helper" },
  { tag: t.propertyName, class: "hb-path" },
  { tag: t.special(t.variableName), class: "hb-special" },
  { tag: t.string, class: "tok-string" },
  { tag: t.number, class: "tok-number" },
  { tag: [t.atom, t.bool, t.null], class: "tok-atom" },
  { tag: t.comment, class: "tok-comment" },
  { tag: t.invalid, class: "tok-invalid" },
  { tag: t.punctuation, class: "tok-punct" },
]);

// ---- Completion inside {{ }} ------------------------------------------------------------------

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return `array (${value.length})`;
  if (typeof value === "object") return "object";
  const s = JSON.stringify(value);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function resolve(scope, path) {
  let v = scope;
  for (const part of path) {
    if (v === null || typeof v !== "object" || !(part in v)) return undefined;
    v = v[part];
  }
  return v;
}

/** The name of the innermost block opened (`{{#name`) and not yet closed before the end of `text`. */
function innermostOpenBlock(text) {
  const stack = [];
  for (const m of text.matchAll(/\{\{~?([#/])\s*([\w-]+)/g)) {
    if (m[1] === "#") stack.push(m[2]);
    else if (stack.length && stack[stack.length - 1] === m[2]) stack.pop();
  }
  return stack.pop();
}

// ---- Where templates are -------------------------------------------------------------------------
// A template editor is one template. In the manifest (JSON), the templates are the strings of
// capabilities.auditLogEventsHook.endpoint.url and .headers[].value (SPEC §3.3).

/** The keys from the root to the JSON string at `pos` ("*" for an array item), or null. */
function jsonPathAt(state, pos) {
  let node = syntaxTree(state).resolveInner(pos, -1);
  if (node.name !== "String") return null;
  const path = [];
  for (let n = node; n; n = n.parent) {
    const up = n.parent;
    if (!up) break;
    if (up.name === "Property") {
      const name = up.getChild("PropertyName");
      if (!name || name.from === n.from) return null; // the caret is in a key, not a value
      try { path.unshift(JSON.parse(state.sliceDoc(name.from, name.to))); } catch { return null; }
      n = up;
    } else if (up.name === "Array") {
      path.unshift("*");
    }
  }
  return { path, from: node.from + 1, to: node.to };
}

const ENDPOINT = ["capabilities", "auditLogEventsHook", "endpoint"];

/** The start of the template the caret at `pos` is in, or -1 when it is in none. */
function templateStart(state, pos, kind) {
  if (kind === "handlebars") return 0;
  if (kind !== "json") return -1;
  const at = jsonPathAt(state, pos);
  if (!at || pos < at.from) return -1;
  const p = at.path;
  const endpoint = p.length >= 4 && ENDPOINT.every((k, i) => p[i] === k);
  if (endpoint && p.length === 4 && p[3] === "url") return at.from;
  if (endpoint && p.length === 6 && p[3] === "headers" && p[4] === "*" && p[5] === "value") return at.from;
  return -1;
}

/** The text of the `{{ }}` tag the caret at `pos` is in (from `{{` to the caret), or null. */
function openTag(state, pos, start) {
  const before = state.sliceDoc(Math.max(start, pos - 2000), pos);
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.indexOf("}}", open) >= 0) return null;
  return before;
}

// ---- Completion inside {{ }} ------------------------------------------------------------------

function helperOption(name, boost) {
  const h = HELPER.get(name);
  return { label: name, type: "function", detail: h.signature, info: `${h.signature}\n${h.info}`, boost };
}

function templateCompletion(view, kind) {
  return (context) => {
    const start = templateStart(context.state, context.pos, kind);
    if (start < 0) return null;
    const before = openTag(context.state, context.pos, start);
    if (before === null) return null;
    const word = context.matchBefore(/[@\w$.\-\[\]]*$/);
    if (!word) return null;
    if (word.from === word.to && !context.explicit && !/\{\{[#/^~]?$/.test(before)) {
      if (!/\s$/.test(before)) return null;
    }
    // `{{/`: close the innermost block still open.
    if (/\{\{~?\/$/.test(context.state.sliceDoc(Math.max(start, word.from - 4), word.from))) {
      const open = innermostOpenBlock(context.state.sliceDoc(start, word.from));
      return open ? { from: word.from, options: [{ label: open, type: "keyword", detail: "close the block", apply: `${open}}}` }] } : null;
    }
    const text = word.text;
    const dot = text.lastIndexOf(".");
    const scope = view.hookpadScope ?? {};
    const prefix = dot < 0 ? [] : text.slice(0, dot).split(".");
    const from = word.from + dot + 1;
    const target = resolve(scope, prefix);
    const options = [];
    if (target && typeof target === "object" && !Array.isArray(target)) {
      for (const [k, v] of Object.entries(target)) options.push({ label: k, type: "property", detail: describe(v) });
    }
    if (dot < 0) {
      for (const [name] of HELPERS) options.push(helperOption(name, -1));
      const words = kind === "handlebars" ? ["this", "@index", "@key", "@first", "@last", "else"] : ["this", "else"];
      for (const s of words) options.push({ label: s, type: "keyword", boost: -2 });
    }
    return options.length ? { from, options, validFor: /^[\w$\-]*$/ } : null;
  };
}

// ---- A helper's signature while its arguments are typed ---------------------------------------

/** The helper whose arguments the caret is in, and the index of the argument being typed. */
function helperCall(state, kind) {
  const sel = state.selection.main;
  if (!sel.empty) return null;
  const start = templateStart(state, sel.head, kind);
  if (start < 0) return null;
  const before = openTag(state, sel.head, start);
  if (before === null) return null;
  const inside = before.slice(before.lastIndexOf("{{") + 2).replace(/^\{?~?[#^]?\s*/, "");
  const words = inside.split(/\s+/);
  if (words.length < 2 || !HELPER.has(words[0]) || /[()"']/.test(inside)) return null;
  return { name: words[0], arg: words.length - 2, pos: sel.head };
}

function signatureTooltip(state, kind) {
  const call = helperCall(state, kind);
  if (!call) return null;
  const { signature, info } = HELPER.get(call.name);
  return {
    pos: call.pos, above: true, strictSide: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-hookpad-signature";
      const line = document.createElement("div");
      const parts = signature.split(" ");
      parts.forEach((part, i) => {
        if (i > 0) line.append(" ");
        const el = document.createElement(i - 1 === call.arg ? "strong" : "span");
        if (i > 0) el.className = i - 1 === call.arg ? "arg current" : "arg";
        el.textContent = part;
        line.append(el);
      });
      const about = document.createElement("div");
      about.className = "about";
      about.textContent = info;
      dom.append(line, about);
      return { dom };
    },
  };
}

function signatures(kind) {
  return StateField.define({
    create: (state) => signatureTooltip(state, kind),
    update: (tip, tr) => (tr.docChanged || tr.selection ? signatureTooltip(tr.state, kind) : tip),
    provide: (f) => showTooltip.from(f),
  });
}

// ---- Values on hover ------------------------------------------------------------------------------

function outcomeText(o) {
  if (!o) return "?";
  if (o.kind === "value") return JSON.stringify(o.text);
  if (o.kind === "empty") return "empty (missing, or an empty value)";
  return `error: ${o.message}`;
}

function templateHover(view, kind) {
  return hoverTooltip(async (v, pos) => {
    const start = templateStart(v.state, pos, kind);
    if (start < 0) return null;
    const line = v.state.doc.lineAt(pos);
    const col = pos - line.from;
    const re = /(\.\.\/)*[@\w$\-]+(\.[\w$\-]+)*/g;
    let m;
    while ((m = re.exec(line.text))) {
      if (m.index <= col && col <= m.index + m[0].length) break;
    }
    if (!m) return null;
    const from = line.from + m.index;
    if (from < start) return null;
    const open = line.text.lastIndexOf("{{", m.index);
    if (open < 0 || line.text.lastIndexOf("}}", m.index) > open) return null;
    const name = m[0];
    const tagStart = line.text.slice(open + 2, m.index).replace(/^\{?~?[#^/]?\s*/, "");
    if (tagStart === "" && HELPER.has(name)) return null; // a helper's name, not a path
    const value = resolve(view.hookpadScope ?? {}, name.split("."));
    const block = innermostOpenBlock(v.state.sliceDoc(start, from));
    // The worker answers per dialect (a promise of JSON text, or null without a worker).
    let dialects = null;
    try {
      const answer = view.hookpadResolve ? await view.hookpadResolve(name) : null;
      dialects = answer ? JSON.parse(answer) : null;
    } catch { dialects = null; }
    const scoped = block === "each" || block === "with";
    return {
      pos: from, end: from + name.length, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-hookpad-value";
        const s = value === undefined ? "missing" : JSON.stringify(value, null, 1);
        const rows = [`${name} = ${s.length > 400 ? `${s.slice(0, 399)}…` : s}`];
        if (dialects) {
          rows.push(`preview (handlebars.js, strict): ${outcomeText(dialects.preview)}`);
          rows.push(`production (raymond): ${outcomeText(dialects.production)}`);
        }
        rows.push(scoped
          ? `Looked up in the root context, not in the {{#${block}}} block's.`
          : "Looked up in the root context, for the current event.");
        for (const [i, text] of rows.entries()) {
          const row = document.createElement("div");
          row.className = i === 0 ? "value" : i < rows.length - 1 ? "dialect" : "note";
          row.textContent = text;
          dom.append(row);
        }
        return { dom };
      },
    };
  });
}

// ---- The editor -------------------------------------------------------------------------------

const wrapping = new Compartment();
const labelling = new Compartment();
const labelAttrs = (label, invalid) => EditorView.contentAttributes.of({ "aria-label": label, "aria-invalid": String(invalid) });

/** The extensions of one editor; `kind` is "json", "handlebars" or "plain". */
function extensions(kind, label, onChange, pasteLimit, view) {
  return [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(),
    drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
    search({ top: true }), lintGutter(), syntaxHighlighting(highlight),
    kind === "json" ? json() : kind === "handlebars" ? handlebars : [],
    kind === "plain" ? [] : [autocompletion({ override: [templateCompletion(view, kind)] }), templateHover(view, kind), signatures(kind)],
    keymap.of([...completionKeymap, ...searchKeymap, ...historyKeymap, indentWithTab, ...defaultKeymap]),
    wrapping.of([]),
    labelling.of(labelAttrs(view.hookpadLabel ?? label, view.hookpadInvalid ?? false)),
    EditorView.contentAttributes.of({ spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
    EditorView.updateListener.of((u) => { if (u.docChanged && !u.transactions.some((tr) => tr.annotation(fromHost))) onChange(u.state.doc.toString()); }),
    EditorView.domEventHandlers({
      paste(event, v) {
        if (!pasteLimit) return false;
        const text = event.clipboardData?.getData("text/plain") ?? "";
        if (text.length <= pasteLimit) return false;
        // Megabytes: hand the text over without laying it out here, in a task of its own, so
        // reading the clipboard and the page's update are two shorter tasks, with input handled
        // between them.
        event.preventDefault();
        setTimeout(() => {
          const { from, to } = v.state.selection.main;
          const doc = v.state.doc;
          onChange(doc.sliceString(0, from) + text + doc.sliceString(to));
        }, 0);
        return true;
      },
    }),
  ];
}

const fromHost = Annotation.define();

/**
 * A new editor in `parent`, as a handle the other exports take. A `deferred` editor starts as a
 * light preview of its text (building a CodeMirror view costs ~30 ms of the first render) and
 * becomes the editor when it nears the visible part of the page, when the page is next idle, or
 * when the user reaches it (focus, pointer, a problem selected in it); what the page sets before
 * then is kept and applied.
 */
export function create(parent, kind, label, text, onChange, pasteLimit, deferred) {
  const editor = {
    view: null, parent, kind, onChange, pasteLimit,
    pending: { text, label, invalid: false, wrap: false, marks: null, scope: null, resolve: null },
    preview: null, cancel: null,
  };
  if (deferred && typeof IntersectionObserver === "function") defer(editor);
  else build(editor);
  return editor;
}

/** The editor's CodeMirror view, built now if it was deferred. */
function build(editor) {
  if (editor.view) return editor.view;
  editor.cancel?.();
  editor.preview?.remove();
  const { kind, onChange, pasteLimit } = editor;
  const p = editor.pending;
  const holder = {};
  // Built outside the document and then put in place: built in place, each editor's first
  // reading of its selection and fonts forces a style and layout pass over the whole page.
  const view = new EditorView({ state: EditorState.create({ doc: p.text, extensions: extensions(kind, p.label, onChange, pasteLimit, holder) }) });
  editor.parent.appendChild(view.dom);
  view.hookpadKind = kind;
  view.hookpadLabel = p.label;
  view.hookpadInvalid = false;
  view.hookpadExt = (v) => extensions(kind, p.label, onChange, pasteLimit, v);
  view.hookpadStates = new Map();
  Object.defineProperty(holder, "hookpadScope", { get: () => view.hookpadScope });
  Object.defineProperty(holder, "hookpadInvalid", { get: () => view.hookpadInvalid });
  Object.defineProperty(holder, "hookpadLabel", { get: () => view.hookpadLabel });
  Object.defineProperty(holder, "hookpadResolve", { get: () => view.hookpadResolve });
  view.hookpadHolder = holder;
  editor.view = view;
  editor.pending = null;
  if (p.invalid) labelView(view, p.label, true);
  if (p.wrap) applyWrap(view, true);
  if (p.scope !== null) scopeView(view, p.scope, p.resolve);
  if (p.marks) marksView(view, ...p.marks);
  return view;
}

/** The most of a deferred editor's text its preview shows. */
const PREVIEW_CHARS = 20000;

function defer(editor) {
  const p = editor.pending;
  const preview = document.createElement("pre");
  preview.className = "code-preview";
  preview.tabIndex = 0;
  preview.setAttribute("role", "textbox");
  preview.setAttribute("aria-label", p.label);
  preview.textContent = p.text.slice(0, PREVIEW_CHARS);
  preview.addEventListener("focus", () => build(editor).focus());
  preview.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    const view = build(editor);
    view.focus();
    const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
    if (at !== null) view.dispatch({ selection: { anchor: at } });
  });
  editor.parent.appendChild(preview);
  editor.preview = preview;
  const seen = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) build(editor);
  }, { rootMargin: "200px" });
  seen.observe(editor.parent);
  waiting.add(editor);
  editor.cancel = () => {
    seen.disconnect();
    waiting.delete(editor);
  };
}

/** The deferred editors not built yet. */
const waiting = new Set();

/**
 * Builds the deferred editors, one each time the page is idle (the page calls this once its
 * first result is shown).
 */
export function buildDeferred() {
  const later = (f) => (typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 50));
  const next = () => {
    const [editor] = waiting;
    if (editor === undefined) return;
    build(editor);
    later(next);
  };
  later(next);
}

/** Replaces the text (the page's state changed it: a sample, an undo, a share link). */
export function setText(editor, text) {
  if (!editor.view) {
    editor.pending.text = text;
    editor.preview.textContent = text.slice(0, PREVIEW_CHARS);
    return;
  }
  const view = editor.view;
  if (view.state.doc.length === text.length && view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: fromHost.of(true) });
}

/** Shows the document `key` (a template path), each with its own undo history. */
export function switchDoc(editor, oldKey, key, text) {
  const view = build(editor);
  if (oldKey !== null && oldKey !== undefined) view.hookpadStates.set(oldKey, view.state);
  const saved = view.hookpadStates.get(key);
  if (saved && saved.doc.toString() === text) view.setState(saved);
  else view.setState(EditorState.create({ doc: text, extensions: view.hookpadExt(view.hookpadHolder) }));
  if (view.hookpadWrap) applyWrap(view, true);
}

function offset(doc, line, column) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}

/** An empty range grows over the word (path) that starts there, so it can be seen and selected. */
function widen(doc, from, to) {
  if (to > from) return to;
  const line = doc.lineAt(from);
  const m = /^[\w$@.\-\/]+/.exec(line.text.slice(from - line.from));
  return m ? from + m[0].length : to;
}

/** Squiggles: `marks` is a JSON array of {line, column, endLine, endColumn, severity, message}. */
export function marks(editor, json, length) {
  if (editor.view) marksView(editor.view, json, length);
  else editor.pending.marks = [json, length];
}

function marksView(view, json, length) {
  const doc = view.state.doc;
  if (doc.length !== length) return;
  const diagnostics = JSON.parse(json).map((d) => {
    const from = offset(doc, d.line, d.column);
    let to = offset(doc, d.endLine, d.endColumn);
    if (to < from) to = from;
    to = widen(doc, from, to);
    return { from, to, severity: d.severity, message: d.message };
  });
  // Most results while typing bring the squiggles already shown (often none): updating the
  // editor for nothing costs a layout per keystroke.
  if (sameDiagnostics(view.state, diagnostics)) return;
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** The editor shows exactly `diagnostics` (in order), each at its range. */
function sameDiagnostics(state, diagnostics) {
  let i = 0;
  let same = true;
  forEachDiagnostic(state, (d, from, to) => {
    const n = diagnostics[i++];
    same &&= n !== undefined && n.from === from && n.to === to && n.severity === d.severity && n.message === d.message;
  });
  return same && i === diagnostics.length;
}

/** Selects a range (1-based lines, UTF-16 columns) and scrolls it into view. */
export function select(editor, line, column, endLine, endColumn) {
  const view = build(editor);
  const doc = view.state.doc;
  const anchor = offset(doc, line, column);
  const head = widen(doc, anchor, Math.max(anchor, offset(doc, endLine, endColumn)));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true, effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
  view.focus();
}

/** The editor's accessible name, and whether its text holds an error (`aria-invalid`). */
export function setLabel(editor, label, invalid) {
  if (editor.view) labelView(editor.view, label, invalid);
  else {
    Object.assign(editor.pending, { label, invalid });
    editor.preview.setAttribute("aria-label", label);
  }
}

function labelView(view, label, invalid) {
  // An update of the editor costs a layout of the page: none when nothing changes.
  if (view.hookpadLabel === label && view.hookpadInvalid === invalid) return;
  view.hookpadLabel = label;
  view.hookpadInvalid = invalid;
  view.dispatch({ effects: labelling.reconfigure(labelAttrs(label, invalid)) });
}

export function setWrap(editor, on) {
  if (!editor.view) {
    editor.pending.wrap = on;
    return;
  }
  const view = editor.view;
  if (Boolean(view.hookpadWrap) === on) return;
  applyWrap(view, on);
}

function applyWrap(view, on) {
  view.hookpadWrap = on;
  view.dispatch({ effects: wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
}

/**
 * The data completion and hover read (the root context the editor's templates see), and
 * `resolve(path)`, which answers a path's value per dialect with a promise of JSON text
 * `{preview, production}`, each `{kind: "value", text} | {kind: "empty"} | {kind: "error", message}`
 * (or `null`: no answer).
 */
export function setScope(editor, json, resolve) {
  if (editor.view) scopeView(editor.view, json, resolve);
  else Object.assign(editor.pending, { scope: json, resolve });
}

function scopeView(view, json, resolve) {
  try { view.hookpadScope = JSON.parse(json); } catch { view.hookpadScope = {}; }
  view.hookpadResolve = resolve ?? null;
}

export function destroy(editor) {
  editor.cancel?.();
  editor.preview?.remove();
  editor.view?.destroy();
}
