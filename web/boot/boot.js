// Starts the simulation worker as soon as the page is parsed, while the page's own module loads:
// the worker's WebAssembly takes longer to load than the page's first render, and the first result
// waits for it. The page takes the worker over once (`take`, web/src/hooks/worker.rs); the messages
// the worker sent before then are handed to the page's handler right after.
(() => {
  let worker;
  try {
    worker = new Worker("./hookpad-worker_loader.js", { type: "module" });
  } catch {
    return; // The page starts its own.
  }
  const early = [];
  worker.onmessage = (event) => early.push(event.data);
  window.hookpadStartedWorker = {
    take(onMessage) {
      delete window.hookpadStartedWorker;
      worker.onmessage = onMessage;
      const kept = early.splice(0);
      if (kept.length) queueMicrotask(() => kept.forEach((data) => onMessage(new MessageEvent("message", { data }))));
      return worker;
    },
  };
})();
