// Lesson 14: data augmentation. Two runs on the same digits, with and without the spec's augmentation
// section; both tested on plain, shifted and rotated test digits (the core augments a seeded copy of
// the test split), with their training time; a grid of augmented training digits; and a draw pad
// whose digit both models read side by side, centred like MNIST or kept where and as large as drawn.
import { RunSet } from './run-set.js';
import { ImageGrid } from './image-grid.js';
import { panel, dataTable } from './widgets.js';
import { paintImage } from '../shared/plot.js';
import { DigitPad, renderProbabilities } from '../ui/draw-digit.js';
import { el, num } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const SHOWN = 8;
const TEST_SEED = 7; // one seeded set of shifted (rotated) test digits for both models

export function knobs(p) {
  return [
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
    { key: 'pad', label: 'Drawn digits', options: [['centred', 'centred and scaled like MNIST'], ['as-drawn', 'kept as drawn']],
      default: 'centred', live: true, hint: 'MNIST centres and scales every digit; kept as drawn, an off-centre or small digit stays so' },
  ];
}

// The draw pad and what each model makes of its digit: every drawing goes to both models, and replies
// about an older drawing than the one shown are dropped.
function drawPanel(runs, centre) {
  const canvas = el('canvas', { class: 'digit-pad', width: '280', height: '280', 'data-testid': 'draw-canvas',
    'aria-label': 'Drawing area: draw a digit with the mouse or a finger' });
  const seen = el('canvas', { width: '28', height: '28', 'data-testid': 'draw-small' });
  const boxes = runs.map((r) => el('div', { class: 'probs', 'data-testid': 'digit-probabilities', 'data-label': r.label }));
  let latest = null, version = 0;
  const predict = async (image) => {
    latest = image;
    const mine = ++version;
    seen.dataset.version = String(mine);
    if (!image) {
      seen.getContext('2d').clearRect(0, 0, 28, 28);
      boxes.forEach((b) => renderProbabilities(b, null));
      return;
    }
    paintImage(seen, image, { w: 28, h: 28, scale: 255, gray: true });
    await Promise.all(runs.map(async (r, i) => {
      if (!r.live) return;
      try {
        const { output } = await r.request('predict', { input: image });
        if (mine !== version) return;
        renderProbabilities(boxes[i], Array.from(output));
        boxes[i].dataset.version = String(mine); // the drawing these probabilities are of
      } catch {
        // the lesson closed, or the run was reloaded: the next drawing asks again
      }
    }));
  };
  const pad = new DigitPad(canvas, { onImage: predict, centre });
  const element = el('div', { class: 'draw' },
    el('div', { class: 'draw-pad' }, canvas,
      el('div', { class: 'buttons' }, el('button', { type: 'button', 'data-testid': 'draw-clear', text: 'Clear', onclick: () => pad.clear() }))),
    el('div', { class: 'draw-side' },
      el('figure', { class: 'seen' }, seen, el('figcaption', { text: 'what the models see (28×28)' })),
      runs.map((r, i) => el('div', { class: 'draw-guess' }, el('h3', { text: r.label }), boxes[i]))));
  return { element, pad, again: () => predict(latest) };
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  const defs = [
    { label: 'without augmentation', spec: ctx.spec({ augmentation: undefined, 'train.epochs': v.epochs }), userData: data },
    { label: 'with augmentation', spec: ctx.spec({ 'train.epochs': v.epochs }), userData: data },
  ];
  const set = new RunSet(defs, { parallel: 2 });
  const tableBox = el('div');
  const grid = new ImageGrid({ n: SHOWN * 2, w: 28, h: 28, columns: SHOWN, cell: 56, testid: 'augmented-digits', gray: true,
    captions: (i) => (i < SHOWN ? 'original' : 'augmented') });
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset })),
    panel('Test accuracy on plain, shifted and rotated digits', tableBox),
    panel('Training digits and one augmented copy of each (what the augmented model sees)', grid.element),
  );
  const draw = drawPanel(set.runs, v.pad === 'centred');
  ctx.body.append(panel('Draw a digit: off-centre or small, then keep it as drawn', draw.element));
  await set.load();
  const scores = new Map(); // run -> {plain, shifted, rotated}
  const [, augmented] = set.runs;
  const [orig, aug] = await Promise.all([augmented.request('samples', { split: 'train', start: 0, count: SHOWN }),
    augmented.request('augmentedSamples', { split: 'train', augmentation: preset.augmentation, seed: 1, start: 0, count: SHOWN })]);
  const both = new Float32Array(SHOWN * 2 * 784);
  both.set(orig.x, 0);
  both.set(aug.x, SHOWN * 784);
  grid.paint(both, { offset: (i) => i * 784, scale: () => 255 });

  async function test(run) {
    const [plain, shifted, rotated] = await Promise.all([run.score('test'),
      run.request('scoreAugmented', { split: 'test', augmentation: preset.lesson.shifted, seed: TEST_SEED }),
      run.request('scoreAugmented', { split: 'test', augmentation: preset.lesson.rotated, seed: TEST_SEED })]);
    scores.set(run, { plain: plain.accuracy, shifted: shifted.values.accuracy, rotated: rotated.values.accuracy });
    render();
  }
  for (const r of set.runs) r.on('finished', () => {
    test(r);
    draw.again();
  });

  function render() {
    const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
    const rows = set.runs.map((r) => {
      const s = scores.get(r);
      const seconds = r.epochs.reduce((a, e) => a + e.seconds, 0);
      return { label: r.label, epochs: r.epochs.length, seconds, perEpoch: r.epochs.length ? seconds / r.epochs.length : null,
        plain: s?.plain ?? null, shifted: s?.shifted ?? null, rotated: s?.rotated ?? null, status: r.status };
    });
    tableBox.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.common.column.model') },
      { key: 'epochs', label: 'epochs', numeric: true },
      { key: 'seconds', label: t('lessons.common.column.seconds'), numeric: true, format: (x) => num(x, 2) },
      { key: 'perEpoch', label: 's per epoch', numeric: true, format: (x) => num(x, 3) },
      { key: 'plain', label: 'plain test digits', numeric: true, format: pct },
      { key: 'shifted', label: 'shifted (≤ 15%)', numeric: true, format: pct },
      { key: 'rotated', label: 'rotated (≤ ±22°)', numeric: true, format: pct },
      { key: 'status', label: t('lessons.common.column.status') },
    ], rows, { testid: 'augmentation-table', rowAttrs: (r) => ({ 'data-testid': 'augmentation-row', 'data-label': r.label }) }));
  }
  set.onChange(render);
  render();
  return {
    onKnob(key, value) {
      if (key === 'pad') draw.pad.setCentre(value === 'centred');
    },
    destroy: () => set.destroy(),
  };
}
