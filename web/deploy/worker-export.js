// The worker's export command: the core builds the ONNX or TF.js model, and ONNX's JSON becomes the binary
// here with protobufjs and onnx.proto.
import { encodeOnnx } from './onnx-encode.js';
import { onnxLibrary } from './onnx-library.js';

// {exportFormat({format, name})}: posts 'exportedFormat' with [{name, bytes}], the files to save.
export function exportHandlers(session, post) {
  return {
    async exportFormat({ format, name }) {
      if (format === 'onnx') {
        const text = session().exportOnnx(); // refusals come from the core, before the schema is loaded
        const { protobuf, proto } = await onnxLibrary();
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
