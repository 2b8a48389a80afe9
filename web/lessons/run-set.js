// Several runs of one lesson (variants of a spec, same data and seed), each in its own worker; at
// most `parallel` train at once. One status and one set of controls for all of them.
import { Run } from './run.js';
import { el } from '../ui/format.js';
import { PALETTE } from '../shared/plot.js';
import { t } from '../shared/i18n.js';
import { runLabel } from './content.js';

// Training speeds a learner can choose (batches per second), for watching small models learn. (Lesson
// modules are imported after the page has loaded its messages, so these are in the page's language.)
export const SPEEDS = [...['5', '20', '100'].map((n) => [n, t('lessons.common.run.stepsPerSecond', { count: Number(n) })]),
  ['max', t('lessons.common.run.fullSpeed')]];
export const paceOf = (speed) => (speed === 'max' ? null : Number(speed));

// The status pill's words (literal keys, so a missing one is caught without running the page).
export const statusWord = (s) => ({ loading: t('lessons.common.run.status.loading'), idle: t('lessons.common.run.status.idle'),
  training: t('lessons.common.run.status.training'), paused: t('lessons.common.run.status.paused'),
  finished: t('lessons.common.run.status.finished'), failed: t('lessons.common.run.status.failed') })[s] ?? s;

// The lesson handle of a single paced run with one chart: the speed knob sets the pace; destroy frees both.
export function pacedLesson(set, chart) {
  return {
    onKnob(key, value) {
      if (key === 'speed') set.setPace(paceOf(value));
    },
    destroy() {
      chart.destroy();
      set.destroy();
    },
  };
}

export const COLORS = PALETTE.runs;

export class RunSet {
  // `lesson` (the lesson's id) names the runs in the page's language: see runLabel.
  constructor(defs, { parallel = navigator.hardwareConcurrency || 2, pace = null, lesson = null } = {}) {
    this.parallel = Math.max(1, parallel);
    this.pace = pace;
    // Runs that train side by side use one thread each; a lone run may use the threaded build.
    const singleThread = this.parallel > 1 && defs.length > 1;
    this.runs = defs.map((d, i) => new Run({ color: COLORS[i % COLORS.length], singleThread, ...d }));
    this.listeners = [];
    this.started = false;
    this.paused = false;
    this.loadError = null;
    this.frame = 0;
    for (const r of this.runs) {
      if (lesson) r.displayLabel = runLabel(lesson, r.label);
      r.on('status', () => this.changed());
      r.on('batches', () => this.changed());
      r.on('finished', () => this.pump());
      r.on('error', ({ action }) => action === 'train' && this.pump());
    }
  }

  // Calls fn (at most once per animation frame) whenever a run trains, changes status or ends.
  onChange(fn) {
    this.listeners.push(fn);
  }

  changed() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const fn of this.listeners) fn(this);
      this.renderStatus();
    });
  }

  async load() {
    this.started = false;
    this.paused = false;
    this.loadError = null;
    this.changed();
    try {
      await Promise.all(this.runs.map((r) => r.load()));
      // Runs brought back by a reload are under way: Resume goes on with them.
      if (this.runs.some((r) => r.epochs.length)) this.started = this.paused = true;
    } catch (e) {
      this.loadError = e.message;
      this.changed();
      throw e;
    }
    this.changed();
  }

  get status() {
    const runs = this.runs;
    if (this.loadError) return 'failed';
    if (runs.some((r) => r.status === 'loading' || r.status === 'new')) return 'loading';
    if (!this.started) return 'idle';
    if (runs.every((r) => r.ended)) return 'finished';
    return this.paused ? 'paused' : 'training';
  }

  start() {
    if (this.status !== 'idle') return;
    this.started = true;
    this.paused = false;
    this.pump();
    this.changed();
  }

  // Starts queued runs while fewer than `parallel` are training.
  pump() {
    if (!this.started || this.paused) return this.changed();
    let active = this.runs.filter((r) => r.status === 'training').length;
    for (const r of this.runs) {
      if (active >= this.parallel) break;
      if (r.status === 'idle' || r.status === 'paused') {
        r.train({ pace: this.pace });
        active++;
      }
    }
    this.changed();
  }

  pause() {
    this.paused = true;
    for (const r of this.runs) r.pause();
    this.changed();
  }

  resume() {
    this.paused = false;
    this.pump();
  }

  setPace(pace) {
    this.pace = pace;
    for (const r of this.runs) r.setPace(pace);
  }

  reset() {
    return this.load().catch(() => {});
  }

  // Train / Pause / Resume in one button, Reset, and the status pill the tests wait for
  // (test ids `${name}-train`, `${name}-reset`, `${name}-status`). Reset reloads the runs (fresh
  // weights from the same seed), or calls onReset (a lesson with results of its own rebuilds itself).
  controls({ trainLabel = t('lessons.common.run.train'), extra = [], name = 'lesson', onReset } = {}) {
    this.toggle = el('button', { type: 'button', class: 'primary', 'data-testid': `${name}-train`, onclick: () => {
      const s = this.status;
      if (s === 'idle') this.start();
      else if (s === 'training') this.pause();
      else if (s === 'paused') this.resume();
    } });
    this.trainLabel = trainLabel;
    this.resetButton = el('button', { type: 'button', 'data-testid': `${name}-reset`, text: t('lessons.common.run.reset'), title: t('lessons.common.run.resetHint'),
      onclick: () => (onReset ? onReset() : this.reset()) });
    this.pill = el('span', { class: 'pill', 'data-testid': `${name}-status` });
    this.errorBox = el('p', { class: 'error', 'data-testid': 'lesson-load-error', role: 'alert', hidden: true });
    this.renderStatus();
    return el('div', { class: 'run-controls' }, el('div', { class: 'buttons' }, this.toggle, this.resetButton, ...extra, this.pill), this.errorBox);
  }

  renderStatus() {
    if (!this.pill) return;
    const s = this.status;
    this.pill.textContent = statusWord(s);
    this.pill.dataset.status = s;
    this.toggle.textContent = { training: t('lessons.common.run.pause'), paused: t('lessons.common.run.resume') }[s] ?? this.trainLabel;
    this.toggle.disabled = !['idle', 'training', 'paused'].includes(s);
    this.resetButton.disabled = s === 'loading';
    this.errorBox.textContent = this.loadError ?? '';
    this.errorBox.hidden = !this.loadError;
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    for (const r of this.runs) r.terminate();
    this.listeners = [];
  }
}
