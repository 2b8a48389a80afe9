// nnplay's wasm build in Node: the seeds' MLP, timed over BATCHES batches after a warm-up, and the
// wasm GEMM peak at the MLP's main shape. Prints one JSON line.
import { loadModule, preset, feedMnist } from '../tests/wasm/module.mjs';

const BATCHES = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const m = await loadModule();
const session = new m.Session(preset('mnist-mlp'));
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
console.log(JSON.stringify({ wasm_node_sps: sps, step_gflops: stepGflops, gemm_gflops: gemm, share_of_gemm_peak: stepGflops / gemm }));
