// Lesson specs: a preset plus overrides written as dotted paths ({"train.batch_size": 32}).

export function withOverrides(spec, overrides = {}) {
  const out = structuredClone(spec);
  for (const [path, value] of Object.entries(overrides)) {
    const keys = path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k];
    }
    if (value === undefined) delete node[keys.at(-1)];
    else node[keys.at(-1)] = structuredClone(value);
  }
  return out;
}

// The spec the core sees: the lesson object (text, hints) stays on the page.
export function coreSpec(preset, overrides) {
  const spec = withOverrides(preset, overrides);
  delete spec.lesson;
  return spec;
}

// Every hidden dense layer of a spec with the same settings (e.g. an initialiser).
export function mapDense(spec, fn) {
  const out = structuredClone(spec);
  out.model.layers = out.model.layers.map((l) => (l.type === 'dense' ? fn(l) : l));
  return out;
}

// Run definitions for a lesson's variants ([{label, overrides}]) of a base preset.
export function variants(ctx, runs, base = ctx.preset, extra = {}) {
  return runs.map((r) => ({ label: r.label, spec: ctx.spec(r.overrides, base), ...extra }));
}
