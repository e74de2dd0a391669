import { config } from '../config.js';
import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import type { SubmissionProblem } from '../db/entities/submission.js';
import { sendMail, type Mail } from '../mail/mailer.js';
import { STATUS_LABELS } from './status-labels.js';

/** A job shorter than this was watched live in the panel: no mail unless it failed. */
export const LONG_JOB_MS = 60_000;

export interface JobOutcome {
  jobName: string;
  durationMs: number;
}

interface SubmissionForMail {
  id: number;
  title: string;
  status: SubmissionStatus;
  message: string;
  errors: SubmissionProblem[];
  errors_total: number;
  email: string;
  first_name: string;
}

/**
 * Whether the owner hears about a finished job by mail: always when it failed or sent records to
 * BioSamples (a record of what went out), otherwise only when it ran long enough to be left alone.
 */
export function worthMailing(status: SubmissionStatus, outcome: JobOutcome): boolean {
  if (status === 'waiting' || status === 'submitted') return false;
  return status === 'error' || outcome.jobName === 'submit-submission' || outcome.durationMs >= LONG_JOB_MS;
}

/** Tells the owner how a job on their submission ended; returns whether a mail went out. */
export async function mailSubmissionOutcome(submissionId: number, outcome: JobOutcome): Promise<boolean> {
  const [row]: SubmissionForMail[] = await db().query(
    `SELECT s.id, s.title, s.status, s.message, s.errors, s.errors_total, u.email, u.first_name
       FROM submissions s JOIN users u ON u.id = s.owner_id WHERE s.id = $1 AND u.active`,
    [submissionId],
  );
  if (!row || !worthMailing(row.status, outcome)) return false;
  await sendMail(outcomeMail(row));
  return true;
}

function outcomeMail(s: SubmissionForMail): Mail {
  const label = STATUS_LABELS[s.status];
  const problems = s.errors.slice(0, 10).map((p) => `  - ${p.level}: ${p.message}`);
  const more = s.errors_total > problems.length ? [`  … and ${s.errors_total - problems.length} more`] : [];
  const lines = [
    `Hello${s.first_name ? ` ${s.first_name}` : ''},`,
    '',
    `Your submission "${s.title}" is now: ${label}.`,
    s.message,
    ...(problems.length ? ['', 'Problems found:', ...problems, ...more] : []),
    '',
    `Open it: ${config().publicUrl}/admin/resources/Submission/records/${s.id}/show`,
    '',
    '— InjectTool',
  ];
  return { to: s.email, subject: `InjectTool: "${s.title}" — ${label}`, text: lines.join('\n') };
}
