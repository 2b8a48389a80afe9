// Writes the site's sw.js: the list of files the offline service worker keeps (all but the big datasets, which the
// page's own download stores: web/shared/data-cache.js) and a version that changes with any file's content.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const LEFT_OUT = [/^data\/mnist\//, /^sw\.js$/, /\.tmp$/];

function list(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? list(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

export function writeServiceWorker(site) {
  const files = list(site).filter((f) => !LEFT_OUT.some((re) => re.test(f))).sort();
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(fs.readFileSync(path.join(site, f)));
  const version = hash.digest('hex').slice(0, 16);
  // './' is the site's address itself, which the server answers with index.html.
  const manifest = { version, files: ['./', ...files] };
  fs.writeFileSync(path.join(site, 'sw.js'),
    `// Written by tools/site-manifest.mjs: what this version of the site keeps offline.\n` +
    `self.NNPLAY_MANIFEST = ${JSON.stringify(manifest)};\nimportScripts('shared/service-worker.js');\n`);
  return manifest;
}
