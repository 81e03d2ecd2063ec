// The one module the Rust side imports (web/src/editor.rs). wasm-bindgen copies this file to
// dist/snippets/hookpad-web-<hash>/editor/binding.js; the CodeMirror bundle that
// web/editor/build.mjs makes is copied by trunk to dist/editor.js, three folders up (relative,
// so dist/ still works from any sub-folder). The simulation worker runs the same module and has
// no document and no editor: it does not load the bundle.
const editor = typeof document === "undefined" ? null : await import("../../../editor.js");
// WebAssembly imports must be functions, also where they are never called.
const absent = () => {
  throw new Error("the simulation worker has no code editor");
};
export const create = editor?.create ?? absent;
export const setText = editor?.setText ?? absent;
export const switchDoc = editor?.switchDoc ?? absent;
export const marks = editor?.marks ?? absent;
export const select = editor?.select ?? absent;
export const setWrap = editor?.setWrap ?? absent;
export const setLabel = editor?.setLabel ?? absent;
export const setScope = editor?.setScope ?? absent;
export const destroy = editor?.destroy ?? absent;
export const buildDeferred = editor?.buildDeferred ?? absent;
