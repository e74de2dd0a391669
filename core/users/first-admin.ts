import type { DataSource } from 'typeorm';
import { config } from '../config.js';
import { logger } from '../logger.js';
import { generatePassword, hashPassword } from './passwords.js';

/**
 * Creates the first admin when there is none: ADMIN_EMAIL / ADMIN_PASSWORD, else admin@localhost
 * with a generated password printed once. Returns the generated password, if any.
 */
export async function ensureFirstAdmin(ds: DataSource): Promise<{ email: string; generatedPassword?: string } | undefined> {
  const email = config().admin.email.toLowerCase();
  const generated = config().admin.password ? undefined : generatePassword();
  const hash = await hashPassword(config().admin.password ?? generated!);
  // Web processes starting together on an empty database: one creates the admin, the others see it.
  const created = await ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(7130119)');
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
    if (n > 0) return false;
    await m.query(
      `INSERT INTO users (email, password_hash, role, active, first_name, last_name, person_role_id)
       VALUES ($1, $2, 'admin', true, 'Admin', 'InjectTool', (SELECT id FROM roles WHERE label = 'administrator'))
       ON CONFLICT (email) DO UPDATE SET role = 'admin', active = true, password_hash = EXCLUDED.password_hash`,
      [email, hash],
    );
    return true;
  });
  if (!created) return undefined;
  if (generated) {
    // Printed on stdout, not only in the structured log, so the person starting InjectTool sees it.
    console.log(`\n  InjectTool first admin: ${email}\n  password: ${generated}\n  (shown once; change it after logging in)\n`);
  }
  logger.info({ email }, 'created the first admin');
  return { email, generatedPassword: generated };
}
