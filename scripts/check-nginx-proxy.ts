/**
 * Part of scripts/check-deployment.sh: runs nginx with the rendered compose configuration in front of
 * a stand-in app on 127.0.0.1, and checks what the configuration promises: forwarded headers, gzip,
 * the panel bundles' caching, the upload limit with its headroom and JSON 413, uploads streamed to
 * the app, and the websocket upgrade on /socket.io.
 *   node --import tsx scripts/check-nginx-proxy.ts <main nginx.conf> <server conf it includes>
 * The server conf is rendered with MAX_UPLOAD_MB=1; its listen address and the app's address are
 * rewritten here to local ones.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const [mainConf, serverConf] = process.argv.slice(2);
if (!mainConf || !serverConf) throw new Error('usage: check-nginx-proxy.ts <main nginx.conf> <server conf>');

const MB = 1024 * 1024;
const BUNDLE = `/* panel bundle */\n${'window.AdminJS = window.AdminJS || {};\n'.repeat(500)}`;
/** The stand-in app tells the test when the first bytes of a request body reach it (event: the path). */
const arrivals = new EventEmitter();

/** The app as nginx sees it: echoes what it received. */
function standInApp(): http.Server {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/admin/frontend/assets/app.bundle.js')) {
      res.writeHead(200, { 'content-type': 'application/javascript; charset=UTF-8', 'cache-control': 'public, max-age=86400' });
      return res.end(BUNDLE);
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      if (!bytes) arrivals.emit(req.url ?? '');
      bytes += chunk.length;
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, headers: req.headers, bytes }));
    });
  });
  // Socket.IO's websocket: the 101 answer, then an echo of every byte.
  server.on('upgrade', (req, socket) => {
    const accept = crypto.createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.pipe(socket);
  });
  return server;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length - 1, 1, `expected "${from}" once in the rendered nginx configuration`);
  return text.replace(from, to);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** With `holdAfter`, sends that many bytes of the body, then the rest once `release` resolves. */
function request(port: number, opts: http.RequestOptions & { body?: Buffer; holdAfter?: number; release?: Promise<unknown> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...opts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    const { body, holdAfter, release } = opts;
    if (!body) return req.end();
    if (holdAfter === undefined) return req.end(body);
    req.write(body.subarray(0, holdAfter));
    release?.then(() => req.end(body.subarray(holdAfter)), (err) => (req.destroy(), reject(err)));
  });
}

const json = (a: Answer) => JSON.parse(a.body.toString('utf8'));

async function waitForPort(port: number, nginx: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited with ${nginx.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not start listening');
}

async function checks(port: number): Promise<void> {
  // Forwarded headers: Host keeps its port (the app compares Origin with it); the client cannot
  // choose its address.
  const echo = json(await request(port, { path: '/api/me', headers: { host: 'genebank.example.org:26080', 'x-forwarded-for': '203.0.113.9' } }));
  assert.equal(echo.headers.host, 'genebank.example.org:26080');
  assert.equal(echo.headers['x-forwarded-host'], 'genebank.example.org:26080');
  assert.equal(echo.headers['x-forwarded-proto'], 'http');
  assert.equal(echo.headers['x-forwarded-for'], '127.0.0.1', 'nginx replaces the X-Forwarded-For a client sends');
  assert.equal(echo.headers['x-real-ip'], '127.0.0.1');

  // Panel bundles: gzip; an unversioned URL keeps the app's Cache-Control, a versioned one is immutable.
  const bundle = await request(port, { path: '/admin/frontend/assets/app.bundle.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers['content-encoding'], 'gzip');
  assert.ok(bundle.body.length < BUNDLE.length / 5, 'the bundle is compressed');
  assert.equal(bundle.headers['cache-control'], 'public, max-age=86400');
  const versioned = await request(port, { path: '/admin/frontend/assets/app.bundle.js?date=1700000000000' });
  assert.equal(versioned.headers['cache-control'], 'public, max-age=31536000, immutable');

  // Uploads (MAX_UPLOAD_MB=1): a file at the limit plus its multipart framing reaches the app...
  const atLimit = crypto.randomBytes(MB + 64 * 1024);
  const passed = await request(port, { method: 'POST', path: '/api/submissions', body: atLimit, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
  assert.equal(passed.status, 200);
  assert.equal(json(passed).bytes, atLimit.length);
  // ...a larger one gets the app's JSON error from nginx.
  const tooLarge = await request(port, { method: 'POST', path: '/api/submissions', body: crypto.randomBytes(2 * MB + 1), headers: { 'content-type': 'multipart/form-data; boundary=x' } });
  assert.equal(tooLarge.status, 413);
  assert.match(String(tooLarge.headers['content-type']), /^application\/json/);
  assert.deepEqual(json(tooLarge), { error: 'upload_too_large', message: 'The file is larger than 1 MB (MAX_UPLOAD_MB)' });

  // Uploads are streamed: the app has the first bytes while the client still holds back the rest.
  const streamPath = '/api/submissions?streamed';
  const firstBytes = once(arrivals, streamPath, { signal: AbortSignal.timeout(5000) }).catch(() => {
    throw new Error('the app got no byte of the upload before its end: nginx buffers request bodies');
  });
  const body = crypto.randomBytes(512 * 1024);
  const streamed = await request(port, { method: 'POST', path: streamPath, body, holdAfter: 256 * 1024, release: firstBytes });
  assert.equal(json(streamed).bytes, body.length);

  // Socket.IO: the websocket upgrade goes through, and bytes flow both ways.
  const echoed = await new Promise<string>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=websocket',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': crypto.randomBytes(16).toString('base64') },
    });
    req.on('upgrade', (res, socket) => {
      assert.equal(res.statusCode, 101);
      socket.once('data', (d: Buffer) => (socket.destroy(), resolve(d.toString())));
      socket.write('ping over nginx');
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  assert.equal(echoed, 'ping over nginx');
}

const app = standInApp();
const appPort = await listen(app);
const nginxPort = await freePort();
let conf = fs.readFileSync(serverConf, 'utf8');
conf = replaceOnce(conf, 'listen 80 default_server;', `listen 127.0.0.1:${nginxPort} default_server;`);
conf = replaceOnce(conf, 'http://web:3000', `http://127.0.0.1:${appPort}`);
fs.writeFileSync(serverConf, conf);

const nginx = spawn('nginx', ['-p', `${path.dirname(mainConf)}/`, '-c', mainConf, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'inherit', 'inherit'] });
try {
  await waitForPort(nginxPort, nginx);
  await checks(nginxPort);
  console.log('nginx: forwarded headers, gzip, bundle caching, upload limit and streaming, websocket upgrade OK');
} finally {
  const exited = new Promise((resolve) => (nginx.exitCode !== null ? resolve(null) : nginx.once('exit', resolve)));
  nginx.kill('SIGTERM');
  await exited;
  app.closeAllConnections();
  app.close();
}
