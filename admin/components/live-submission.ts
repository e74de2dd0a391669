import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import type { SubmissionEvents } from '../../core/events.js';

export type StatusEvent = SubmissionEvents['submission:status'];
export type ProgressEvent = SubmissionEvents['submission:progress'];

export interface LiveHandlers {
  onStatus(event: StatusEvent): void;
  onProgress(event: ProgressEvent): void;
  /** After a reconnection: events sent meanwhile are lost, so the page reads the state again. */
  onReconnected(): void;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/**
 * Follows one submission over Socket.IO (API.md "Live events"): subscribes on every connection,
 * so a dropped connection resumes by itself, and reports whether the page is live.
 */
export function useSubmissionEvents(submissionId: number | undefined, handlers: LiveHandlers): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (!submissionId) return undefined;
    const socket = io({ path: '/socket.io', transports: ['websocket'], reconnectionDelayMax: 10_000 });
    let connectedBefore = false;
    socket.on('connect', () => {
      socket.timeout(10_000).emit('subscribe', { submissionId }, (err: Error | null, reply?: { ok: boolean }) => {
        if (err || !reply?.ok) {
          setState('refused');
          return;
        }
        setState('live');
        if (connectedBefore) latest.current.onReconnected();
        connectedBefore = true;
      });
    });
    socket.on('disconnect', () => setState('reconnecting'));
    socket.on('connect_error', () => setState(connectedBefore ? 'reconnecting' : 'connecting'));
    socket.on('submission:status', (event: StatusEvent) => {
      if (event.id === submissionId) latest.current.onStatus(event);
    });
    socket.on('submission:progress', (event: ProgressEvent) => {
      if (event.id === submissionId) latest.current.onProgress(event);
    });
    return () => {
      socket.close();
    };
  }, [submissionId]);

  return state;
}

/** Calls `fn` at most once per `ms`, the last call always arriving (record lists during a submission). */
export function throttle(fn: () => void, ms: number): { call(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call() {
      const wait = last + ms - Date.now();
      if (wait <= 0) {
        last = Date.now();
        fn();
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = undefined;
          last = Date.now();
          fn();
        }, wait);
      }
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
