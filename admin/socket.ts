import type http from 'node:http';
import pg from 'pg';
import type { RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { config } from '../core/config.js';
import { db } from '../core/db/data-source.js';
import { submissionRoom, useEventTransport, userRoom } from '../core/events.js';
import { logger } from '../core/logger.js';
import { mayFollowSubmission } from '../core/submissions/following.js';
import type { Actor } from '../core/submissions/policy.js';
import { actorForToken } from '../core/users/tokens.js';
import { actorFromSession, bearerToken } from './auth/identity.js';

type SessionRequest = http.IncomingMessage & { session?: Session & Partial<SessionData> };

/** How a socket proved who it is; checked again on every `subscribe`. */
type Credential = { kind: 'session' } | { kind: 'token'; token: string };

interface SocketData {
  credential: Credential;
  userId: number;
}

export interface SocketServer {
  io: Server;
  close(): Promise<void>;
}

/**
 * Socket.IO at `/socket.io` (API.md "Live events"), authenticated by the panel/API session cookie
 * or `auth: { token }`. Events from every process reach it through the PostgreSQL adapter.
 */
export function attachSocketServer(httpServer: http.Server, sessionMiddleware: RequestHandler): SocketServer {
  const url = (db().options as { url?: string }).url;
  // A pool of its own: the adapter keeps one connection LISTENing and returns it on close.
  const pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'injecttool-socket.io' });
  const lost = (err: Error) => logger.warn({ err }, 'socket.io database connection lost');
  pool.on('error', lost);
  // The adapter keeps a client checked out for LISTEN without an error listener: a database restart would crash the process.
  pool.on('connect', (client) => client.on('error', lost));
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    adapter: createAdapter(pool, { errorHandler: (err) => logger.warn({ err }, 'socket.io adapter error') }),
  });
  io.engine.use(sessionMiddleware);
  io.use((socket, next) => {
    authenticate(socket).then(
      (refusal) => next(refusal ? new Error(refusal) : undefined),
      (err: unknown) => {
        logger.error({ err }, 'socket authentication failed');
        next(new Error('authentication failed'));
      },
    );
  });
  io.on('connection', (socket) => {
    void socket.join(userRoom((socket.data as SocketData).userId));
    socket.on('subscribe', (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: SubscribeReply) => void) : () => undefined;
      subscribe(socket, payload).then(reply, (err: unknown) => {
        logger.error({ err }, 'socket subscribe failed');
        reply({ ok: false, error: 'Internal error' });
      });
    });
  });
  useEventTransport(io);
  return {
    io,
    close: async () => {
      useEventTransport(undefined);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await pool.end();
    },
  };
}

/** Returns why the connection is refused, or undefined when the socket may connect. */
async function authenticate(socket: Socket): Promise<string | undefined> {
  const token = tokenOf(socket);
  const credential: Credential = token !== undefined ? { kind: 'token', token } : { kind: 'session' };
  if (credential.kind === 'session' && isCrossSite(socket.request)) return 'cross-site connection refused';
  const actor = await actorFor(socket, credential);
  if (!actor) return 'not logged in';
  socket.data = { credential, userId: actor.id } satisfies SocketData;
  return undefined;
}

function tokenOf(socket: Socket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string') return fromAuth;
  return bearerToken(socket.request.headers.authorization);
}

/** Re-read from the database every time: a deactivated user, revoked token or ended session stops at once. */
async function actorFor(socket: Socket, credential: Credential): Promise<Actor | null> {
  if (credential.kind === 'token') return actorForToken(credential.token);
  const session = (socket.request as SessionRequest).session;
  if (!session) return null;
  const current = await reload(session);
  return current ? actorFromSession(current) : null;
}

/** The session as stored now (the handshake's copy may predate a logout). */
function reload(session: Session): Promise<Session | null> {
  return new Promise((resolve) => session.reload((err) => resolve(err ? null : session)));
}

type SubscribeReply = { ok: true } | { ok: false; error: string };

async function subscribe(socket: Socket, payload: unknown): Promise<SubscribeReply> {
  const submissionId = Number((payload as { submissionId?: unknown } | null)?.submissionId);
  if (!Number.isSafeInteger(submissionId) || submissionId <= 0) {
    return { ok: false, error: 'subscribe needs {submissionId: <a submission id>}' };
  }
  const data = socket.data as SocketData;
  const actor = await actorFor(socket, data.credential);
  if (!actor || actor.id !== data.userId) {
    // Already-joined rooms must stop delivering too.
    setImmediate(() => socket.disconnect(true));
    return { ok: false, error: 'Not logged in: the session ended or the account was deactivated' };
  }
  if (!(await mayFollowSubmission(actor, submissionId))) {
    return { ok: false, error: `Submission ${submissionId} does not exist or is not yours` };
  }
  await socket.join(submissionRoom(submissionId));
  return { ok: true };
}

/** A cookie-authenticated handshake from a page of another site is refused (as the API refuses its writes). */
function isCrossSite(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    const from = new URL(origin);
    return from.origin !== new URL(config().publicUrl).origin && from.host !== req.headers.host;
  } catch {
    return true;
  }
}
