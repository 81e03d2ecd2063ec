// The simulation worker's entry point (started by boot.js, or by the page if boot.js could not),
// a module worker: it loads the page's own module, whose `main` (web/src/main.rs) sees no window
// and answers simulation jobs instead of starting the app. One module for page and worker: the
// browser downloads it once.
import init from "./hookpad-web.js";

init({ module_or_path: "./hookpad-web_bg.wasm" });
