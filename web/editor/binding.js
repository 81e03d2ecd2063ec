// The one module the Rust side imports (web/src/editor.rs). wasm-bindgen copies this file to
// dist/snippets/hookpad-web-<hash>/editor/binding.js; the CodeMirror bundle that
// web/editor/build.mjs makes is copied by trunk to dist/editor.js, three folders up (relative,
// so dist/ still works from any sub-folder).
export { create, setText, switchDoc, marks, select, setWrap, setLabel, setScope, destroy, buildDeferred } from "../../../editor.js";
