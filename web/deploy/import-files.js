// The playground's import control, for picked or dropped files: an .nnp file is imported as it is; an .onnx
// file, or a TF.js model.json with its weights files, goes to the worker first, whose core reads it into .nnp
// bytes, imported the same way (so a restart after a crash has them too).
import { checkSize } from '../ui/user-data.js';

// worker: the session's WorkerClient; importNnp(bytes, name): the page's import of model-file bytes.
export async function importModelFiles(worker, fileList, importNnp) {
  const files = [...fileList];
  files.forEach(checkSize);
  const nnp = files.find((f) => f.name.toLowerCase().endsWith('.nnp'));
  if (nnp) return importNnp(await nnp.arrayBuffer(), nnp.name);
  const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  const { bytes, name } = await worker.request('convertModel', { files: read }, read.map((f) => f.bytes));
  return importNnp(bytes.buffer, name);
}
