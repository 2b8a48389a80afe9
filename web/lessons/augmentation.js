// Lesson 14: data augmentation. Two runs on the same digits, with and without the spec's augmentation
// section; both tested on plain, shifted and rotated test digits (the core augments a seeded copy of
// the test split), with their training time; a grid of augmented training digits; and a draw pad
// whose digit both models read side by side, centred like MNIST or kept where and as large as drawn.
import { RunSet, statusWord } from './run-set.js';
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
    { key: 'pad', label: t('lessons.augmentation.pad.label'), options: [['centred', t('lessons.augmentation.pad.centred')], ['as-drawn', t('lessons.augmentation.pad.asDrawn')]],
      default: 'centred', live: true, hint: t('lessons.augmentation.pad.hint') },
  ];
}

// The draw pad and what each model makes of its digit: every drawing goes to both models, and replies
// about an older drawing than the one shown are dropped.
function drawPanel(runs, centre) {
  const canvas = el('canvas', { class: 'digit-pad', width: '280', height: '280', 'data-testid': 'draw-canvas',
    'aria-label': t('lessons.augmentation.drawArea') });
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
      el('div', { class: 'buttons' }, el('button', { type: 'button', 'data-testid': 'draw-clear', text: t('lessons.augmentation.clear'), onclick: () => pad.clear() }))),
    el('div', { class: 'draw-side' },
      el('figure', { class: 'seen' }, seen, el('figcaption', { text: t('lessons.augmentation.seen') })),
      runs.map((r, i) => el('div', { class: 'draw-guess' }, el('h3', { text: r.displayLabel }), boxes[i]))));
  return { element, pad, again: () => predict(latest) };
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const data = await ctx.mnist({ train: preset.data.train_limit, test: 2000 });
  const defs = [
    { label: 'without augmentation', spec: ctx.spec({ augmentation: undefined, 'train.epochs': v.epochs }), userData: data },
    { label: 'with augmentation', spec: ctx.spec({ 'train.epochs': v.epochs }), userData: data },
  ];
  const set = new RunSet(defs, { parallel: 2, lesson: ctx.id });
  const tableBox = el('div');
  const grid = new ImageGrid({ n: SHOWN * 2, w: 28, h: 28, columns: SHOWN, cell: 56, testid: 'augmented-digits', gray: true,
    captions: (i) => (i < SHOWN ? t('lessons.augmentation.caption.original') : t('lessons.augmentation.caption.augmented')) });
  ctx.body.append(
    panel(null, set.controls({ onReset: ctx.reset })),
    panel(t('lessons.augmentation.panel.accuracy'), tableBox),
    panel(t('lessons.augmentation.panel.digits'), grid.element),
  );
  const draw = drawPanel(set.runs, v.pad === 'centred');
  ctx.body.append(panel(t('lessons.augmentation.panel.draw'), draw.element));
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
      return { label: r.label, name: r.displayLabel, epochs: r.epochs.length, seconds, perEpoch: r.epochs.length ? seconds / r.epochs.length : null,
        plain: s?.plain ?? null, shifted: s?.shifted ?? null, rotated: s?.rotated ?? null, status: statusWord(r.status) };
    });
    tableBox.replaceChildren(dataTable([
      { key: 'name', label: t('lessons.common.column.model') },
      { key: 'epochs', label: t('lessons.augmentation.column.epochs'), numeric: true },
      { key: 'seconds', label: t('lessons.common.column.seconds'), numeric: true, format: (x) => num(x, 2) },
      { key: 'perEpoch', label: t('lessons.augmentation.column.perEpoch'), numeric: true, format: (x) => num(x, 3) },
      { key: 'plain', label: t('lessons.augmentation.column.plain'), numeric: true, format: pct },
      { key: 'shifted', label: t('lessons.augmentation.column.shifted'), numeric: true, format: pct },
      { key: 'rotated', label: t('lessons.augmentation.column.rotated'), numeric: true, format: pct },
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
