// The MSE of a one-feature linear model y ≈ w·x + b as a function of (w, b), from the training
// rows' moments (exact: the loss is quadratic), and a plot of it with optimizer paths on top.
import { Plot } from '../shared/plot.js';

export function moments(xs, ys) {
  const n = xs.length;
  const m = { x: 0, y: 0, xx: 0, xy: 0, yy: 0 };
  for (let i = 0; i < n; i++) {
    const x = xs[i], y = ys[i];
    m.x += x / n; m.y += y / n; m.xx += (x * x) / n; m.xy += (x * y) / n; m.yy += (y * y) / n;
  }
  return m;
}

export const mse = (m, w, b) => w * w * m.xx + 2 * w * b * m.x + b * b - 2 * w * m.xy - 2 * b * m.y + m.yy;

// Contours of the surface around the minimum (wStar, bStar) and the start (0, 0), and the paths
// [{label, color, points: [[w, b], ...]}].
export function drawSurface(plot, m, { wStar, bStar, paths }) {
  const span = (a, b) => [Math.min(a, b), Math.max(a, b)];
  const [w0, w1] = span(0, wStar);
  const [b0, b1] = span(Math.min(0, bStar), Math.max(0, bStar, m.y));
  const pw = 0.15 * Math.max(1, w1 - w0), pb = 0.25 * Math.max(1, b1 - b0);
  plot.clear().domain({ x: [w0 - pw, w1 + pw], y: [b0 - pb, b1 + pb] });
  const N = 90;
  const values = new Float64Array(N * N);
  const best = mse(m, wStar, bStar);
  let top = best;
  for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) {
    const w = plot.dx[0] + (i / (N - 1)) * (plot.dx[1] - plot.dx[0]);
    const b = plot.dy[0] + (j / (N - 1)) * (plot.dy[1] - plot.dy[0]);
    values[j * N + i] = mse(m, w, b);
    top = Math.max(top, values[j * N + i]);
  }
  // Shading by log of the excess loss; contour lines at excess losses halving down to the minimum.
  const lo = Math.log(1e-3 * (top - best) + 1e-12), hi = Math.log(top - best + 1e-12);
  plot.field((i, j) => {
    const t = (Math.log(values[j * N + i] - best + 1e-12) - lo) / (hi - lo);
    const s = Math.max(0, Math.min(1, t));
    return [Math.round(235 - 60 * (1 - s)), Math.round(240 - 40 * (1 - s)), 250, 255];
  }, N, N);
  const levels = Array.from({ length: 14 }, (_, k) => best + (top - best) * 0.5 ** k);
  plot.contours(values, N, N, levels, { color: 'rgba(71, 85, 105, 0.55)', width: 1 });
  plot.axes({ xLabel: 'weight w', yLabel: 'bias b' });
  // The first path on top: the lessons list the smoothest (full-batch) optimizer first.
  for (const p of [...paths].reverse()) {
    if (!p.points.length) continue;
    plot.line(p.points.map((q) => q[0]), p.points.map((q) => q[1]), { color: p.color, width: 2, alpha: 0.9 });
  }
  for (const p of paths) {
    const [we, be] = p.points.at(-1);
    plot.marker(we, be, { color: '#fff', size: 13, shape: 'dot' });
    plot.marker(we, be, { color: p.color, size: 9, shape: 'dot' });
  }
  plot.marker(0, 0, { color: '#111827', size: 7, shape: 'dot' });
  plot.marker(wStar, bStar, { color: '#111827', size: 7, shape: 'cross' });
  return best;
}

export function surfacePlot(options) {
  return new Plot({ width: 560, height: 420, ...options });
}
