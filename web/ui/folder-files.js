// The files of a dropped or picked folder, each with its path inside the drop: a dropped folder is
// walked through its FileSystemEntry tree, a picked one (<input webkitdirectory>) names each file's
// path in webkitRelativePath. Nothing is read here; the caller checks sizes first.

// The entries of a drop, taken while the drop event runs (the browser empties its DataTransfer after).
export function dropEntries(dataTransfer) {
  return [...(dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.() ?? null);
}

export const hasFolder = (entries) => entries?.some((e) => e?.isDirectory) ?? false;

// A directory reader gives its children in batches (100 at a time in Chromium) until an empty one.
function children(dir) {
  const reader = dir.createReader();
  const all = [];
  return new Promise((resolve, reject) => {
    const next = () => reader.readEntries((batch) => (batch.length ? (all.push(...batch), next()) : resolve(all)), reject);
    next();
  });
}

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

// [{path, file}] for every file under the dropped entries (paths without the drop's leading "/").
export async function walkEntries(entries) {
  const out = [];
  const walk = async (entry) => {
    if (entry.isDirectory) for (const child of await children(entry)) await walk(child);
    else out.push({ path: entry.fullPath.replace(/^\/+/, ''), file: await fileOf(entry) });
  };
  for (const entry of entries) if (entry) await walk(entry);
  return out;
}

// [{path, file}] for files picked with a folder picker, or null if they were not picked as a folder.
export function pickedFolder(files) {
  if (!files.length || !files.every((f) => f.webkitRelativePath)) return null;
  return files.map((file) => ({ path: file.webkitRelativePath, file }));
}
