// Lesson mlp-weights: its controls and pictures.
export default {
  unit: 'unit {{i}}',
  shown: "Units shown",
  view: "Draw",
  weights: "the weights",
  change: "change since the start",
  grid: "First-layer weights of units 0–{{last}}",
  gridNote: "Red: positive, blue: negative; each image is scaled to its own largest value. “Change since the start” subtracts the random initial weights and leaves what training added.",
  dead: "Pixels that are never inked",
  accuracy: "Accuracy",
  accuracyChart: "Accuracy per epoch",
  deadPixels: "pixels never inked in the training digits",
  deadMove: "largest change of their weights",
  litMove: "mean change of the other weights",
  deadNote_one: "Of {{rows}} training digit. A weight on an always-0 pixel gets gradient 0, so it never moves.",
  deadNote_other: "Of {{rows}} training digits. A weight on an always-0 pixel gets gradient 0, so it never moves."
};
