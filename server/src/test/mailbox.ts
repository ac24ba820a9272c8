import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedLetter {
  to: string[];
  from: string;
  subject: string;
  text: string;
  /** Header lines by lower-case name, as the letter carried them. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server on a free local port that keeps what it receives: tests send mail through the
 * product's own SMTP client and read the letters as a person's mailbox would get them.
 */
export async function startMailbox(options: { refuse?: (address: string) => boolean } = {}) {
  const letters: ReceivedLetter[] = [];
  const waiting: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A mailbox the server refuses (550), as a mistyped address would be.
    onRcptTo(address, _session, callback) {
      callback(options.refuse?.(address.address) ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          letters.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers: Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()])),
          });
          waiting.splice(0).forEach((wake) => wake());
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    letters,
    /** The first letter to the address (arriving later, up to `timeoutMs`). */
    async letterTo(address: string, timeoutMs = 10_000): Promise<ReceivedLetter> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = letters.find((l) => l.to.includes(address));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no letter to ${address} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, Math.max(0, deadline - Date.now())).unref();
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The one-time link a letter carries. */
export const linkIn = (letter: ReceivedLetter) => /https?:\/\/\S+\/reset-password#[A-Za-z0-9_-]+/.exec(letter.text)?.[0];
