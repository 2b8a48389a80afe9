// The lessons, in teaching order: each is a preset (its "lesson" object holds the text) and a
// module that draws what the lesson is about.
export const LESSONS = [
  { id: 'linear-regression', preset: 'lessons/linear-regression.json', module: './linear-regression.js' },
  { id: 'logistic-regression', preset: 'lessons/logistic-regression.json', module: './logistic-regression.js' },
  { id: 'mlp-weights', preset: 'lessons/mlp-weights.json', module: './mlp-weights.js' },
  { id: 'optimizers', preset: 'lessons/optimizers.json', module: './optimizers.js' },
  { id: 'overfitting', preset: 'lessons/overfitting.json', module: './overfitting.js' },
  { id: 'losses', preset: 'lessons/losses.json', module: './losses.js' },
  { id: 'standardization', preset: 'lessons/standardization.json', module: './standardization.js' },
  { id: 'early-stopping', preset: 'lessons/early-stopping.json', module: './early-stopping.js' },
  { id: 'initialization', preset: 'lessons/initialization.json', module: './initialization.js' },
  { id: 'search', preset: 'lessons/search.json', module: './search.js' },
  { id: 'speed', preset: 'lessons/speed.json', module: './speed.js' },
  { id: 'cnn', preset: 'lessons/cnn.json', module: './cnn.js' },
  { id: 'cross-validation', preset: 'lessons/cross-validation.json', module: './cross-validation.js' },
  { id: 'augmentation', preset: 'lessons/augmentation.json', module: './augmentation.js' },
  { id: 'data-quality', preset: 'lessons/data-quality.json', module: './data-quality.js' },
  { id: 'deployment', preset: 'lessons/deployment.json', module: './deployment.js' },
];
