import type pg from 'pg';
import { Emitter } from '@socket.io/postgres-emitter';
import { eventTransport, useEventTransport } from '../core/events.js';
import { logger } from '../core/logger.js';

/**
 * Lets a worker or scheduler process publish submission events: they travel through PostgreSQL
 * NOTIFY to the web processes' Socket.IO adapter, which delivers them to the room. When the web
 * server runs in the same process (`npm start`) its Socket.IO server is already the transport and
 * stays. Returns the undo, to call before the pool closes.
 */
export function publishEventsThroughPostgres(pool: pg.Pool): () => void {
  if (eventTransport()) return () => undefined;
  // Two fixes between @socket.io/postgres-emitter 0.1.1 and @socket.io/postgres-adapter 0.5.0:
  // - the emitter leaves `nsp` out of its messages, and the adapter (socket.io-adapter's
  //   ClusterAdapter) drops messages without it, so every event would be lost: it is added here;
  // - the emitter answers a failed query by emitting an "error" event through itself, which fails
  //   again; a query that logs and resolves breaks that loop during a database outage.
  const quietPool = {
    query: (text: string, params?: unknown[]) => {
      if (text.startsWith('INSERT')) logger.warn('a live event too large for NOTIFY is not delivered');
      const sent = text.includes('pg_notify') && params?.length === 2 ? [params[0], withNamespace(params[1])] : params;
      return pool.query(text, sent).catch((err: unknown) => {
        logger.warn({ err }, 'could not publish a live event');
        return { rows: [{}], rowCount: 0 };
      });
    },
  };
  const emitter = new Emitter(quietPool);
  useEventTransport(emitter);
  return () => {
    if (eventTransport() === emitter) useEventTransport(undefined);
  };
}

function withNamespace(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  try {
    const message = JSON.parse(payload) as { nsp?: string };
    return message.nsp === undefined ? JSON.stringify({ ...message, nsp: '/' }) : payload;
  } catch {
    return payload;
  }
}
