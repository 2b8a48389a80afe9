// The worker's export command: the core builds the ONNX or TF.js model, and ONNX's JSON becomes the binary
// here with protobufjs and onnx.proto (both in vendor/, loaded the first time someone exports).
import { encodeOnnx } from './onnx-encode.js';

let schema = null; // Promise of {protobuf, proto}

function onnxSchema() {
  schema ??= (async () => {
    await import('../vendor/protobuf.min.js'); // a UMD build: it sets globalThis.protobuf
    const response = await fetch(new URL('../vendor/onnx.proto', import.meta.url));
    if (!response.ok) throw new Error(`ONNX export: could not load onnx.proto (HTTP ${response.status})`);
    return { protobuf: globalThis.protobuf, proto: await response.text() };
  })();
  schema.catch(() => (schema = null)); // a failed download may be tried again
  return schema;
}

// {exportFormat({format, name})}: posts 'exportedFormat' with [{name, bytes}], the files to save.
export function exportHandlers(session, post) {
  return {
    async exportFormat({ format, name }) {
      if (format === 'onnx') {
        const text = session().exportOnnx(); // refusals come from the core, before the schema is loaded
        const { protobuf, proto } = await onnxSchema();
        const bytes = encodeOnnx(protobuf, proto, text);
        post('exportedFormat', { format, files: [{ name: `${name}.onnx`, bytes }] }, [bytes.buffer]);
      } else if (format === 'tfjs') {
        const { model, weights } = session().exportTfjs();
        const json = new TextEncoder().encode(model);
        post('exportedFormat', { format, files: [{ name: 'model.json', bytes: json }, { name: 'model.weights.bin', bytes: weights }] },
          [json.buffer, weights.buffer]);
      } else {
        throw new Error(`export: '${format}' is not one of onnx, tfjs`);
      }
    },
  };
}
