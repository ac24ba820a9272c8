import nodemailer from 'nodemailer';
import type { MailSettings } from '../config.ts';

export interface Letter {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, such as List-Unsubscribe on a digest. */
  headers?: Record<string, string>;
}

/** Sends letters through the centre's SMTP server; absent when SMTP_URL is not set. */
export interface Mailer {
  /** The site's address, for absolute links in letters. */
  readonly publicUrl: string;
  send(letter: Letter): Promise<void>;
  close(): void;
}

export function smtpMailer(settings: Pick<MailSettings, 'smtpUrl' | 'from' | 'publicUrl'>): Mailer {
  // A pool of one connection carries a burst of letters in order; timeouts keep a dead server from holding a request.
  const transport = nodemailer.createTransport(settings.smtpUrl, {
    pool: true,
    maxConnections: 1,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
  return {
    publicUrl: settings.publicUrl,
    async send(letter) {
      await transport.sendMail({ from: settings.from, to: letter.to, subject: letter.subject, text: letter.text, headers: letter.headers });
    },
    close: () => transport.close(),
  };
}
