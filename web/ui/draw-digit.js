// Draw a digit: pointer strokes on a canvas, turned into an MNIST-like 28x28 image (the ink's
// bounding box scaled to fit 20x20 by area averaging, then centred by its centre of mass),
// white on black, values 0..255. Uncentred, the whole pad is scaled to 28x28 instead: the digit
// stays where, and as large as, it was drawn (what a model meets without MNIST's preprocessing).
import { el } from './format.js';
import { t } from '../shared/i18n.js';

// The pixels (x0..x1, y0..y1) of a W-wide image `v` scaled by s, by area averaging: {small, tw, th}.
function shrink(v, W, x0, y0, x1, y1, s) {
  const w = x1 - x0 + 1, h = y1 - y0 + 1;
  const tw = Math.max(1, Math.round(w * s)), th = Math.max(1, Math.round(h * s));
  const small = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ++ty) {
    const sy0 = y0 + Math.floor(ty / s);
    const sy1 = Math.min(y1 + 1, Math.max(sy0 + 1, y0 + Math.floor((ty + 1) / s)));
    for (let tx = 0; tx < tw; ++tx) {
      const sx0 = x0 + Math.floor(tx / s);
      const sx1 = Math.min(x1 + 1, Math.max(sx0 + 1, x0 + Math.floor((tx + 1) / s)));
      let sum = 0, n = 0;
      for (let y = sy0; y < sy1; ++y) for (let x = sx0; x < sx1; ++x) sum += v[y * W + x], ++n;
      small[ty * tw + tx] = n ? sum / n : 0;
    }
  }
  return { small, tw, th };
}

export function toMnist(canvas, { centre = true } = {}) {
  const W = canvas.width, H = canvas.height;
  const data = canvas.getContext('2d').getImageData(0, 0, W, H).data;
  let x0 = W, y0 = H, x1 = -1, y1 = -1;
  const v = new Float32Array(W * H);
  for (let y = 0; y < H; ++y) {
    for (let x = 0; x < W; ++x) {
      const p = data[4 * (y * W + x)];
      if (!p) continue;
      v[y * W + x] = p;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return null;
  const { small, tw, th } = centre ? shrink(v, W, x0, y0, x1, y1, 20 / Math.max(x1 - x0 + 1, y1 - y0 + 1))
    : shrink(v, W, 0, 0, W - 1, H - 1, 28 / Math.max(W, H));
  let ox = 0, oy = 0;
  if (centre) {
    let m = 0, mx = 0, my = 0;
    for (let y = 0; y < th; ++y) {
      for (let x = 0; x < tw; ++x) {
        const p = small[y * tw + x];
        m += p;
        mx += p * (x + 0.5);
        my += p * (y + 0.5);
      }
    }
    ox = Math.round(14 - mx / m);
    oy = Math.round(14 - my / m);
  }
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < th; ++y) {
    const Y = y + oy;
    if (Y < 0 || Y >= 28) continue;
    for (let x = 0; x < tw; ++x) {
      const X = x + ox;
      if (X >= 0 && X < 28) out[Y * 28 + X] = Math.min(255, small[y * tw + x]);
    }
  }
  return out;
}

export class DigitPad {
  // centre: false keeps the digit where and as large as it was drawn (see toMnist).
  constructor(canvas, { onImage, centre = true }) {
    this.canvas = canvas;
    this.onImage = onImage;
    this.centre = centre;
    this.ctx = canvas.getContext('2d', { willReadFrequently: true });
    this.drawing = false;
    this.dirty = false;
    this.frame = 0;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const t of ['pointerup', 'pointercancel']) canvas.addEventListener(t, (e) => this.up(e));
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * this.canvas.width) / r.width, ((e.clientY - r.top) * this.canvas.height) / r.height];
  }

  down(e) {
    e.preventDefault();
    this.canvas.setPointerCapture?.(e.pointerId);
    this.drawing = true;
    this.last = this.point(e);
    this.stroke(this.last, this.last);
  }

  move(e) {
    if (!this.drawing) return;
    const p = this.point(e);
    this.stroke(this.last, p);
    this.last = p;
  }

  up() {
    if (!this.drawing) return;
    this.drawing = false;
    this.changed();
  }

  stroke(a, b) {
    const c = this.ctx;
    c.strokeStyle = '#fff';
    c.lineWidth = this.canvas.width / 13;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a[0], a[1]);
    c.lineTo(b[0], b[1]);
    c.stroke();
    this.changed();
  }

  // At most one conversion per frame; the page sends it to the worker.
  changed() {
    this.dirty = true;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.dirty) return;
      this.dirty = false;
      this.onImage(toMnist(this.canvas, { centre: this.centre }));
    });
  }

  // Centres (or stops centring) the drawing, and converts it again.
  setCentre(centre) {
    this.centre = centre;
    this.changed();
  }

  clear() {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.onImage?.(null);
  }
}

// One bar per class (the digits 0-9 unless `names` are given), with the most likely one highlighted.
export function renderProbabilities(container, probs, names = null) {
  if (!probs) {
    container.replaceChildren(el('p', { class: 'hint', text: t('draw.empty') }));
    delete container.dataset.values;
    delete container.dataset.predicted;
    return;
  }
  const name = (i) => names?.[i] ?? String(i);
  let best = 0;
  for (let i = 1; i < probs.length; ++i) if (probs[i] > probs[best]) best = i;
  container.dataset.values = JSON.stringify(Array.from(probs, (p) => Number(p.toPrecision(7))));
  container.dataset.predicted = String(best);
  container.replaceChildren(
    el('p', { class: 'guess' }, t('draw.guess'), el('strong', { 'data-testid': 'digit-guess', text: name(best) })),
    ...Array.from(probs, (p, i) => el('div', { class: `prob${i === best ? ' best' : ''}`, 'data-testid': `prob-${i}` },
      el('span', { class: 'cls', text: name(i), title: name(i) }),
      el('span', { class: 'track' }, el('span', { class: 'fill', style: `width:${(p * 100).toFixed(1)}%` })),
      el('span', { class: 'pct', text: `${(p * 100).toFixed(1)}%` }))),
  );
}
