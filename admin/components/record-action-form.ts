import { useState } from 'react';
import { ApiClient, useNotice } from 'adminjs';

const api = new ApiClient();

/** What a record action answers: a notice to show and where to go next, plus the action's own fields. */
export type ActionAnswer<T = object> = T & { notice?: { type?: string; message: string }; redirectUrl?: string };

interface Reactions<T> {
  /** Any answer from the server, an error notice included (not a failure to reach it). */
  answered?(answer: ActionAnswer<T>): void;
  /** An answer without an error notice, before its notice is shown and its redirect followed. */
  succeeded?(answer: ActionAnswer<T>): void;
}

/**
 * Sends a record action's form: `busy` while it runs; an error notice, or a server that could not
 * be reached (`unreachable`), becomes `error` for the form to show; otherwise the notice is shown
 * as a success and its redirect followed.
 */
export function useRecordActionForm(resourceId: string, recordId: string | undefined, actionName: string, unreachable: string) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addNotice = useNotice();

  const send = async <T = object>(data: Record<string, unknown>, reactions: Reactions<T> = {}): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const response = await api.recordAction({ resourceId, recordId: recordId!, actionName, data });
      const answer = response.data as unknown as ActionAnswer<T>;
      reactions.answered?.(answer);
      if (answer.notice?.type === 'error') setError(answer.notice.message);
      else {
        reactions.succeeded?.(answer);
        if (answer.notice) addNotice({ message: answer.notice.message, type: 'success' });
        if (answer.redirectUrl) window.location.assign(answer.redirectUrl);
      }
    } catch {
      setError(unreachable);
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, send };
}
