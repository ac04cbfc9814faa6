// A small static file server for out/, on loopback only: `make serve`.
//   node guest-bindgen/www/serve.mjs [DIR] [PORT]     (PORT 0 picks a free one)
// The page is then at http://127.0.0.1:PORT/www/index.html.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

export function serve(root, port = 0) {
  const base = resolve(root);
  const server = createServer((request, response) => {
    const path = normalize(join(base, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    let isFile = false;
    try {
      isFile = path.startsWith(base) && statSync(path).isFile();
    } catch {}
    if (!isFile) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  return new Promise((ready) => server.listen(port, '127.0.0.1', () => ready(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serve(process.argv[2] ?? 'out', Number(process.argv[3] ?? 8000));
  console.log(`serving ${process.argv[2] ?? 'out'} at http://127.0.0.1:${server.address().port}/www/index.html (Ctrl-C stops)`);
}
