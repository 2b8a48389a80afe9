// Lesson 15: data quality. One small network on the breast-cancer table, trained on clean data and on
// data the core corrupts with a seed (the spec's data.corruption): flipped training labels at several
// shares (test accuracy against the share), removed values dropped or imputed, and a skewed class
// balance scored by the core's per-class report and balanced accuracy.
import { RunSet } from './run-set.js';
import { panel, dataTable, readouts } from './widgets.js';
import { Plot, PALETTE } from '../shared/plot.js';
import { el, int } from '../ui/format.js';
import { t } from '../shared/i18n.js';

const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(1)}%`);
const share = (s) => `${Math.round(Number(s) * 100)}%`;
const MISSING = ['0.01', '0.02', '0.05', '0.1'];
const RATIOS = ['3', '9', '19'];

export function knobs(p) {
  return [
    { key: 'noise', label: 'Noise share shown', options: p.lesson.noise_shares.filter((s) => s > 0).map((s) => [String(s), `${share(s)} flipped`]),
      default: String(p.lesson.noise_shares.at(-1)), live: true, hint: 'The share of flipped training labels read out below the curve' },
    { key: 'missing', label: 'Values removed', options: MISSING.map((s) => [s, share(s)]), default: '0.05' },
    { key: 'ratio', label: 'Class skew', options: RATIOS.map((r) => [r, `${r} : 1`]), default: '9' },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
  ];
}

// Test accuracy against the share of flipped labels, the chosen share marked.
function noiseCurve(points, chosen) {
  const p = new Plot({ width: 420, height: 260, testid: 'noise-curve', label: 'test accuracy against the share of flipped training labels' });
  const done = points.filter((q) => q.accuracy != null);
  const xs = points.map((q) => q.share);
  const lo = Math.max(0, Math.min(0.5, ...done.map((q) => q.accuracy)) - 0.05);
  p.clear().domain({ x: [0, Math.max(...xs) + 0.02], y: [lo, 1] }).axes({ xLabel: 'share of training labels flipped', yLabel: 'test accuracy' });
  p.line(done.map((q) => q.share), done.map((q) => q.accuracy), { color: PALETTE.train });
  for (const q of done) p.points([q.share], [q.accuracy], { color: q.share === chosen ? PALETTE.validation : PALETTE.train, r: q.share === chosen ? 6 : 4, alpha: 1 });
  p.canvas.dataset.points = JSON.stringify(done.map(({ share: s, accuracy }) => ({ share: s, accuracy })));
  return p.canvas;
}

export async function mount(ctx) {
  const { values: v, preset } = ctx;
  const spec = (corruption, extra = {}) => ctx.spec({ 'data.corruption': corruption, 'train.epochs': v.epochs, ...extra });
  const shares = preset.lesson.noise_shares;
  const missing = Number(v.missing), ratio = Number(v.ratio);
  // The clean run (0% noise) is every part's baseline.
  const noiseDefs = shares.map((s) => ({ label: s ? `${share(s)} of labels flipped` : 'clean data', part: 'noise', share: s,
    spec: spec(s ? { label_noise: s } : undefined) }));
  const missingDefs = ['drop', 'impute'].map((policy) => ({ label: `${share(missing)} removed, ${policy === 'drop' ? 'rows dropped' : 'imputed'}`,
    part: 'missing', policy, spec: spec({ missing_values: missing }, { 'data.missing': policy }) }));
  const skewDef = { label: `skewed ${ratio} : 1`, part: 'skew', spec: spec({ class_skew: { class: 1, ratio } }) };
  const defs = [...noiseDefs, ...missingDefs, skewDef];
  const set = new RunSet(defs, { parallel: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4)) });
  const def = new Map(set.runs.map((r, i) => [r, defs[i]]));
  const [clean] = set.runs;
  const of = (part) => set.runs.filter((r) => def.get(r).part === part);

  const noiseBox = el('div'), noiseNumbers = el('div'), noiseTable = el('div');
  const missingTable = el('div'), missingNumbers = el('div');
  const skewTable = el('div'), classTable = el('div'), skewNote = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: `Train all ${defs.length}`, onReset: ctx.reset })),
    el('div', { class: 'row' },
      panel('1. Noisy labels: test accuracy against the share flipped', noiseBox, noiseNumbers),
      panel('The noisy runs', noiseTable)),
    panel(`2. Missing values: ${share(missing)} of the training values removed`, missingTable, missingNumbers),
    panel(`3. Class skew: malignant made ${ratio} times rarer than benign`, skewTable, skewNote, classTable),
  );
  await set.load();

  const test = (r) => r.finished?.test?.accuracy ?? null;
  const report = (r) => r.finished?.report?.classification ?? null;

  function renderNoise() {
    const chosen = Number(v.noise);
    const runs = of('noise');
    const points = runs.map((r) => ({ share: def.get(r).share, accuracy: test(r) }));
    noiseBox.replaceChildren(noiseCurve(points, chosen));
    const at = runs.find((r) => def.get(r).share === chosen);
    noiseNumbers.replaceChildren(readouts([
      ['clean-accuracy', 'test accuracy, clean labels', test(clean) ?? '–'],
      ['noisy-accuracy', `test accuracy, ${share(chosen)} flipped`, test(at) ?? '–'],
    ]));
    noiseTable.replaceChildren(dataTable([
      { key: 'share', label: 'labels flipped', numeric: true, format: pct },
      { key: 'flipped', label: 'rows flipped', numeric: true, format: (x) => (x == null ? '–' : int(x)) },
      { key: 'trainAcc', label: 'training accuracy', numeric: true, format: pct },
      { key: 'testAcc', label: 'test accuracy', numeric: true, format: pct },
      { key: 'status', label: t('lessons.common.column.status') },
    ], runs.map((r) => ({ share: def.get(r).share, flipped: r.info?.corruption?.label_noise?.flipped ?? (def.get(r).share ? null : 0),
      trainAcc: r.ended ? r.last?.accuracy ?? null : null, testAcc: test(r), status: r.status })),
    { testid: 'noise-table', rowAttrs: (row) => ({ 'data-testid': 'noise-row', class: row.share === chosen ? 'best' : null }) }));
  }

  function renderMissing() {
    const rows = [clean, ...of('missing')].map((r) => {
      const m = r.info?.corruption?.missing_values;
      return { label: r === clean ? 'all values' : r.label, policy: def.get(r).policy ?? 'none', trainRows: r.info?.train_rows ?? null,
        removed: m?.removed ?? 0, filled: r.info?.filled ?? 0, dropped: m?.rows_dropped ?? 0, testAcc: test(r), status: r.status };
    });
    missingTable.replaceChildren(dataTable([
      { key: 'label', label: 'training data' },
      { key: 'trainRows', label: 'training rows', numeric: true },
      { key: 'removed', label: 'values removed', numeric: true },
      { key: 'dropped', label: 'rows dropped', numeric: true },
      { key: 'filled', label: 'values imputed', numeric: true },
      { key: 'testAcc', label: 'test accuracy', numeric: true, format: pct },
      { key: 'status', label: t('lessons.common.column.status') },
    ], rows, { testid: 'missing-table', rowAttrs: (row) => ({ 'data-testid': 'missing-row', 'data-policy': row.policy }) }));
    const [, drop, impute] = rows;
    missingNumbers.replaceChildren(readouts([
      ['rows-dropping', 'training rows left by dropping', drop.trainRows ?? '–'],
      ['rows-imputing', 'training rows kept by imputing', impute.trainRows ?? '–'],
    ]));
  }

  function renderSkew() {
    const [skewed] = of('skew');
    const scores = (r) => {
      const c = report(r);
      const positives = c?.per_class?.[1];
      const majority = c ? Math.max(...c.per_class.map((k) => k.support)) / c.per_class.reduce((a, k) => a + k.support, 0) : null;
      return { label: r === clean ? 'as collected' : r.label, testRows: c ? c.per_class.map((k) => k.support).join(' : ') : null,
        accuracy: c?.accuracy ?? null, balanced: c?.balanced_accuracy ?? null, baseline: majority,
        recall: positives?.recall ?? null, precision: positives?.precision ?? null, f1: positives?.f1 ?? null };
    };
    skewTable.replaceChildren(dataTable([
      { key: 'label', label: 'data' },
      { key: 'testRows', label: 'test rows (benign : malignant)' },
      { key: 'accuracy', label: 'accuracy', numeric: true, format: pct },
      { key: 'balanced', label: 'balanced accuracy', numeric: true, format: pct },
      { key: 'baseline', label: 'always "benign"', numeric: true, format: pct },
      { key: 'recall', label: 'malignant recall', numeric: true, format: pct },
      { key: 'precision', label: 'malignant precision', numeric: true, format: pct },
      { key: 'f1', label: 'malignant F1', numeric: true, format: pct },
    ], [clean, skewed].map(scores), { testid: 'skew-table', rowAttrs: (row) => ({ 'data-testid': 'skew-row', 'data-label': row.label }) }));
    const c = report(skewed);
    if (!c) return skewNote.replaceChildren(el('p', { class: 'hint', text: 'Train to see the per-class scores of the skewed data.' }));
    const s = scores(skewed);
    skewNote.replaceChildren(el('p', { class: 'note', 'data-testid': 'skew-verdict',
      text: `On the skewed test set, always answering "benign" scores ${pct(s.baseline)}. The model's ${pct(s.accuracy)} accuracy ` +
        `hides a malignant recall of ${pct(s.recall)}; the balanced accuracy, the mean of the two recalls, is ${pct(s.balanced)}.` }));
    const names = ['benign (0)', 'malignant (1)'];
    classTable.replaceChildren(dataTable([
      { key: 'name', label: `class (skewed ${ratio} : 1)` },
      { key: 'support', label: 'test rows', numeric: true },
      { key: 'predicted', label: 'predicted', numeric: true },
      { key: 'precision', label: 'precision', numeric: true, format: pct },
      { key: 'recall', label: 'recall', numeric: true, format: pct },
      { key: 'f1', label: 'F1', numeric: true, format: pct },
    ], c.per_class.map((k, i) => ({ name: names[i] ?? String(i), ...k })), { testid: 'class-table' }));
  }

  const render = () => {
    renderNoise();
    renderMissing();
    renderSkew();
  };
  set.onChange(render);
  for (const r of set.runs) r.on('finished', render);
  render();
  return {
    onKnob(key) {
      if (key === 'noise') renderNoise();
    },
    destroy: () => set.destroy(),
  };
}
