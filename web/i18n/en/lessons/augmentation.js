// Lesson 14 (augmentation): its module's strings; the lesson text is the preset's.
export default {
  pad: {
    label: 'Drawn digits', centred: 'centred and scaled like MNIST', asDrawn: 'kept as drawn',
    hint: 'MNIST centres and scales every digit; kept as drawn, an off-centre or small digit stays so',
  },
  drawArea: 'Drawing area: draw a digit with the mouse or a finger',
  clear: 'Clear',
  seen: 'what the models see (28×28)',
  caption: { original: 'original', augmented: 'augmented' },
  panel: {
    accuracy: 'Test accuracy on plain, shifted and rotated digits',
    digits: 'Training digits and one augmented copy of each (what the augmented model sees)',
    draw: 'Draw a digit: off-centre or small, then keep it as drawn',
  },
  column: {
    epochs: 'epochs', perEpoch: 's per epoch', plain: 'plain test digits', shifted: 'shifted (≤ 15%)', rotated: 'rotated (≤ ±22°)',
  },
};
