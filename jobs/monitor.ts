/**
 * `npm run monitor`: Agendash on MONITOR_PORT (5555) for admins. It reuses the panel's session
 * (same cookie, same store), so an admin logged in to the panel is logged in here.
 */
import http from 'node:http';
import type net from 'node:net';
import express, { type RequestHandler } from 'express';
import { createExpressMiddleware } from 'agendash';
import { config } from '../core/config.js';
import { actorFromSession } from '../admin/auth/identity.js';
import { refuseCrossSiteWrites } from '../admin/auth/same-site.js';
import { createSessionMiddleware } from '../admin/auth/session.js';
import { createAgenda } from './agenda.js';
import { isMain, runProcess, type Running } from './process.js';

export interface Monitor extends Running {
  url: string;
}

export async function startMonitor(options: { port?: number; host?: string } = {}): Promise<Monitor> {
  const { agenda, close } = createAgenda('monitor');
  // Started without definitions: it processes nothing, but hears job events for the live view.
  await agenda.start();
  const app = express();
  app.disable('x-powered-by');
  app.use(createSessionMiddleware());
  app.use(refuseCrossSiteWrites());
  app.use(adminsOnly());
  app.use('/', createExpressMiddleware(agenda));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config().jobs.monitorPort, options.host ?? config().host, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await close();
    },
  };
}

function adminsOnly(): RequestHandler {
  return (req, res, next) => {
    actorFromSession(req.session).then((actor) => {
      if (actor?.role === 'admin') return next();
      const status = actor ? 403 : 401;
      const message = actor
        ? `The job monitor is for admins; ${actor.email} is not one.`
        : 'The job monitor needs an InjectTool admin login.';
      res.status(status);
      if (req.path.startsWith('/api')) return res.json({ error: actor ? 'forbidden' : 'not_logged_in', message });
      res.type('html').send(page(message));
    }, next);
  };
}

function page(message: string): string {
  const login = `${config().publicUrl}/admin/login`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>InjectTool job monitor</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>InjectTool job monitor</h1>
<p>${escapeHtml(message)}</p>
<p>Log in to the panel as an admin at <a href="${escapeHtml(login)}">${escapeHtml(login)}</a>, then reload this page.
Open both with the same host name (the login cookie belongs to the host, whatever the port).</p>
</body></html>`;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

if (isMain(import.meta.url)) runProcess('monitor', () => startMonitor());
