// The lessons page's strings in en: the page itself (list, landing, headings), what the lessons share (run
// controls, widgets) and one file per lesson (its controls and pictures; in Chinese also its text, 'content').
import page from './lessons/page.js';
import common from './lessons/common.js';
import charts from './lessons/charts.js';
import linearRegression from './lessons/linear-regression.js';
import logisticRegression from './lessons/logistic-regression.js';
import mlpWeights from './lessons/mlp-weights.js';
import optimizers from './lessons/optimizers.js';
import overfitting from './lessons/overfitting.js';
import losses from './lessons/losses.js';
import standardization from './lessons/standardization.js';
import earlyStopping from './lessons/early-stopping.js';
import initialization from './lessons/initialization.js';
import search from './lessons/search.js';
import speed from './lessons/speed.js';
import cnn from './lessons/cnn.js';
import crossValidation from './lessons/cross-validation.js';
import augmentation from './lessons/augmentation.js';
import dataQuality from './lessons/data-quality.js';
import deployment from './lessons/deployment.js';

export default {
  page,
  common,
  charts,
  'linear-regression': linearRegression,
  'logistic-regression': logisticRegression,
  'mlp-weights': mlpWeights,
  'optimizers': optimizers,
  'overfitting': overfitting,
  'losses': losses,
  'standardization': standardization,
  'early-stopping': earlyStopping,
  'initialization': initialization,
  'search': search,
  'speed': speed,
  'cnn': cnn,
  'cross-validation': crossValidation,
  'augmentation': augmentation,
  'data-quality': dataQuality,
  'deployment': deployment,
};
