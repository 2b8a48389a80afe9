// Lesson 6 (losses): its charts, the gradient picture and the table of confidently wrong rows.
export default {
  zAxis: 'z = w·x + b (true class y = 1)',
  bothRuns: 'Both runs on one chart',
  why: 'Why: the gradient at the sigmoid’s input',
  whyNote: 'Blue: cross-entropy, 1 − p. Orange: squared error, 2 (1 − p)² p. For confidently wrong outputs (z far below 0) only cross-entropy still pushes.',
  wrongPanel: 'Confidently wrong training rows (p < 0.05 for a malignant, p > 0.95 for a benign tumour)',
  relativeTitle: 'Training loss ÷ its first-epoch value',
  relativeAxis: 'relative loss',
  accTitle: 'Validation accuracy',
  accAxis: 'accuracy',
  lossColumn: 'loss',
  atStart: 'at the start',
  afterTraining: 'after training',
  relativeColumn: 'loss ÷ first epoch',
  ofRows_one: 'Of {{count}} training row.',
  ofRows_other: 'Of {{count}} training rows.',
};
