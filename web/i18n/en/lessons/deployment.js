// Lesson 16 (deployment): its module's strings; the lesson text is the preset's.
export default {
  trainAll: 'Train both, then measure all three',
  panel: {
    plots: 'Test accuracy against latency and against file size (green dashes and outlined dots: the Pareto fronts)',
    models: 'The models, as deployed',
  },
  int8: '{{label}} → int8',
  axis: { latency: 'latency per sample at batch 1, median (ms, log scale)', size: 'file size (bytes, log scale)' },
  column: {
    size: '.nnp size',
    latency: 'latency (ms, median)',
    p95: 'latency (ms, p95)',
    throughput: 'samples/s at batch 256',
    frontLatency: 'front: latency',
    frontSize: 'front: size',
  },
  pending: 'The plots fill in once the models have trained and been measured.',
  measuring: 'Measuring each model in its worker…',
  failed: 'Measuring failed: {{message}}',
};
