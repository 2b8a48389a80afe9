// A static server that needs nothing but Node. Sends COOP/COEP so the page is cross-origin
// isolated (SharedArrayBuffer for a threaded build) and makes the browser revalidate every file.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.csv': 'text/csv', '.gz': 'application/gzip',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.md': 'text/markdown; charset=utf-8',
};

export function serve({ root, port = 8080, host = '127.0.0.1' }) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(base, decodeURIComponent(url.pathname));
    if (!file.startsWith(base)) return void res.writeHead(403).end('forbidden');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.stat(file, (err, stat) => {
      if (err) return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${url.pathname}`);
      const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
      // no-cache with a date: the browser asks every time (a rebuild shows at once) and an unchanged file costs a
      // 304, e.g. when the offline service worker stores what the page has just loaded.
      const modified = stat.mtime.toUTCString();
      if (req.headers['if-modified-since'] === modified) return void res.writeHead(304, { ...isolation, 'cache-control': 'no-cache' }).end();
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': stat.size,
        ...isolation,
        'cache-control': 'no-cache',
        'last-modified': modified,
      });
      if (req.method === 'HEAD') return void res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build/site');
  const port = Number(process.env.PORT ?? 8080);
  const server = await serve({ root, port, host: process.env.HOST ?? '127.0.0.1' }).catch((e) => {
    console.error(`nnplay: cannot serve on port ${port}: ${e.message} (set PORT=... to use another)`);
    process.exit(1);
  });
  const { port: actual } = server.address();
  console.log(`nnplay playground: http://${process.env.HOST ?? '127.0.0.1'}:${actual}/  (Ctrl+C to stop)`);
}
