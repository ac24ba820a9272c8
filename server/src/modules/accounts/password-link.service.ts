import crypto from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { apiError, badInput } from '../../common/errors.ts';
import { isEmailAddress } from '../../common/email-address.ts';
import type { Logger } from '../../common/logger.ts';
import type { Mailer } from '../../common/mail.ts';
import { AccountService, checkPassword, normalizeEmail, passwords } from './account.service.ts';
import { PasswordLink, PasswordLinkPurpose } from './password-link.entity.ts';
import { LoginThrottle, Session, User } from './user.entity.ts';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const HOUR = 3_600_000;

/**
 * How long a link lives: a person's own request by mail an hour (the letter is read at once), a
 * reset an administrator hands over three days, an invitation a week.
 */
export const LINK_HOURS = { requested: 1, issued: 72, invitation: 7 * 24 } as const;

/** A person asking again and again gets one letter in this many minutes. */
export const REQUEST_PAUSE_MINUTES = 5;

/** Where the client's page for a link lives; the secret rides in the fragment, which browsers never send or pass on as Referer. */
export const LINK_PATH = '/reset-password#';

export interface IssuedLink {
  /** `/reset-password#<secret>`: shown once. */
  path: string;
  /** With PUBLIC_URL: the whole address. */
  url?: string;
  expiresAt: Date;
  /** Sent by mail to the account's address. */
  mailed: boolean;
  /** Why the letter did not go, for the administrator. */
  mailError?: string;
}

const LETTERS: Record<PasswordLinkPurpose, (centre: string, url: string, hours: number) => { subject: string; text: string }> = {
  INVITATION: (centre, url, hours) => ({
    subject: `${centre}: приглашение в методическую базу знаний`,
    text: `Здравствуйте!\n\nДля вас создана учётная запись в методической базе знаний (${centre}).\nЧтобы войти, задайте пароль по ссылке:\n\n${url}\n\nСсылка действует ${hours / 24} дней и открывается один раз.\n`,
  }),
  RESET: (centre, url, hours) => ({
    subject: `${centre}: смена пароля`,
    text: `Здравствуйте!\n\nКто-то (надеемся, вы) попросил сменить пароль к методической базе знаний (${centre}).\nЗадайте новый пароль по ссылке:\n\n${url}\n\nСсылка действует ${hours === 1 ? 'час' : `${hours} ч`} и открывается один раз. Если вы не просили сменить пароль, ничего не делайте: старый пароль остаётся в силе.\n`,
  }),
};

/**
 * One-time links that set a password: an invitation for a new account, a reset for a forgotten
 * password (mailed on the person's request, or issued by an administrator). The secret is stored
 * hashed; a link expires, works once, and a newer one for the account ends the older.
 */
export class PasswordLinkService {
  constructor(
    private readonly em: EntityManager,
    private readonly mailer: Mailer | undefined,
    private readonly centreName: string,
    private readonly logger?: Logger,
  ) {}

  /** Issues a link for the account and, with mail configured, sends it; the path is returned either way. */
  async issue(user: User, purpose: PasswordLinkPurpose, issuedBy: string | null, hours: number): Promise<IssuedLink> {
    const link = await this.create(this.em, user, purpose, issuedBy, hours);
    await this.em.flush();
    return this.deliver(user, purpose, link, hours);
  }

  /** Stores a new link for the account in place of any older one (flushed by the caller). */
  private async create(em: EntityManager, user: User, purpose: PasswordLinkPurpose, issuedBy: string | null, hours: number) {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + hours * HOUR);
    await em.nativeDelete(PasswordLink, { user: user.id });
    em.create(PasswordLink, {
      tokenHash: sha256(token),
      user,
      purpose,
      expiresAt,
      issuedBy: issuedBy ? em.getReference(User, issuedBy) : undefined,
    });
    new AccountService(em).audit(
      purpose === PasswordLinkPurpose.INVITATION ? 'password.invitation_issued' : 'password.reset_issued',
      issuedBy,
      user.id,
      { email: user.email },
    );
    return { path: `${LINK_PATH}${token}`, expiresAt };
  }

  /** Mails a stored link when mail is configured; touches no database. */
  private async deliver(
    user: User,
    purpose: PasswordLinkPurpose,
    { path, expiresAt }: { path: string; expiresAt: Date },
    hours: number,
  ): Promise<IssuedLink> {
    if (!this.mailer) return { path, expiresAt, mailed: false };
    const url = `${this.mailer.publicUrl}${path}`;
    try {
      await this.mailer.send({ to: user.email, ...LETTERS[purpose](this.centreName, url, hours) });
      return { path, url, expiresAt, mailed: true };
    } catch (error) {
      this.logger?.warn('mail not sent', { to: user.email, error: String(error) });
      return { path, url, expiresAt, mailed: false, mailError: `письмо не отправлено: ${(error as Error).message}` };
    }
  }

  /**
   * The sign-in page's «Забыли пароль?»: mails a link to an active account. The answer is the same
   * whether or not the address is known, and the letter (the slow part) goes after the answer, so
   * neither the words nor the time tell who has an account. The link is stored before the answer,
   * under a lock on the account, so that requests in a row or at once issue one link per pause.
   */
  async request(emailInput: string): Promise<void> {
    if (!this.mailer) throw apiError('FORBIDDEN', 'Почта не настроена: ссылку для смены пароля выдаёт администратор центра');
    const email = normalizeEmail(emailInput);
    if (!isEmailAddress(email)) throw badInput('email', `«${emailInput}» — не адрес электронной почты`);
    const issued = await this.em.transactional(async (em) => {
      const user = await em.findOne(User, { email, active: true }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) return undefined;
      const recent = await em.count(PasswordLink, {
        user: user.id,
        createdAt: { $gt: new Date(Date.now() - REQUEST_PAUSE_MINUTES * 60_000) },
      });
      if (recent) return undefined;
      return { user, link: await this.create(em, user, PasswordLinkPurpose.RESET, null, LINK_HOURS.requested) };
    });
    if (issued) void this.deliver(issued.user, PasswordLinkPurpose.RESET, issued.link, LINK_HOURS.requested);
  }

  /**
   * Sets the password a link was issued for and ends the link (one statement: two tabs cannot both
   * use it), every session of the account and its failed sign-ins. Returns the account.
   */
  async redeem(token: string, password: string): Promise<User> {
    checkPassword(password, 'newPassword');
    const expired = () =>
      badInput('token', 'ссылка недействительна: она уже использована, устарела или набрана с ошибкой. Попросите новую');
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw expired();
    // Hashing costs tens of milliseconds: only for a link that exists.
    if (!(await this.em.count(PasswordLink, { tokenHash: sha256(token), expiresAt: { $gt: new Date() } }))) throw expired();
    const passwordHash = await passwords.hash(password);
    const [used] = await this.em.execute<Array<{ user_id: string; purpose: PasswordLinkPurpose }>>(
      'delete from password_link where token_hash = ? and expires_at > now() returning user_id, purpose',
      [sha256(token)],
    );
    if (!used) throw expired();
    const user = await this.em.findOneOrFail(User, { id: used.user_id }, { populate: ['passwordHash'] as never });
    if (!user.active) throw apiError('FORBIDDEN', 'Учётная запись заблокирована: обратитесь к администратору центра');
    user.passwordHash = passwordHash;
    await this.em.nativeDelete(Session, { user: user.id });
    await this.em.nativeDelete(PasswordLink, { user: user.id });
    await this.em.nativeDelete(LoginThrottle, { email: user.email });
    new AccountService(this.em).audit(
      used.purpose === PasswordLinkPurpose.INVITATION ? 'password.invitation_used' : 'password.reset',
      user.id,
      user.email,
    );
    await this.em.flush();
    return user;
  }
}
