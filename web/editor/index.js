// Hookpad's code editor: CodeMirror 6, bundled by esbuild (web/editor/build.mjs) into one local
// ES module. The page's Rust code reaches it only through web/editor/binding.js and
// web/src/editor.rs. Positions in and out are CodeMirror's: UTF-16 code units, like the
// diagnostics the core locates with PositionEncoding::Utf16.
import { Annotation, EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, hoverTooltip,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, HighlightStyle, StreamLanguage,
} from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { json } from "@codemirror/lang-json";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { search, searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";

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
        if (followed || /^(if|unless|each|with|lookup|equal|equalWithElse|pathEncode|queryEncode|basicAuthHeaderValue|formatWithOffset|log)$/.test(word)) return "helper";
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

const HELPERS = [
  ["if", "#if cond"], ["unless", "#unless cond"], ["each", "#each list"], ["with", "#with obj"],
  ["lookup", "lookup obj key"], ["equal", "#equal a b"], ["equalWithElse", "#equalWithElse a b"],
  ["pathEncode", "pathEncode value"], ["queryEncode", "queryEncode value"],
  ["basicAuthHeaderValue", "basicAuthHeaderValue user pass"],
  ["formatWithOffset", "formatWithOffset millis offsetSeconds format"],
];

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

function templateCompletion(view) {
  return (context) => {
    const before = context.state.sliceDoc(Math.max(0, context.pos - 2000), context.pos);
    const open = before.lastIndexOf("{{");
    if (open < 0 || before.indexOf("}}", open) >= 0) return null;
    const word = context.matchBefore(/[@\w$.\-\[\]]*$/);
    if (!word) return null;
    if (word.from === word.to && !context.explicit && !/\{\{[#/^~]?$/.test(before)) {
      if (!/\s$/.test(before)) return null;
    }
    // `{{/`: close the innermost block still open.
    if (/\{\{~?\/$/.test(context.state.sliceDoc(Math.max(0, word.from - 4), word.from))) {
      const open = innermostOpenBlock(context.state.sliceDoc(0, word.from));
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
      for (const [name, detail] of HELPERS) options.push({ label: name, type: "function", detail, boost: -1 });
      for (const s of ["this", "@index", "@key", "@first", "@last", "else"]) options.push({ label: s, type: "keyword", boost: -2 });
    }
    return options.length ? { from, options, validFor: /^[\w$\-]*$/ } : null;
  };
}

function templateHover(view) {
  return hoverTooltip((v, pos) => {
    const line = v.state.doc.lineAt(pos);
    const col = pos - line.from;
    const re = /[@\w$\-]+(\.[\w$\-]+)*/g;
    let m;
    while ((m = re.exec(line.text))) {
      if (m.index <= col && col <= m.index + m[0].length) break;
    }
    if (!m) return null;
    const open = line.text.lastIndexOf("{{", m.index);
    if (open < 0 || line.text.lastIndexOf("}}", m.index) > open) return null;
    const path = m[0].split(".");
    const scope = view.hookpadScope ?? {};
    const value = resolve(scope, path);
    return {
      pos: line.from + m.index, end: line.from + m.index + m[0].length, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-hookpad-value";
        const s = value === undefined ? "missing (for the current event)" : JSON.stringify(value, null, 1);
        dom.textContent = `${m[0]} = ${s.length > 400 ? `${s.slice(0, 399)}…` : s}`;
        return { dom };
      },
    };
  });
}

// ---- The editor -------------------------------------------------------------------------------

const wrapping = new Compartment();
const labelling = new Compartment();
const labelAttrs = (label, invalid) => EditorView.contentAttributes.of({ "aria-label": label, "aria-invalid": String(invalid) });

/** The extensions of one editor; `kind` is "json" or "handlebars". */
function extensions(kind, label, onChange, pasteLimit, view) {
  return [
    lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(),
    drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
    search({ top: true }), lintGutter(), syntaxHighlighting(highlight),
    kind === "json" ? json() : [handlebars, autocompletion({ override: [templateCompletion(view)] }), templateHover(view)],
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
        // Megabytes: hand the text over without laying it out here.
        event.preventDefault();
        const { from, to } = v.state.selection.main;
        const doc = v.state.doc;
        onChange(doc.sliceString(0, from) + text + doc.sliceString(to));
        return true;
      },
    }),
  ];
}

const fromHost = Annotation.define();

/** A new editor in `parent`. */
export function create(parent, kind, label, text, onChange, pasteLimit) {
  const holder = {};
  const view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions: extensions(kind, label, onChange, pasteLimit, holder) }) });
  view.hookpadKind = kind;
  view.hookpadExt = (v) => extensions(kind, label, onChange, pasteLimit, v);
  view.hookpadStates = new Map();
  Object.defineProperty(holder, "hookpadScope", { get: () => view.hookpadScope });
  Object.defineProperty(holder, "hookpadInvalid", { get: () => view.hookpadInvalid });
  Object.defineProperty(holder, "hookpadLabel", { get: () => view.hookpadLabel });
  view.hookpadHolder = holder;
  return view;
}

/** Replaces the text (the page's state changed it: a sample, an undo, a share link). */
export function setText(view, text) {
  if (view.state.doc.length === text.length && view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: fromHost.of(true) });
}

/** Shows the document `key` (a template path), each with its own undo history. */
export function switchDoc(view, oldKey, key, text) {
  if (oldKey !== null && oldKey !== undefined) view.hookpadStates.set(oldKey, view.state);
  const saved = view.hookpadStates.get(key);
  if (saved && saved.doc.toString() === text) view.setState(saved);
  else view.setState(EditorState.create({ doc: text, extensions: view.hookpadExt(view.hookpadHolder) }));
  if (view.hookpadWrap) setWrap(view, true);
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
export function marks(view, json, length) {
  const doc = view.state.doc;
  if (doc.length !== length) return;
  const diagnostics = JSON.parse(json).map((d) => {
    const from = offset(doc, d.line, d.column);
    let to = offset(doc, d.endLine, d.endColumn);
    if (to < from) to = from;
    to = widen(doc, from, to);
    return { from, to, severity: d.severity, message: d.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** Selects a range (1-based lines, UTF-16 columns) and scrolls it into view. */
export function select(view, line, column, endLine, endColumn) {
  const doc = view.state.doc;
  const anchor = offset(doc, line, column);
  const head = widen(doc, anchor, Math.max(anchor, offset(doc, endLine, endColumn)));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true, effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
  view.focus();
}

/** The editor's accessible name, and whether its text holds an error (`aria-invalid`). */
export function setLabel(view, label, invalid) {
  view.hookpadLabel = label;
  view.hookpadInvalid = invalid;
  view.dispatch({ effects: labelling.reconfigure(labelAttrs(label, invalid)) });
}

export function setWrap(view, on) {
  view.hookpadWrap = on;
  view.dispatch({ effects: wrapping.reconfigure(on ? EditorView.lineWrapping : []) });
}

/** The data completion and hover read: the current event's fields plus formVariables. */
export function setScope(view, json) {
  try { view.hookpadScope = JSON.parse(json); } catch { view.hookpadScope = {}; }
}

export function destroy(view) {
  view.destroy();
}
