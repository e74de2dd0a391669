import type { SubmissionStatus } from '../db/entities/enums.js';

/** The curator's words for submission statuses: panel, dashboard and mails say the same. */
export const STATUS_LABELS: Record<SubmissionStatus, string> & Record<string, string | undefined> = {
  waiting: 'Being processed',
  loaded: 'Loaded',
  error: 'Error',
  need_revision: 'Needs revision',
  ready: 'Ready to submit',
  submitted: 'Being submitted',
  completed: 'Completed',
};
