import { useCallback, useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import type { RecordDetails } from '../resources/record-pages.js';

const api = new ApiClient();

/** The `details` action of Animal or Sample: the record, its messages and what can be edited. */
export function useRecordDetails(resourceId: string, recordId: string | undefined): {
  details: RecordDetails | null;
  failure: string | null;
  reload(): void;
} {
  const [details, setDetails] = useState<RecordDetails | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (!recordId) return;
    api.recordAction({ resourceId, recordId, actionName: 'details' })
      .then((r) => {
        const data = r.data as unknown as RecordDetails & { notice?: { message: string } };
        if (data.detail) setDetails(data);
        else setFailure(data.notice?.message ?? 'The record could not be loaded');
      })
      .catch(() => setFailure('The record could not be loaded; reload the page.'));
  }, [resourceId, recordId]);
  useEffect(reload, [reload]);
  return { details, failure, reload };
}

/** A field's value in the record as the API shows it (labels for vocabularies, names for links). */
export function valueOf(detail: RecordDetails['detail'], name: string): string {
  const value = (detail as unknown as Record<string, unknown>)[name];
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'name' in (value as object)) return String((value as { name: string }).name);
  return String(value);
}
