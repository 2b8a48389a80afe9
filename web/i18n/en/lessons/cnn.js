// Lesson 12 (cnn): its module's strings; the lesson text is the preset's.
export default {
  digit: 'Digit',
  mapCaption: 'filter {{i}}',
  panel: {
    filters: "The first layer's {{count}} filters ({{k}}×{{k}}; red +, blue −)",
    maps: 'Feature maps for one digit (pick it):',
    accuracy: 'Accuracy',
  },
  pick: 'test digit {{i}}: a {{label}}',
  chart: { title: 'Accuracy per epoch', y: 'accuracy' },
  readout: { batches: 'batches trained', change: 'mean change of the filter weights' },
};
