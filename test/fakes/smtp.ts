import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent: headers, blank line, body (dot-stuffing undone). */
  data: string;
}

/** The Subject header and the body of a received mail, with quoted-printable undone. */
export function readMail(mail: ReceivedMail): { subject: string; body: string } {
  const [head, ...rest] = mail.data.split('\n\n');
  const unfolded = head.replace(/\n(?=[ \t])/g, '');
  const rawSubject = /^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '';
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  const subject = rawSubject.replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, q: string) => decodeQuoted(q.replace(/_/g, ' ')));
  let body = rest.join('\n\n');
  if (/content-transfer-encoding: quoted-printable/i.test(unfolded)) body = decodeQuoted(body.replace(/=\n/g, ''));
  return { subject, body };
}

function decodeQuoted(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface FakeSmtp {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A plain SMTP server (RFC 5321 without extensions beyond EHLO) that keeps what it receives, so
 * tests can read the mails InjectTool sends.
 */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let current: ReceivedMail = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake-smtp ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            current = { from: '', to: [], data: '' };
            reply('250 queued');
          } else {
            current.data += (line.startsWith('..') ? line.slice(1) : line) + '\n';
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp');
        else if (verb === 'MAIL') { current.from = line.replace(/^MAIL FROM:\s*<?([^>]*)>?.*$/i, '$1'); reply('250 ok'); }
        else if (verb === 'RCPT') { current.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1')); reply('250 ok'); }
        else if (verb === 'DATA') { inData = true; reply('354 end with .'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); }
        else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else reply('502 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
