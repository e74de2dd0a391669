import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';
import { createApp } from '../admin/app.js';
import { closeQueue } from '../jobs/queue.js';
import { useTestDatabase, type TestDatabase } from './database.js';
import { createToken } from './factories.js';
import { readAnswer, type Answer } from './http-answer.js';

/** The web app of admin/app.ts on a free port of 127.0.0.1. */
export async function startTestApp(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(createApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export interface TestApp {
  /** This file's own database. */
  db: TestDatabase;
  app: { readonly url: string };
  /** A client sending a new API token of `user`, as a script does. */
  as(user: { id: number }): Promise<WebClient>;
}

/**
 * The web app on the test file's own database (call it instead of useTestDatabase()): started
 * before the file's own `beforeAll`; the app and the job queue close before the database is dropped.
 */
export function useTestApp(): TestApp {
  let running: Awaited<ReturnType<typeof startTestApp>> | undefined;
  afterAll(async () => {
    await closeQueue();
    await running?.close();
  });
  const db = useTestDatabase();
  beforeAll(async () => {
    running = await startTestApp();
  });
  const app = {
    get url() {
      if (!running) throw new Error('the web app has not started');
      return running.url;
    },
  };
  const as = async (user: { id: number }) => {
    const client = new WebClient(app.url);
    client.bearer = (await createToken(user.id)).token;
    return client;
  };
  return { db, app, as };
}

export type { Answer };

type Body = Record<string, string | number | boolean | null> | undefined;

/** A client that keeps its session cookie, like a browser tab (without following redirects). */
export class WebClient {
  cookie = '';
  bearer?: string;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: { json?: unknown; form?: Body; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = new FormData();
      for (const [k, v] of Object.entries(options.form)) body.append(k, v === null ? '' : String(v));
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.keepCookies(res.headers.getSetCookie());
    return readAnswer(res);
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  /** JSON for /api, multipart form data (as AdminJS sends it) for /admin. */
  post(path: string, body?: Body, headers?: Record<string, string>) {
    return path.startsWith('/api') ? this.request('POST', path, { json: body ?? {}, headers }) : this.request('POST', path, { form: body ?? {}, headers });
  }

  patch(path: string, body: unknown) {
    return this.request('PATCH', path, { json: body });
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Logs in through the panel's form, as a person does; throws unless AdminJS redirects to the panel. */
  async panelLogin(email: string, password: string): Promise<void> {
    const res = await this.post('/admin/login', { email, password });
    if (res.status !== 302 || res.headers.get('location') !== '/admin') throw new Error(`panel login failed for ${email}: ${res.status}`);
  }

  private keepCookies(setCookies: string[]): void {
    const jar = new Map(this.cookie ? this.cookie.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]) : []);
    for (const c of setCookies) {
      const [pair, ...attributes] = c.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
    this.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
