// nnplay's wasm build in Node: one preset timed over BATCHES batches after a warm-up, and the wasm GEMM
// peak at the MLP's main shape. Usage: node bench/wasm_node.mjs PRESET BATCHES [--dense-input].
// --dense-input standardises the pixels instead of rescaling them, so no input is mostly zeros and every
// product takes the dense GEMM: the step's share of the GEMM peak then measures the arithmetic done.
// Prints one JSON line.
import { loadModule, preset, feedMnist } from '../tests/wasm/module.mjs';

const name = process.argv[2] ?? 'mnist-mlp';
const BATCHES = Number(process.argv[3] ?? 300);
const denseInput = process.argv.includes('--dense-input');
const WARMUP = 20;
const m = await loadModule();
const spec = JSON.parse(preset(name));
if (denseInput) spec.preprocessing = 'standardize';
const session = new m.Session(JSON.stringify(spec));
feedMnist(session);
session.prepare(false);
session.train(WARMUP);
const t0 = performance.now();
session.train(BATCHES);
const seconds = (performance.now() - t0) / 1000;
const sps = (BATCHES * 64) / seconds;
// Dense-equivalent: the arithmetic of the step with every product dense, whatever the kernels skipped.
const stepGflops = (session.stepFlops(64) * BATCHES) / seconds / 1e9;
// The peak: the best of several rounds (the first ones can run before V8 has optimised the code).
const gemm = Math.max(...Array.from({ length: 5 }, () => m.gemmGflops(64, 784, 128, 300)));
session.delete();
console.log(JSON.stringify({
  preset: name, dense_input: denseInput, wasm_node_sps: sps, step_gflops: stepGflops, gemm_gflops: gemm,
  share_of_gemm_peak: stepGflops / gemm,
}));
