// Lesson optimizers: its controls and pictures.
export default {
  pathAt_one: 'w = {{w}}, b = {{b}} after {{count}} step',
  pathAt_other: 'w = {{w}}, b = {{b}} after {{count}} steps',
  epochs: "Epochs (digits)",
  pathEpochs: "Epochs (paths)",
  digits: "1. Four optimizers on {{count}} digits",
  paths: "2. Their paths over a loss surface with two parameters (w, b)",
  contours: "Contours of the training MSE over (w, b); ● start at (0, 0), × the normal-equation minimum, coloured dots: where each optimizer is now.",
  lossChart: "Training loss per epoch",
  lossAxis: "cross-entropy (log)",
  accChart: "Validation accuracy per epoch",
  optimizer: "optimizer",
  steps: "steps so far",
  first: "first batch loss",
  loss: "training loss",
  mseChart: "Training MSE per epoch",
  mseAxis: "MSE (log)"
};
