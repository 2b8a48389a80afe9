// The page's one plotting module: the palette, ticks, and a small canvas plotter (axes with ticks,
// points, lines, histograms, a colour field with contour lines, weight images) used by the lessons and
// the playground's results. Sizes are CSS pixels (sharp on HiDPI).
import { compact, el } from '../ui/format.js';

// Training is blue, validation orange, everywhere (charts, lessons, embeds); `runs` colours side-by-side runs.
export const PALETTE = {
  train: '#2563eb',
  validation: '#ea580c',
  ink: '#111827',
  runs: ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4b5563', '#65a30d'],
};

export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(6)));
  return out;
}

// Whole-number ticks (epochs) over a range.
export function integerTicks([lo, hi], count = 8) {
  const step = Math.max(1, Math.ceil((hi - lo) / count));
  const out = [];
  for (let t = Math.ceil(lo); t <= hi; t += step) out.push(t);
  return out;
}

export function extent(values, pad = 0.05) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  if (!(hi >= lo)) return [0, 1];
  if (hi === lo) return [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export function histogram(values, lo, hi, bins) {
  const counts = new Array(bins).fill(0);
  const w = (hi - lo) / bins;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)))]++;
  }
  return counts;
}


export class Plot {
  constructor({ width = 360, height = 280, margin = {}, testid, label } = {}) {
    this.w = width;
    this.h = height;
    this.m = { l: 52, r: 12, t: 12, b: 40, ...margin };
    const dpr = window.devicePixelRatio || 1;
    this.canvas = el('canvas', { class: 'plot', width: String(Math.round(width * dpr)), height: String(Math.round(height * dpr)),
      style: `width:${width}px;height:${height}px`, 'data-testid': testid, 'aria-label': label });
    this.ctx = this.canvas.getContext('2d');
    this.ctx.scale(dpr, dpr);
    this.pw = width - this.m.l - this.m.r;
    this.ph = height - this.m.t - this.m.b;
    this.domain({ x: [0, 1], y: [0, 1] });
  }

  domain({ x, y, xLog = false, yLog = false }) {
    this.dx = x;
    this.dy = y;
    this.xLog = xLog;
    this.yLog = yLog;
    return this;
  }

  sx(v) {
    return this.xLog ? Math.log10(v) : v;
  }

  sy(v) {
    return this.yLog ? Math.log10(v) : v;
  }

  X(v) {
    const [a, b] = this.dx.map((d) => this.sx(d));
    return this.m.l + ((this.sx(v) - a) / (b - a)) * this.pw;
  }

  Y(v) {
    const [a, b] = this.dy.map((d) => this.sy(d));
    return this.m.t + this.ph - ((this.sy(v) - a) / (b - a)) * this.ph;
  }

  clear() {
    const c = this.ctx;
    c.clearRect(0, 0, this.w, this.h);
    c.fillStyle = '#fff';
    c.fillRect(0, 0, this.w, this.h);
    return this;
  }

  // Grid, ticks and axis labels. Log axes get ticks at powers of ten.
  axes({ xLabel = '', yLabel = '', xTicks, yTicks } = {}) {
    const c = this.ctx;
    const logTicks = ([lo, hi]) => {
      const out = [];
      for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(10 ** e);
      return out;
    };
    const xt = xTicks ?? (this.xLog ? logTicks(this.dx) : niceTicks(...this.dx, Math.max(2, Math.round(this.pw / 70))));
    const yt = yTicks ?? (this.yLog ? logTicks(this.dy) : niceTicks(...this.dy, Math.max(2, Math.round(this.ph / 45))));
    c.font = '11px system-ui, sans-serif';
    c.lineWidth = 1;
    c.strokeStyle = '#eef0f3';
    c.fillStyle = '#4b5563';
    c.textAlign = 'center';
    for (const t of xt) {
      const x = this.X(t);
      c.beginPath();
      c.moveTo(x, this.m.t);
      c.lineTo(x, this.m.t + this.ph);
      c.stroke();
      c.fillText(compact(t), x, this.m.t + this.ph + 14);
    }
    c.textAlign = 'right';
    for (const t of yt) {
      const y = this.Y(t);
      c.beginPath();
      c.moveTo(this.m.l, y);
      c.lineTo(this.m.l + this.pw, y);
      c.stroke();
      c.fillText(compact(t), this.m.l - 5, y + 4);
    }
    this.frame();
    c.fillStyle = '#111827';
    c.font = '12px system-ui, sans-serif';
    c.textAlign = 'center';
    if (xLabel) c.fillText(xLabel, this.m.l + this.pw / 2, this.h - 6);
    if (yLabel) {
      c.save();
      c.translate(13, this.m.t + this.ph / 2);
      c.rotate(-Math.PI / 2);
      c.fillText(yLabel, 0, 0);
      c.restore();
    }
    return this;
  }

  frame() {
    this.ctx.strokeStyle = '#9ca3af';
    this.ctx.strokeRect(this.m.l, this.m.t, this.pw, this.ph);
  }

  clip(fn) {
    const c = this.ctx;
    c.save();
    c.beginPath();
    c.rect(this.m.l, this.m.t, this.pw, this.ph);
    c.clip();
    fn(c);
    c.restore();
    return this;
  }

  points(xs, ys, { color = PALETTE.train, r = 2.5, alpha = 0.6, stroke } = {}) {
    return this.clip((c) => {
      c.globalAlpha = alpha;
      c.fillStyle = color;
      if (stroke) c.strokeStyle = stroke;
      for (let i = 0; i < xs.length; i++) {
        c.beginPath();
        c.arc(this.X(xs[i]), this.Y(ys[i]), r, 0, Math.PI * 2);
        c.fill();
        if (stroke) c.stroke();
      }
      c.globalAlpha = 1;
    });
  }

  line(xs, ys, { color = '#111827', width = 2, dash = [], alpha = 1 } = {}) {
    return this.clip((c) => {
      c.strokeStyle = color;
      c.lineWidth = width;
      c.globalAlpha = alpha;
      c.setLineDash(dash);
      c.beginPath();
      let pen = false;
      for (let i = 0; i < xs.length; i++) {
        if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) { pen = false; continue; }
        const x = this.X(xs[i]), y = this.Y(ys[i]);
        if (pen) c.lineTo(x, y);
        else c.moveTo(x, y);
        pen = true;
      }
      c.stroke();
      c.setLineDash([]);
      c.globalAlpha = 1;
    });
  }

  marker(x, y, { color = '#111827', size = 6, shape = 'cross' } = {}) {
    return this.clip((c) => {
      const px = this.X(x), py = this.Y(y);
      c.strokeStyle = color;
      c.fillStyle = color;
      c.lineWidth = 2;
      c.beginPath();
      if (shape === 'cross') {
        c.moveTo(px - size, py - size); c.lineTo(px + size, py + size);
        c.moveTo(px + size, py - size); c.lineTo(px - size, py + size);
        c.stroke();
      } else {
        c.arc(px, py, size / 2, 0, Math.PI * 2);
        c.fill();
      }
    });
  }

  vline(x, { color = '#111827', width = 2, dash = [] } = {}) {
    return this.line([x, x], this.dy, { color, width, dash });
  }

  // Bars of a histogram over [lo, hi]; `base` stacks bars on earlier counts.
  bars(counts, lo, hi, { color = PALETTE.train, alpha = 0.7, base } = {}) {
    const w = (hi - lo) / counts.length;
    return this.clip((c) => {
      c.globalAlpha = alpha;
      c.fillStyle = color;
      counts.forEach((n, i) => {
        if (!n) return;
        const b = base?.[i] ?? 0;
        const x0 = this.X(lo + i * w), x1 = this.X(lo + (i + 1) * w);
        const y0 = this.Y(b), y1 = this.Y(b + n);
        c.fillRect(x0 + 0.5, y1, Math.max(1, x1 - x0 - 1), y0 - y1);
      });
      c.globalAlpha = 1;
    });
  }

  // A colour field over the plot area: rgba(x, y) -> [r, g, b, a] sampled on an nx x ny grid.
  field(rgba, nx, ny) {
    const off = document.createElement('canvas');
    off.width = nx;
    off.height = ny;
    const o = off.getContext('2d');
    const img = o.createImageData(nx, ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const [r, g, b, a = 255] = rgba(i, ny - 1 - j);
        const k = 4 * (j * nx + i);
        img.data[k] = r; img.data[k + 1] = g; img.data[k + 2] = b; img.data[k + 3] = a;
      }
    }
    o.putImageData(img, 0, 0);
    return this.clip((c) => {
      c.imageSmoothingEnabled = true;
      c.drawImage(off, this.m.l, this.m.t, this.pw, this.ph);
    });
  }

  // Contour lines of values on an nx x ny grid spanning the domain (row j = y index from the bottom).
  contours(values, nx, ny, levels, { color = '#6b7280', width = 1 } = {}) {
    const [x0, x1] = this.dx, [y0, y1] = this.dy;
    const gx = (i) => x0 + (i / (nx - 1)) * (x1 - x0);
    const gy = (j) => y0 + (j / (ny - 1)) * (y1 - y0);
    const v = (i, j) => values[j * nx + i];
    return this.clip((c) => {
      c.strokeStyle = color;
      c.lineWidth = width;
      c.beginPath();
      for (const level of levels) {
        for (let j = 0; j < ny - 1; j++) {
          for (let i = 0; i < nx - 1; i++) {
            // Corners in order: (i,j) (i+1,j) (i+1,j+1) (i,j+1); crossings on the four edges.
            const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
            const pts = [];
            for (let e = 0; e < 4; e++) {
              const [ai, aj] = corners[e], [bi, bj] = corners[(e + 1) % 4];
              const va = v(ai, aj), vb = v(bi, bj);
              if ((va < level) !== (vb < level)) {
                const t = (level - va) / (vb - va);
                pts.push([gx(ai + t * (bi - ai)), gy(aj + t * (bj - aj))]);
              }
            }
            for (let k = 0; k + 1 < pts.length; k += 2) {
              c.moveTo(this.X(pts[k][0]), this.Y(pts[k][1]));
              c.lineTo(this.X(pts[k + 1][0]), this.Y(pts[k + 1][1]));
            }
          }
        }
      }
      c.stroke();
    });
  }

  text(s, x, y, { color = '#111827', align = 'left', font = '12px system-ui, sans-serif' } = {}) {
    const c = this.ctx;
    c.fillStyle = color;
    c.textAlign = align;
    c.font = font;
    c.fillText(s, x, y);
    return this;
  }
}

// Blue (negative) — white — red (positive): the usual colours for weights.
export function diverging(v) {
  const t = Math.max(-1, Math.min(1, v));
  if (t >= 0) return [255, Math.round(255 * (1 - 0.8 * t)), Math.round(255 * (1 - 0.85 * t))];
  return [Math.round(255 * (1 + 0.85 * t)), Math.round(255 * (1 + 0.6 * t)), 255];
}

// White to green, for "more is better" maps (t in 0..1).
export function sequential(t) {
  const s = Math.max(0, Math.min(1, t));
  return [Math.round(240 - 218 * s), Math.round(249 - 86 * s), Math.round(244 - 170 * s)];
}

// Paints an h x w image of values[offset + k * stride] (k = row-major pixel) onto a canvas:
// diverging colours scaled by `scale`, or grey levels (0..scale) with `gray`. With `channels: 3` each pixel is
// three values in a row, its red, green and blue levels (0..scale).
export function paintImage(canvas, values, { w, h, offset = 0, stride = 1, scale, gray = false, channels = 1 }) {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(w, h);
  let s = scale;
  if (!s) {
    s = 1e-12;
    for (let k = 0; k < w * h * channels; k++) s = Math.max(s, Math.abs(values[offset + k * stride]));
  }
  const level = (v) => Math.round(255 * Math.max(0, Math.min(1, v / s)));
  for (let k = 0; k < w * h; k++) {
    const at = offset + k * channels * stride;
    const [r, g, b] = channels === 3 ? [level(values[at]), level(values[at + stride]), level(values[at + 2 * stride])]
      : gray ? Array(3).fill(level(values[at])) : diverging(values[at] / s);
    img.data[4 * k] = r; img.data[4 * k + 1] = g; img.data[4 * k + 2] = b; img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return s;
}
