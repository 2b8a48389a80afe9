// Lesson 15 (data-quality): its module's strings; the lesson text is the preset's.
export default {
  knob: {
    noise: 'Noise share shown', noiseHint: 'The share of flipped training labels read out below the curve',
    flipped: '{{share}} flipped', missing: 'Values removed', ratio: 'Class skew',
  },
  curve: { label: 'test accuracy against the share of flipped training labels', x: 'share of training labels flipped', y: 'test accuracy' },
  run: {
    clean: 'clean data', noisy: '{{share}} of labels flipped', dropped: '{{share}} removed, rows dropped',
    imputed: '{{share}} removed, imputed', skewed: 'skewed {{ratio}} : 1', allValues: 'all values', collected: 'as collected',
  },
  trainAll: 'Train all {{count}}',
  panel: {
    noise: '1. Noisy labels: test accuracy against the share flipped', noisy: 'The noisy runs',
    missing: '2. Missing values: {{share}} of the training values removed',
    skew: '3. Class skew: malignant made {{ratio}} times rarer than benign',
  },
  readout: {
    clean: 'test accuracy, clean labels', noisy: 'test accuracy, {{share}} flipped',
    dropping: 'training rows left by dropping', imputing: 'training rows kept by imputing',
  },
  column: {
    share: 'labels flipped', flipped: 'rows flipped', trainAcc: 'training accuracy', testAcc: 'test accuracy',
    data: 'training data', trainRows: 'training rows', removed: 'values removed', dropped: 'rows dropped', filled: 'values imputed',
    skewData: 'data', testRows: 'test rows (benign : malignant)', accuracy: 'accuracy', balanced: 'balanced accuracy',
    baseline: 'always "benign"', recall: 'malignant recall', precision: 'malignant precision', f1: 'malignant F1',
    class: 'class (skewed {{ratio}} : 1)', support: 'test rows', predicted: 'predicted', classPrecision: 'precision',
    classRecall: 'recall', classF1: 'F1',
  },
  benign: 'benign (0)',
  malignant: 'malignant (1)',
  skewPending: 'Train to see the per-class scores of the skewed data.',
  skewVerdict: 'On the skewed test set, always answering "benign" scores {{baseline}}. The model\'s {{accuracy}} accuracy hides a malignant recall of {{recall}}; the balanced accuracy, the mean of the two recalls, is {{balanced}}.',
};
