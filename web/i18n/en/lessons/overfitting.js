// Lesson 5 (overfitting): its panels, chart, table and histograms.
export default {
  curves: 'Training (blue) and validation (orange) loss, one run per chart',
  curvesNote: 'Training curves are measured while training (dropout on); the table below evaluates afterwards with dropout off.',
  gapPanel: 'The gap after training',
  weightsPanel: 'First-layer weights (histogram; share with |w| < {{small}})',
  crossEntropy: 'cross-entropy',
  smallShare: '{{share}}% with |w| < {{small}}',
  trainAcc: 'train accuracy',
  valAcc: 'validation accuracy',
  accGap: 'accuracy gap',
  trainLoss: 'train loss',
  valLoss: 'validation loss',
  lossGap: 'loss gap',
  wAtStart: 'w (at the start)',
};
