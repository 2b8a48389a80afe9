// Lesson logistic-regression: its controls and pictures.
export default {
  all_one: "all {{count}}",
  all_other: "all {{count}}",
  threshold: "Threshold",
  model: "logistic regression",
  sliderLabel: "Decision threshold",
  histogram: "Sigmoid output per class (validation rows)",
  decisions: "Decisions at the threshold (validation rows)",
  boundary: "Decision boundary over the training rows",
  loss: "Loss (binary cross-entropy)",
  lossChart: "Loss per epoch",
  crossEntropy: "cross-entropy",
  waiting: "Waiting for the first predictions…",
  corner: "true ↓ / predicted →",
  benign: "benign",
  malignant: "malignant",
  precision: "precision TP/(TP+FP)",
  recall: "recall TP/(TP+FN)",
  accuracy: "accuracy",
  shading: "Shading: p (blue benign … red malignant). Black line: p = threshold. Dots: training rows."
};
