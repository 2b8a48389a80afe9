// Lesson 13 (cross-validation): its module's strings; the lesson text is the preset's.
export default {
  folds: 'Folds (k)',
  foldCount_one: '{{count}} fold',
  foldCount_other: '{{count}} folds',
  strip: 'fold accuracies from {{lo}} to {{hi}}',
  train: 'Train the {{count}} folds',
  panel: { folds: 'Each fold, validated on the rows it did not train on', verdicts: 'The verdicts side by side' },
  column: { fold: 'fold', trainRows: 'training rows', valRows: 'validation rows', valLoss: 'validation loss' },
  pending: 'Train the folds to see their scores.',
  readout: { mean: 'mean validation accuracy', std: 'standard deviation', min: 'worst fold', max: 'best fold' },
  verdict: '{{k}}-fold estimate: {{mean}} ± {{std}}. A single split would have reported anything from {{lo}} to {{hi}}, {{gap}} points apart.',
};
