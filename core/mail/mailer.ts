import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config.js';
import { logger } from '../logger.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = {
      url,
      transporter: nodemailer.createTransport(withTimeouts(url)),
    };
  }
  return transport.transporter;
}

/** Bounded waits, so a dead mail server never holds a job for long (nodemailer reads them from the URL). */
function withTimeouts(url: string): string {
  const u = new URL(url);
  for (const [name, ms] of [['connectionTimeout', 10_000], ['greetingTimeout', 10_000], ['socketTimeout', 30_000]] as const) {
    if (!u.searchParams.has(name)) u.searchParams.set(name, String(ms));
  }
  return u.toString();
}

/** Sends through SMTP_URL; without it the mail is written to the log, so nothing is silently lost. */
export async function sendMail(mail: Mail): Promise<void> {
  const { smtpUrl, from } = config().mail;
  if (!smtpUrl) {
    logger.info({ mail }, 'mail (SMTP_URL is not set, so it is only logged)');
    return;
  }
  await transporterFor(smtpUrl).sendMail({ from, ...mail });
  logger.info({ to: mail.to, subject: mail.subject }, 'mail sent');
}
