// The worker's import of models made elsewhere: an .onnx file (decoded by protobufjs with onnx.proto, the
// schema export encodes with) or a TF.js model.json with the weights files it names. The core reads either
// into .nnp bytes, which the page then imports as it imports any model file.
import { decodeOnnx } from './onnx-encode.js';
import { onnxLibrary } from './onnx-library.js';

// A TF.js model: model.json's text and its weights files, in the manifest's order, from the files chosen.
function tfjsParts(json, files) {
  const text = new TextDecoder().decode(json.bytes);
  let model;
  try {
    model = JSON.parse(text);
  } catch (e) {
    throw new Error(`${json.name}: not JSON (${e.message})`);
  }
  const parts = [];
  for (const group of Array.isArray(model?.weightsManifest) ? model.weightsManifest : []) {
    for (const path of Array.isArray(group?.paths) ? group.paths : []) {
      const base = String(path).split('/').pop();
      const file = files.find((f) => f.name === base);
      if (!file) throw new Error(`${json.name} names the weights file '${base}': choose it together with ${json.name}`);
      parts.push(new Uint8Array(file.bytes));
    }
  }
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (weights.set(p, at), at + p.byteLength), 0);
  return { text, weights };
}

// {convertModel({id, files: [{name, bytes}]})}: answers 'convertedModel' with {name, bytes} of the .nnp file.
export function importHandlers(wasm, post) {
  return {
    async convertModel({ id, files }) {
      const onnx = files.find((f) => f.name.toLowerCase().endsWith('.onnx'));
      const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
      let bytes, name;
      if (onnx) {
        const { protobuf, proto } = await onnxLibrary();
        const model = decodeOnnx(protobuf, proto, new Uint8Array(onnx.bytes));
        name = onnx.name;
        bytes = wasm().importOnnx(JSON.stringify(model), name);
      } else if (json) {
        const { text, weights } = tfjsParts(json, files);
        name = json.name;
        bytes = wasm().importTfjs(text, weights, name);
      } else {
        throw new Error(`${files.map((f) => f.name).join(', ')}: not a model this page imports (.nnp, .onnx, or a TF.js model.json with its .bin files)`);
      }
      post('convertedModel', { id, name, bytes }, [bytes.buffer]);
    },
  };
}
