import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { config } from '../config.js';
import { db } from '../db/data-source.js';
import { HeldCredential } from '../db/entities/index.js';
import type { WebinCredentials } from './webin-auth.js';

/**
 * The curator's Webin password, held only while the submission job runs (it needs it to renew the
 * token before `exp`), encrypted with AES-256-GCM under a key derived from SECRET_KEY. The
 * submission id is authenticated with the ciphertext, so a row copied onto another submission
 * cannot be decrypted. Callers release it when the job ends, however it ends.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class HeldCredentialsUnreadable extends Error {
  constructor(submissionId: number) {
    super(`The Webin credentials held for submission ${submissionId} cannot be decrypted (was SECRET_KEY changed?); submit again`);
    this.name = 'HeldCredentialsUnreadable';
  }
}

export async function holdCredentials(submissionId: number, username: string, password: string): Promise<void> {
  await db()
    .getRepository(HeldCredential)
    .upsert({ submissionId, webinUsername: username, encryptedPassword: encrypt(password, submissionId) }, ['submissionId']);
}

/** The held credentials, or null when none are held (the job ended, or never started). */
export async function readHeldCredentials(submissionId: number): Promise<WebinCredentials | null> {
  const held = await db().getRepository(HeldCredential).findOneBy({ submissionId });
  if (!held) return null;
  return { username: held.webinUsername, password: decrypt(held.encryptedPassword, submissionId) };
}

/** Wipes the held credentials; on `manager`, inside the caller's transaction. */
export async function releaseCredentials(submissionId: number, manager: EntityManager = db().manager): Promise<void> {
  await manager.getRepository(HeldCredential).delete({ submissionId });
}

function encrypt(password: string, submissionId: number): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(aad(submissionId));
  const ciphertext = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

function decrypt(stored: string, submissionId: number): string {
  try {
    const raw = Buffer.from(stored, 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(submissionId));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new HeldCredentialsUnreadable(submissionId);
  }
}

/** A key of its own for this purpose, so SECRET_KEY's other uses (sessions) never share it. */
function key(): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', config().secretKey, 'injecttool', 'held webin credentials v1', 32));
}

function aad(submissionId: number): Buffer {
  return Buffer.from(`submission:${submissionId}`);
}
