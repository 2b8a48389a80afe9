// Lesson 9 (initialization): its module's strings; the lesson text is the preset's.
export default {
  when: { label: 'Histograms at', start: 'the start', now: 'now' },
  panel: { hidden: 'Hidden-layer outputs for {{count}} training digits', learning: 'Learning' },
  column: { init: 'initialisation', layer: 'layer {{n}}', loss: 'training loss (last epoch)' },
  sd: 'sd {{value}}',
  zero: '{{pct}}% zero',
  range: '0 … {{hi}}',
  chart: { loss: 'Training loss', lossY: 'cross-entropy', acc: 'Validation accuracy', accY: 'accuracy' },
  outcome: { diverged: 'diverged', stuck: 'did not learn', learned: 'learned' },
};
