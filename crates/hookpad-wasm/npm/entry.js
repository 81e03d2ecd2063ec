/* @ts-self-types="./hookpad.d.ts" */
// The `hookpad` package's ES module entry, for browsers, bundlers and Node's `import`. The wasm
// comes inlined (base64) and is instantiated synchronously when this module loads, so every setup
// works with a plain `import`: no loader, plugin, copied file or `await init()`.
import * as glue from "./hookpad_bg.js";
import base64 from "./hookpad_wasm.js";

function decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const instance = new WebAssembly.Instance(new WebAssembly.Module(decode(base64)), { "./hookpad_bg.js": glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

export { /* EXPORTS */ } from "./hookpad_bg.js";
