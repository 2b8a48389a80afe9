// Every page's state in its address (docs/address.md), TensorFlow-Playground style: `#key=value&...`.
// One state table per page lists its keys; a link opened elsewhere brings back the same state. A whole
// spec travels as `spec=` + base64url of its zlib-deflated JSON (the browser's CompressionStream; the
// zlib checksum catches most damage to a link).

// A link whose state cannot be read: the page says so and falls back to its default.
export class AddressError extends Error {}

export function readHash(hash = location.hash) {
  return Object.fromEntries(new URLSearchParams(hash.replace(/^#/, '')));
}

export function hashOf(values) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return `#${params}`;
}

// Replaces the address (a setting changed) or pushes a new entry (a new lesson or preset), without a
// hashchange event.
export function writeHash(values, { push = false } = {}) {
  const hash = hashOf(values);
  if (hash === location.hash) return;
  history[push ? 'pushState' : 'replaceState'](null, '', hash);
}

// Values from strings (an address, or an element's attributes) to their types by a state table
// [{key, type, default, options, min, integer}]: type number (or range), list (comma or space separated,
// only the options), flag (present unless "false"), or text (one of the options, if given). A missing
// or invalid value falls back to the default, which may depend on the entries before it (default:
// (values) => ...).
export function parseState(table, raw) {
  const values = {};
  for (const k of table) {
    const text = raw[k.key] ?? undefined;
    const fallback = typeof k.default === 'function' ? k.default(values) : k.default;
    values[k.key] = text === undefined ? (k.type === 'flag' ? false : fallback) : parseValue(k, text, fallback);
  }
  return values;
}

function parseValue(k, text, fallback) {
  const allowed = (v) => !k.options || k.options.some((o) => String(Array.isArray(o) ? o[0] : o) === v);
  if (k.type === 'number' || k.type === 'range') {
    const n = Number(text);
    const ok = text.trim() !== '' && Number.isFinite(n) && n >= (k.min ?? -Infinity) && (!k.integer || Number.isInteger(n));
    return ok ? n : fallback;
  }
  if (k.type === 'list') return text.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter((s) => s && allowed(s));
  if (k.type === 'flag') return text !== 'false';
  return allowed(text) ? text : fallback;
}

const toBase64Url = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new AddressError('it holds characters a spec link never has');
  let s;
  try {
    s = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    throw new AddressError('it was cut short');
  }
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

const through = async (bytes, stream) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());

// A spec as the address's `spec` value.
export async function encodeSpec(spec) {
  return toBase64Url(await through(new TextEncoder().encode(JSON.stringify(spec)), new CompressionStream('deflate')));
}

// The spec a `spec` value holds; an AddressError names what is wrong with a damaged or edited link.
export async function decodeSpec(text) {
  const bytes = fromBase64Url(text);
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await through(bytes, new DecompressionStream('deflate')));
  } catch {
    throw new AddressError('its model is damaged (it does not unpack)');
  }
  let spec;
  try {
    spec = JSON.parse(json);
  } catch (e) {
    throw new AddressError(`its model is not valid JSON (${e.message})`);
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new AddressError('its model is not a spec object');
  return spec;
}
