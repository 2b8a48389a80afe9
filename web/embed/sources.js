// Where an embedded playground's spec and data come from: a preset of the site, or a CSV next to the
// author's page. Files resolve against the site root (the folder above embed/), so the element works
// from any page of the same origin.
const SITE = new URL('../', import.meta.url);

async function fetchOk(url, what) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not read ${what} (${url}: HTTP ${res.status})`);
  return res;
}

export const fetchPreset = async (path) => (await fetchOk(new URL(path, SITE), path)).json();

// A CSV next to the author's page: {kind: 'csv'} data for the worker, which then shapes the model's input.
export async function fetchCsv(url, target) {
  const text = await (await fetchOk(url, 'the data')).text();
  return { kind: 'csv', name: decodeURIComponent(new URL(url).pathname.split('/').pop()), text, target: target ?? '' };
}
