// The core writes an ONNX model as a ModelProto in protobuf's canonical JSON mapping; protobufjs turns it
// into the binary with ONNX's own schema (onnx.proto, the file Debian's libonnx-dev ships, which the CLI's
// libprotobuf uses too). Used by the page and by the Node tests, so both run the same encoder.

let cached = null;

// protobuf: the protobufjs namespace; protoText: onnx.proto's text. Returns the ModelProto type.
export function onnxSchema(protobuf, protoText) {
  if (cached?.text !== protoText) {
    const { root } = protobuf.parse(protoText, { keepCase: false });
    cached = { text: protoText, type: root.lookupType('onnx.ModelProto') };
  }
  return cached.type;
}

// modelJson: the core's text (or parsed object) -> Uint8Array of the .onnx file.
export function encodeOnnx(protobuf, protoText, modelJson) {
  const type = onnxSchema(protobuf, protoText);
  const object = typeof modelJson === 'string' ? JSON.parse(modelJson) : modelJson;
  // fromObject takes int64 as strings and enums by name, as the canonical mapping writes them (verify() would
  // not); unknown fields are the CLI's test to catch, where libprotobuf's parser refuses them.
  return type.encode(type.fromObject(object)).finish();
}

// The other way, for importing: a .onnx file's bytes -> the same canonical JSON object (bytes as base64).
export function decodeOnnx(protobuf, protoText, bytes) {
  const type = onnxSchema(protobuf, protoText);
  let message;
  try {
    message = type.decode(bytes);
  } catch (err) {
    throw new Error(`not an ONNX file (${err.message})`);
  }
  return type.toObject(message, { longs: String, enums: String, bytes: String, defaults: false, arrays: false });
}
