import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { createSubmission, createUser } from '../../test/factories.js';
import { readMail, startFakeSmtp, type FakeSmtp } from '../../test/fakes/smtp.js';
import { overrideConfig } from '../config.js';
import { transition } from './state-machine.js';
import { mailSubmissionOutcome } from './outcome-mail.js';

const db = useTestDatabase();
let smtp: FakeSmtp;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  overrideConfig((c) => { c.mail.smtpUrl = smtp.url; c.publicUrl = 'https://injecttool.example.org'; });
});
afterAll(async () => {
  overrideConfig((c) => { c.mail.smtpUrl = undefined; });
  await smtp.close();
});

async function submissionIn(status: 'error' | 'ready' | 'completed', message: string) {
  const owner = await createUser({ firstName: 'Paolo' });
  const submission = await createSubmission(owner.id, { title: 'Cinta Senese semen' });
  await transition(submission.id, status, { message, errors: status === 'error'
    ? [{ level: 'error', sheet: 'animal', row: 14, column: 'Sex', value: 'M', message: "Sheet 'animal', row 14, column 'Sex': 'M' is not one of male, female, record of unknown sex" }]
    : [] });
  return { owner, id: submission.id };
}

describe('mail to the owner when a job on their submission ends', () => {
  it('tells the owner of a failed import what went wrong and links the submission', async () => {
    const { owner, id } = await submissionIn('error', 'Import failed: 1 error');
    expect(await mailSubmissionOutcome(id, { jobName: 'import-submission', durationMs: 2_000 })).toBe(true);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual([owner.email]);
    const { subject, body } = readMail(mail);
    expect(subject).toBe('InjectTool: "Cinta Senese semen" — Error');
    expect(body).toContain("Sheet 'animal', row 14, column 'Sex': 'M' is not one of male, female, record of unknown sex");
    expect(body).toContain(`https://injecttool.example.org/admin/resources/Submission/records/${id}/show`);
  });

  it('stays quiet about a short validation the curator watched live, but mails a long one', async () => {
    const { id } = await submissionIn('ready', 'validated');
    const before = smtp.received.length;
    expect(await mailSubmissionOutcome(id, { jobName: 'validate-submission', durationMs: 5_000 })).toBe(false);
    expect(smtp.received.length).toBe(before);
    expect(await mailSubmissionOutcome(id, { jobName: 'validate-submission', durationMs: 120_000 })).toBe(true);
    expect(smtp.received.length).toBe(before + 1);
  });

  it('always mails the end of a submission to BioSamples', async () => {
    const { id } = await submissionIn('completed', '3 records reserved, 3 sent');
    expect(await mailSubmissionOutcome(id, { jobName: 'submit-submission', durationMs: 1_000 })).toBe(true);
    expect(readMail(smtp.received.at(-1)!).body).toContain('3 records reserved, 3 sent');
  });
});
