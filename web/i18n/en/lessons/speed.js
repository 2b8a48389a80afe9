// Lesson 11 (speed): its module's strings; the lesson text is the preset's.
export default {
  trainAll: 'Train all, one after another',
  panel: { plots: 'Test accuracy against cost (green dashes and outlined dots: the Pareto front)', models: 'The models' },
  epoch: 'epoch {{n}}',
  axis: { accuracy: 'test accuracy', time: 'training time (s, log scale)', params: 'parameters (log scale)' },
  pending: 'The plots fill in as the models finish.',
  column: { accuracy: 'test accuracy', threads: 'threads', front: 'Pareto front' },
  yes: 'yes',
  no: 'no',
};
