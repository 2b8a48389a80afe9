// The lesson page's state in the address: #lesson=<id>&seed=42&<knob>=<value>... A link reproduces
// the same lesson, seed and settings (TensorFlow Playground style).

export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const values = {};
  for (const [k, v] of params) if (k !== 'lesson') values[k] = v;
  return { lesson: params.get('lesson'), values };
}

export function hashOf(lesson, values) {
  const params = new URLSearchParams();
  if (lesson) params.set('lesson', lesson);
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return `#${params}`;
}

// Replaces the address (knob changes) or pushes a new entry (a new lesson), without a hashchange event.
export function writeHash(lesson, values, { push = false } = {}) {
  const hash = hashOf(lesson, values);
  if (hash === location.hash) return;
  history[push ? 'pushState' : 'replaceState'](null, '', hash);
}

// Knob values from strings (the address) to their types; unknown or invalid values fall back to the
// default, which may depend on the knobs before it (default: (values) => ...).
export function parseKnobs(knobs, raw) {
  const values = {};
  for (const k of knobs) {
    const text = raw[k.key];
    let v = typeof k.default === 'function' ? k.default(values) : k.default;
    if (text !== undefined) {
      if (k.type === 'number' || k.type === 'range') {
        const n = Number(text);
        if (text.trim() !== '' && Number.isFinite(n)) v = n;
      } else if (!k.options || k.options.some(([value]) => String(value) === text)) {
        v = text;
      }
    }
    values[k.key] = v;
  }
  return values;
}
