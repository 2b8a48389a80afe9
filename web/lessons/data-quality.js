// Lesson 15: data quality. One small network on the breast-cancer table, trained on clean data and on
// data the core corrupts with a seed (the spec's data.corruption): flipped training labels at several
// shares (test accuracy against the share), removed values dropped or imputed, and a skewed class
// balance scored by the core's per-class report and balanced accuracy.
import { RunSet, statusWord } from './run-set.js';
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
    { key: 'noise', label: t('lessons.data-quality.knob.noise'), options: p.lesson.noise_shares.filter((s) => s > 0).map((s) => [String(s), t('lessons.data-quality.knob.flipped', { share: share(s) })]),
      default: String(p.lesson.noise_shares.at(-1)), live: true, hint: t('lessons.data-quality.knob.noiseHint') },
    { key: 'missing', label: t('lessons.data-quality.knob.missing'), options: MISSING.map((s) => [s, share(s)]), default: '0.05' },
    { key: 'ratio', label: t('lessons.data-quality.knob.ratio'), options: RATIOS.map((r) => [r, `${r} : 1`]), default: '9' },
    { key: 'epochs', label: t('lessons.common.knob.epochs'), type: 'number', step: 1, min: 1, default: p.train.epochs },
  ];
}

// Test accuracy against the share of flipped labels, the chosen share marked.
function noiseCurve(points, chosen) {
  const p = new Plot({ width: 420, height: 260, testid: 'noise-curve', label: t('lessons.data-quality.curve.label') });
  const done = points.filter((q) => q.accuracy != null);
  const xs = points.map((q) => q.share);
  const lo = Math.max(0, Math.min(0.5, ...done.map((q) => q.accuracy)) - 0.05);
  p.clear().domain({ x: [0, Math.max(...xs) + 0.02], y: [lo, 1] }).axes({ xLabel: t('lessons.data-quality.curve.x'), yLabel: t('lessons.data-quality.curve.y') });
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
  // The clean run (0% noise) is every part's baseline. A run's label (English) is its identity; `name` is shown.
  const noiseDefs = shares.map((s) => ({ label: s ? `${share(s)} of labels flipped` : 'clean data', part: 'noise', share: s,
    name: s ? t('lessons.data-quality.run.noisy', { share: share(s) }) : t('lessons.data-quality.run.clean'),
    spec: spec(s ? { label_noise: s } : undefined) }));
  const missingDefs = ['drop', 'impute'].map((policy) => ({ label: `${share(missing)} removed, ${policy === 'drop' ? 'rows dropped' : 'imputed'}`,
    name: policy === 'drop' ? t('lessons.data-quality.run.dropped', { share: share(missing) }) : t('lessons.data-quality.run.imputed', { share: share(missing) }),
    part: 'missing', policy, spec: spec({ missing_values: missing }, { 'data.missing': policy }) }));
  const skewDef = { label: `skewed ${ratio} : 1`, name: t('lessons.data-quality.run.skewed', { ratio }), part: 'skew', spec: spec({ class_skew: { class: 1, ratio } }) };
  const defs = [...noiseDefs, ...missingDefs, skewDef];
  const set = new RunSet(defs, { parallel: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4)) });
  const def = new Map(set.runs.map((r, i) => [r, defs[i]]));
  const [clean] = set.runs;
  const of = (part) => set.runs.filter((r) => def.get(r).part === part);

  const noiseBox = el('div'), noiseNumbers = el('div'), noiseTable = el('div');
  const missingTable = el('div'), missingNumbers = el('div');
  const skewTable = el('div'), classTable = el('div'), skewNote = el('div');
  ctx.body.append(
    panel(null, set.controls({ trainLabel: t('lessons.data-quality.trainAll', { count: defs.length }), onReset: ctx.reset })),
    el('div', { class: 'row' },
      panel(t('lessons.data-quality.panel.noise'), noiseBox, noiseNumbers),
      panel(t('lessons.data-quality.panel.noisy'), noiseTable)),
    panel(t('lessons.data-quality.panel.missing', { share: share(missing) }), missingTable, missingNumbers),
    panel(t('lessons.data-quality.panel.skew', { ratio }), skewTable, skewNote, classTable),
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
      ['clean-accuracy', t('lessons.data-quality.readout.clean'), test(clean) ?? '–'],
      ['noisy-accuracy', t('lessons.data-quality.readout.noisy', { share: share(chosen) }), test(at) ?? '–'],
    ]));
    noiseTable.replaceChildren(dataTable([
      { key: 'share', label: t('lessons.data-quality.column.share'), numeric: true, format: pct },
      { key: 'flipped', label: t('lessons.data-quality.column.flipped'), numeric: true, format: (x) => (x == null ? '–' : int(x)) },
      { key: 'trainAcc', label: t('lessons.data-quality.column.trainAcc'), numeric: true, format: pct },
      { key: 'testAcc', label: t('lessons.data-quality.column.testAcc'), numeric: true, format: pct },
      { key: 'status', label: t('lessons.common.column.status') },
    ], runs.map((r) => ({ share: def.get(r).share, flipped: r.info?.corruption?.label_noise?.flipped ?? (def.get(r).share ? null : 0),
      trainAcc: r.ended ? r.last?.accuracy ?? null : null, testAcc: test(r), status: statusWord(r.status) })),
    { testid: 'noise-table', rowAttrs: (row) => ({ 'data-testid': 'noise-row', class: row.share === chosen ? 'best' : null }) }));
  }

  function renderMissing() {
    const rows = [clean, ...of('missing')].map((r) => {
      const m = r.info?.corruption?.missing_values;
      return { label: r === clean ? t('lessons.data-quality.run.allValues') : def.get(r).name, policy: def.get(r).policy ?? 'none', trainRows: r.info?.train_rows ?? null,
        removed: m?.removed ?? 0, filled: r.info?.filled ?? 0, dropped: m?.rows_dropped ?? 0, testAcc: test(r), status: statusWord(r.status) };
    });
    missingTable.replaceChildren(dataTable([
      { key: 'label', label: t('lessons.data-quality.column.data') },
      { key: 'trainRows', label: t('lessons.data-quality.column.trainRows'), numeric: true },
      { key: 'removed', label: t('lessons.data-quality.column.removed'), numeric: true },
      { key: 'dropped', label: t('lessons.data-quality.column.dropped'), numeric: true },
      { key: 'filled', label: t('lessons.data-quality.column.filled'), numeric: true },
      { key: 'testAcc', label: t('lessons.data-quality.column.testAcc'), numeric: true, format: pct },
      { key: 'status', label: t('lessons.common.column.status') },
    ], rows, { testid: 'missing-table', rowAttrs: (row) => ({ 'data-testid': 'missing-row', 'data-policy': row.policy }) }));
    const [, drop, impute] = rows;
    missingNumbers.replaceChildren(readouts([
      ['rows-dropping', t('lessons.data-quality.readout.dropping'), drop.trainRows ?? '–'],
      ['rows-imputing', t('lessons.data-quality.readout.imputing'), impute.trainRows ?? '–'],
    ]));
  }

  function renderSkew() {
    const [skewed] = of('skew');
    const scores = (r) => {
      const c = report(r);
      const positives = c?.per_class?.[1];
      const majority = c ? Math.max(...c.per_class.map((k) => k.support)) / c.per_class.reduce((a, k) => a + k.support, 0) : null;
      return { label: r === clean ? 'as collected' : r.label, name: r === clean ? t('lessons.data-quality.run.collected') : def.get(r).name, testRows: c ? c.per_class.map((k) => k.support).join(' : ') : null,
        accuracy: c?.accuracy ?? null, balanced: c?.balanced_accuracy ?? null, baseline: majority,
        recall: positives?.recall ?? null, precision: positives?.precision ?? null, f1: positives?.f1 ?? null };
    };
    skewTable.replaceChildren(dataTable([
      { key: 'name', label: t('lessons.data-quality.column.skewData') },
      { key: 'testRows', label: t('lessons.data-quality.column.testRows') },
      { key: 'accuracy', label: t('lessons.data-quality.column.accuracy'), numeric: true, format: pct },
      { key: 'balanced', label: t('lessons.data-quality.column.balanced'), numeric: true, format: pct },
      { key: 'baseline', label: t('lessons.data-quality.column.baseline'), numeric: true, format: pct },
      { key: 'recall', label: t('lessons.data-quality.column.recall'), numeric: true, format: pct },
      { key: 'precision', label: t('lessons.data-quality.column.precision'), numeric: true, format: pct },
      { key: 'f1', label: t('lessons.data-quality.column.f1'), numeric: true, format: pct },
    ], [clean, skewed].map(scores), { testid: 'skew-table', rowAttrs: (row) => ({ 'data-testid': 'skew-row', 'data-label': row.label }) }));
    const c = report(skewed);
    if (!c) return skewNote.replaceChildren(el('p', { class: 'hint', text: t('lessons.data-quality.skewPending') }));
    const s = scores(skewed);
    skewNote.replaceChildren(el('p', { class: 'note', 'data-testid': 'skew-verdict',
      text: t('lessons.data-quality.skewVerdict', { baseline: pct(s.baseline), accuracy: pct(s.accuracy), recall: pct(s.recall), balanced: pct(s.balanced) }) }));
    const names = [t('lessons.data-quality.benign'), t('lessons.data-quality.malignant')];
    classTable.replaceChildren(dataTable([
      { key: 'name', label: t('lessons.data-quality.column.class', { ratio }) },
      { key: 'support', label: t('lessons.data-quality.column.support'), numeric: true },
      { key: 'predicted', label: t('lessons.data-quality.column.predicted'), numeric: true },
      { key: 'precision', label: t('lessons.data-quality.column.classPrecision'), numeric: true, format: pct },
      { key: 'recall', label: t('lessons.data-quality.column.classRecall'), numeric: true, format: pct },
      { key: 'f1', label: t('lessons.data-quality.column.classF1'), numeric: true, format: pct },
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
