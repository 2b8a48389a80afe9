// Which class each file of an image folder (or zip) belongs to, from its path alone: the class is the
// first folder below the root, or below a single top folder (a zipped or dropped "pets/" holding
// "cat/" and "dog/"). Shared by the page (folders) and the worker (zips), so both read a tree alike.
// The core decodes the bytes; nothing here looks inside a file.

// Files an archiver or a desktop adds that are not data: macOS's resource forks, dot files
// (.DS_Store), Windows' thumbnail caches.
const NOISE = /(^|\/)(__MACOSX|\.[^/]*|Thumbs\.db|desktop\.ini)(\/|$)/i;

// A path that could land outside the root: absolute, a drive letter, or a `..` step.
const UNSAFE = /^([/\\]|[a-z]:)|(^|[/\\])\.\.([/\\]|$)/i;

// paths: as the source gives them ("pets/cat/1.png"; a leading "/" from a dropped folder's entries
// is the drop's root, not the disk's, and is removed by the caller). Returns
// { files: [{index, label, name}], skipped: [{file, reason}], ignored: n } where index points into
// `paths` and name is the path below the root the classes hang from.
export function labelPaths(paths) {
  const skipped = [];
  let ignored = 0;
  const kept = [];
  paths.forEach((path, index) => {
    if (UNSAFE.test(path)) return skipped.push({ file: path, reason: 'its path leads outside the folder (refused)' });
    const parts = path.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || path.endsWith('/')) return; // a folder entry, not a file
    if (NOISE.test(parts.join('/'))) return ++ignored;
    kept.push({ index, parts });
  });
  // One top folder over everything, with class folders below it: that folder is the root.
  const top = kept[0]?.parts[0];
  const single = kept.every((k) => k.parts[0] === top) && kept.some((k) => k.parts.length >= 3);
  const files = [];
  for (const { index, parts } of kept) {
    const below = single ? parts.slice(1) : parts;
    if (below.length < 2) {
      skipped.push({ file: parts.join('/'), reason: 'not in a class folder (put each class in a folder of its own)' });
      continue;
    }
    files.push({ index, label: below[0], name: below.join('/') });
  }
  return { files, skipped, ignored };
}

// A report's notes and skipped list gain what the path rules set aside before the core saw a byte.
export function withPathFindings(report, { skipped, ignored }) {
  const notes = [...(report.notes ?? [])];
  if (ignored) notes.push(`${ignored} hidden or system file${ignored === 1 ? '' : 's'} (.DS_Store, __MACOSX, …) ignored`);
  return { ...report, skipped: [...skipped, ...(report.skipped ?? [])], notes };
}

// A folder's files, [{path, bytes}], as the core takes them: [{label, name, bytes}], and what the
// path rules set aside.
export function labelEntries(entries) {
  const { files, skipped, ignored } = labelPaths(entries.map((e) => e.path));
  return { files: files.map((f) => ({ label: f.label, name: f.name, bytes: entries[f.index].bytes })), findings: { skipped, ignored } };
}
