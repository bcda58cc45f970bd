import { createServer, type Server } from 'node:http';

/**
 * The floors for the wallboard's first render, served on loopback by a bare Node server (no framework, no API):
 *   /empty    an HTML page with one line of text and no script (time to first contentful paint);
 *   /same-js  an HTML page with one module script of `scriptBytes` bytes (an inert string literal, then one line
 *             that appends `#ready`): what loading and running that much JavaScript costs at the least.
 */
export async function startWallboardFloorServer(scriptBytes: number) {
  const tail = `;document.body.append(Object.assign(document.createElement('p'),{id:'ready',textContent:'ready'}));\n`;
  const head = 'const padding = "';
  const script = `${head}${'x'.repeat(Math.max(0, scriptBytes - head.length - tail.length - 1))}"${tail}`;
  const pages: Record<string, { type: string; body: string }> = {
    '/empty': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="en"><title>Floor</title><p id="ready">Floor</p></html>',
    },
    '/same-js': {
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="en"><title>Floor</title><body><script type="module" src="/same-js.js"></script></body></html>',
    },
    '/same-js.js': { type: 'text/javascript; charset=utf-8', body: script },
  };
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    scriptBytes: Buffer.byteLength(script),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
