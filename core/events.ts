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
}

let transport: EventTransport | undefined;

/** Called once at process start-up by the web server or the worker. */
export function useEventTransport(t: EventTransport | undefined): void {
  transport = t;
}

export const submissionRoom = (submissionId: number): string => `submission:${submissionId}`;

export function publish<E extends keyof SubmissionEvents>(event: E, payload: SubmissionEvents[E]): void {
  if (!transport) return; // scripts and unit tests run without live clients
  try {
    transport.to(submissionRoom(payload.id)).emit(event, payload);
  } catch (err) {
    logger.warn({ err, event, submissionId: payload.id }, 'could not publish event');
  }
}
