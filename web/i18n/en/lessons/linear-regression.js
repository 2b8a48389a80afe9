// Lesson linear-regression: its controls and pictures.
export default {
  mseChart: 'MSE per epoch',
  mseAxis: 'MSE (log)',
  bias: 'bias',
  gdTrain: 'GD train MSE',
  neTrain: 'normal eq. train MSE',
  gdTest: 'GD test MSE',
  neTest: 'normal eq. test MSE',
  epochs: "Epochs (steps)",
  gd: "gradient descent",
  ne: "normal equations",
  solve: "Solve the normal equations",
  noteOne: "The blue line is the model now; the dashed orange line is the normal-equation solution (after you press the button).",
  noteAll: "Blue bars: the weights gradient descent has now; orange ticks: the normal-equation weights.",
  fit: "The fit: {{feature}} → MEDV (training rows)",
  predicted: "Predicted vs actual (training rows)",
  loss: "Training loss (MSE)",
  weights: "Weights (standardised units): gradient descent vs normal equations",
  plotLabel: "training data and the model",
  feature: "feature",
  diff: "difference"
};
