// A grid of small images (weights, filters, feature maps): n canvases of w x h pixels, drawn
// enlarged with sharp pixels, each painted from a slice of a flat array.
import { el } from '../ui/format.js';
import { paintImage } from '../shared/plot.js';

export class ImageGrid {
  constructor({ n, w, h, columns, cell = 64, captions, testid, gray = false }) {
    this.n = n;
    this.w = w;
    this.h = h;
    this.gray = gray;
    this.canvases = Array.from({ length: n }, () => el('canvas', { width: String(w), height: String(h) }));
    // At most `columns` a row; fewer on a narrow screen (the grid wraps, never the page).
    this.element = el('div', { class: 'image-grid', 'data-testid': testid,
      style: `grid-template-columns:repeat(auto-fill, ${cell}px);max-width:${columns * (cell + 4)}px` },
      this.canvases.map((c, i) => el('figure', {}, c, captions ? el('figcaption', { text: captions(i) }) : null)));
    this.version = 0;
  }

  // Image i is values[offset(i) + k * stride] for pixel k; scale(i) or each image's own largest |value|.
  paint(values, { offset, stride = 1, scale } = {}) {
    for (let i = 0; i < this.n; i++) {
      paintImage(this.canvases[i], values, { w: this.w, h: this.h, offset: offset(i), stride, scale: scale?.(i), gray: this.gray });
    }
    this.element.dataset.version = String(++this.version);
  }
}
