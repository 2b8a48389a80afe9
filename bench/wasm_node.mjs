// nnplay's wasm build in Node: one preset timed over BATCHES batches after a warm-up, and the wasm GEMM
// peak at the MLP's main shape. Usage: node bench/wasm_node.mjs PRESET BATCHES. Prints one JSON line.
import { loadModule, preset, feedMnist } from '../tests/wasm/module.mjs';

const name = process.argv[2] ?? 'mnist-mlp';
const BATCHES = Number(process.argv[3] ?? 300);
const WARMUP = 20;
const m = await loadModule();
const session = new m.Session(preset(name));
feedMnist(session);
session.prepare(false);
session.train(WARMUP);
const t0 = performance.now();
session.train(BATCHES);
const seconds = (performance.now() - t0) / 1000;
const sps = (BATCHES * 64) / seconds;
const stepGflops = (session.stepFlops(64) * BATCHES) / seconds / 1e9;
const gemm = m.gemmGflops(64, 784, 128, 200);
session.delete();
console.log(JSON.stringify({ preset: name, wasm_node_sps: sps, step_gflops: stepGflops, gemm_gflops: gemm, share_of_gemm_peak: stepGflops / gemm }));
