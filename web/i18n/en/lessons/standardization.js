// Lesson 7 (standardisation): its chart and table.
export default {
  perEpoch: 'Training MSE per epoch',
  after: 'After training',
  chartTitle: 'Training MSE (log scale)',
  epochsTrained: 'epochs trained',
  lastMse: 'training MSE (last epoch)',
  diverged: 'diverged',
};
