// The preset that fits a data report: its input and output sizes come from the data, so a dropped
// file trains without editing any JSON. The page pre-selects it (the lesson's model rarely fits a
// file of one's own: MNIST's 784 inputs and 10 classes), and one click keeps the current model instead.

// `kind` names why it fits (the page's data.why.<kind> text).
const PRESETS = {
  classification: { file: 'tabular-classifier.json', kind: 'classification' },
  regression: { file: 'tabular-regressor.json', kind: 'regression' },
  images: { file: 'image-classifier.json', kind: 'images' },
};

// { file, kind } for the report, or null when no preset fits.
export function suggestPreset(report) {
  if (report.kind === 'images') return PRESETS.images;
  return PRESETS[report.task] ?? null;
}

// The spec with its data section pointing at the user's CSV: its name, the target (or none: the
// core then chooses) and, of the columns the spec drops, those the file has (`columns`; none if not
// known yet). Other data settings (e.g. the missing-value policy) stay.
export function csvSpec(spec, name, target, columns = []) {
  const out = structuredClone(spec);
  const { drop = [], target: _, ...rest } = out.data ?? {};
  const kept = drop.filter((d) => columns.includes(d) && d !== target);
  out.data = { ...rest, source: 'csv', path: name, ...(target ? { target } : {}), ...(kept.length ? { drop: kept } : {}) };
  return out;
}

// The spec to train the reported data with: for a CSV, csvSpec's; images need no change to the data
// section (the files come with the load).
export function specForData(spec, report, target) {
  return report.kind === 'csv' ? csvSpec(spec, report.name, target, report.columns.map((c) => c.name)) : structuredClone(spec);
}
