// Lesson 10 (search): its module's strings; the lesson text is the preset's.
export default {
  validation: {
    label: 'Validation', split: 'one validation split', kfold: '{{k}}-fold cross-validation',
    hint: 'k-fold trains each cell k times, each validated on the fold it did not train on, and scores it by their mean',
  },
  evaluate: 'Evaluate the best on the test set',
  evaluateBest: 'Evaluate the best (lr {{lr}}, {{units}} units) on the test set',
  tested: 'Tested',
  runSearch: 'Run the search',
  workers: '{{count}} models, {{workers}} training at a time (navigator.hardwareConcurrency = {{cores}}).',
  workersFolds: '{{count}} models ({{k}} folds per cell), {{workers}} training at a time (navigator.hardwareConcurrency = {{cores}}).',
  panel: { grid: 'Validation accuracy over the grid', all: 'All models', test: 'The chosen model on the test set' },
  corner: 'units ↓ / learning rate →',
  column: {
    lr: 'learning rate', units: 'hidden units', valAcc: 'validation accuracy', valAccFolds: 'validation accuracy (mean of {{k}} folds)',
    valStd: 'its spread (std)', valLoss: 'validation loss', trainAcc: 'training accuracy',
  },
  readout: {
    chosen: 'chosen on validation', choice: 'lr {{lr}}, {{units}} units',
    valAcc: 'its validation accuracy', valAccFolds: 'its validation accuracy (the mean of its {{k}} fold models)',
    testAcc: 'its test accuracy', testAccFolds: 'its test accuracy (the mean of its {{k}} fold models)',
    testLoss: 'its test loss',
  },
  untested: "The other {{count}} cells' models were never evaluated on the test set.",
};
