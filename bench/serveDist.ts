/**
 * The static server the browser benches (bench/browser.ts, bench/browserTimetravel.ts)
 * serve a built site with: under a sub-path only, as a project page on a static host,
 * so the benches also check that the site works away from the root.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

export const SUBPATH = '/feitian-lab/';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves a built site (`dist`) under SUBPATH only (anything else is 404), like a project page on a static host. */
export function serveDist(dist: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!path.startsWith(SUBPATH)) {
      res.writeHead(404).end('not under ' + SUBPATH);
      return;
    }
    let file = normalize(join(dist, path.slice(SUBPATH.length)));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      ok({ server, url: `http://127.0.0.1:${port}${SUBPATH}` });
    }),
  );
}
