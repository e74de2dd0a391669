import type { SubmissionStatus } from './db/entities/enums.js';
import type { JobProgress } from './db/entities/submission.js';
import { logger } from './logger.js';

/** What Socket.IO delivers to the room of one submission (API.md "Live events"). */
export interface SubmissionEvents {
  'submission:status': { id: number; status: SubmissionStatus; message: string };
  'submission:progress': { id: number; phase: JobProgress['phase']; done: number; total: number };
}

/**
 * Anything that can emit into a room: the Socket.IO server (web processes, through the Postgres
 * adapter) or the Postgres emitter (workers). Both have this shape.
 */
export interface EventTransport {
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  in?(room: string): { disconnectSockets(close?: boolean): unknown };
}

let transport: EventTransport | undefined;

/** Called once at process start-up by the web server or the worker. */
export function useEventTransport(t: EventTransport | undefined): void {
  transport = t;
}

/** The transport in use, if any (a worker keeps the Socket.IO server when web runs in the same process). */
export function eventTransport(): EventTransport | undefined {
  return transport;
}

export const submissionRoom = (submissionId: number): string => `submission:${submissionId}`;

/** Every socket of one user joins this room, so they can be cut off together. */
export const userRoom = (userId: number): string => `user:${userId}`;

/**
 * Closes the live connections of a user, in every web process: call it when a user is deactivated
 * (or logs out everywhere), so their sockets stop receiving events at once.
 */
export function disconnectUser(userId: number): void {
  try {
    transport?.in?.(userRoom(userId)).disconnectSockets(true);
  } catch (err) {
    logger.warn({ err, userId }, 'could not disconnect the sockets of a user');
  }
}

export function publish<E extends keyof SubmissionEvents>(event: E, payload: SubmissionEvents[E]): void {
  if (!transport) return; // scripts and unit tests run without live clients
  try {
    transport.to(submissionRoom(payload.id)).emit(event, payload);
  } catch (err) {
    logger.warn({ err, event, submissionId: payload.id }, 'could not publish event');
  }
}
