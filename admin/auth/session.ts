import type { RequestHandler } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type pg from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { config } from '../../core/config.js';
import { db } from '../../core/db/data-source.js';

/** What a session holds: AdminJS's current admin (AdminJS reads `adminUser`), refreshed on every request. */
export interface SessionUser {
  id: number;
  email: string;
  role: 'admin' | 'curator';
  title: string;
}

declare module 'express-session' {
  interface SessionData {
    adminUser?: SessionUser;
  }
}

export const SESSION_COOKIE = 'injecttool.sid';
const IDLE_HOURS = 12;

/** The pg pool of the process's DataSource: sessions (and Socket.IO's adapter) need no second pool. */
export function sessionStorePool(): pg.Pool {
  return (db().driver as PostgresDriver).master as pg.Pool;
}

/**
 * The one session middleware of the panel, the API and Socket.IO: sessions in PostgreSQL (table
 * `session`, created by the migrations; expired rows are removed by the scheduler's clean-up job).
 */
export function createSessionMiddleware(): RequestHandler {
  return session(sessionOptions());
}

export function sessionOptions(): session.SessionOptions {
  const PgStore = connectPgSimple(session);
  return {
    name: SESSION_COOKIE,
    secret: config().secretKey,
    store: new PgStore({ pool: sessionStorePool(), tableName: 'session', createTableIfMissing: false, pruneSessionInterval: false }),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: sessionCookieOptions(),
  };
}

export function sessionCookieOptions(): session.CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().publicUrl.startsWith('https:'),
    maxAge: IDLE_HOURS * 3600 * 1000,
    path: '/',
  };
}

/** A new session id on login, so an id planted before login is worth nothing after it. */
export function regenerateSession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function saveSession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

export function destroySession(req: Express.Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}
