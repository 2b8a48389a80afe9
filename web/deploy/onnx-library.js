// protobufjs and onnx.proto for the worker (both in vendor/), loaded the first time a model is exported to
// ONNX or imported from it.
let library = null; // Promise of {protobuf, proto}

export function onnxLibrary() {
  library ??= (async () => {
    await import('../vendor/protobuf.min.js'); // a UMD build: it sets globalThis.protobuf
    const response = await fetch(new URL('../vendor/onnx.proto', import.meta.url));
    if (!response.ok) throw new Error(`ONNX: could not load onnx.proto (HTTP ${response.status})`);
    return { protobuf: globalThis.protobuf, proto: await response.text() };
  })();
  library.catch(() => (library = null)); // a failed download may be tried again
  return library;
}
