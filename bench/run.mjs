// npm run bench: the seeds' MNIST MLP natively (portable and -march=native), in wasm under Node, and in
// headless Chromium through the page's worker, next to TensorFlow.js on the same data in the same run.
// Prints a table, then one JSON line.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const batches = process.argv[2] ?? '300';
const lastJson = (out) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop());
const run = (cmd, args) => lastJson(execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }).toString());

console.error('native (portable, bit-identical to wasm)…');
const portable = run(path.join(root, 'build/native/nnplay_bench'), ['3', 'native-portable']);
console.error('native (-march=native)…');
const fast = run(path.join(root, 'build/native-fast/nnplay_bench'), ['3', 'native-march']);
console.error('wasm in Node…');
const node = run('node', ['bench/wasm_node.mjs', batches]);
console.error('Chromium: nnplay worker and TensorFlow.js (wasm backend, SIMD)…');
const chromium = run('node', ['bench/browser.mjs', '--batches', batches, '--tfjs', 'wasm']);

const rows = [
  ['native -march=native', fast.samples_per_second, `${fast.mlp_epoch_seconds.toFixed(2)} s/epoch, ${(100 * fast.share_of_gemm_peak).toFixed(0)}% of GEMM peak`],
  ['native portable -O3', portable.samples_per_second, `${portable.mlp_epoch_seconds.toFixed(2)} s/epoch, ${(100 * portable.share_of_gemm_peak).toFixed(0)}% of GEMM peak`],
  ['wasm SIMD, Node', node.wasm_node_sps, `${(100 * node.share_of_gemm_peak).toFixed(0)}% of wasm GEMM peak (${node.gemm_gflops.toFixed(1)} GFLOP/s)`],
  ['wasm SIMD, Chromium worker', chromium.nnplay_wasm_chromium_sps, 'the page\'s own path'],
  ['TensorFlow.js 4.22 wasm, Chromium', chromium.tfjs_wasm_chromium_sps, 'same model, data, batch 64'],
];
console.log('\nseeds\' MNIST MLP (784-128-10, dropout 0.2, Adam), batch 64, training samples/s');
for (const [name, sps, note] of rows) console.log(`${name.padEnd(36)} ${sps.toFixed(0).padStart(8)}  ${note}`);
const ratio = chromium.nnplay_wasm_chromium_sps / chromium.tfjs_wasm_chromium_sps;
console.log(`nnplay / TensorFlow.js in Chromium: ${ratio.toFixed(1)}x`);
console.log(JSON.stringify({
  mlp: {
    native_sps: fast.samples_per_second, native_portable_sps: portable.samples_per_second,
    native_epoch_seconds: fast.mlp_epoch_seconds, wasm_node_sps: node.wasm_node_sps,
    wasm_chromium_sps: chromium.nnplay_wasm_chromium_sps, tfjs_wasm_chromium_sps: chromium.tfjs_wasm_chromium_sps, ratio,
    wasm_step_share_of_gemm_peak: node.share_of_gemm_peak,
  },
  gemm: { native_gflops: fast.gemm_gflops, native_portable_gflops: portable.gemm_gflops, wasm_gflops: node.gemm_gflops },
}));
