// What the lessons share: knobs, table columns, the run set's controls and status words.
export default {
  knob: {
    epochs: "Epochs",
    lr: "Learning rate",
    speed: "Speed",
    features: "Features",
    digits: "Training digits"
  },
  column: {
    status: "status",
    valAcc: "validation accuracy",
    seconds: "training time (s)",
    params: "parameters",
    outcome: "outcome",
    run: "run",
    model: "model"
  },
  run: {
    train: "Train",
    pause: "Pause",
    resume: "Resume",
    reset: "Reset",
    resetHint: "Fresh weights from the same seed",
    stepsPerSecond_one: "{{count}} step/s",
    stepsPerSecond_other: "{{count}} steps/s",
    fullSpeed: "full speed",
    status: {
      loading: "loading…",
      idle: "idle",
      training: "training",
      paused: "paused",
      finished: "finished",
      failed: "failed"
    }
  }
};
