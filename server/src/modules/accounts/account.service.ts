import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, badInput } from '../../common/errors.ts';
import { isEmailAddress } from '../../common/email-address.ts';
import { Person } from '../people/person.entity.ts';
import { AuditEvent, LoginThrottle, Role, Session, User } from './user.entity.ts';
import type { Viewer } from './viewer.ts';

/** OWASP's minimum for Argon2id: 19 MiB, two passes, one lane. */
// `algorithm: 2` is Argon2id (the typings declare the enum `const`, which isolated modules cannot read).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const SESSION_DAYS = 30;
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const MIN_PASSWORD_LENGTH = 10;
const WRONG = 'Неверный email или пароль';

/** A window (from the first failure) or a lock that has ended: the count starts again. */
const ENDED = `coalesce(t.locked_until, t.first_failure_at + interval '${LOCK_MINUTES} minutes') <= now()`;
/**
 * Counts one guess for an address in one statement and returns the new count; the guess that
 * reaches MAX_FAILURES sets the lock. The only parameter is the address.
 */
const COUNT_GUESS = `
  insert into login_throttle as t (email, failures, first_failure_at) values (?, 1, now())
  on conflict (email) do update set
    failures = case when ${ENDED} then 1 else t.failures + 1 end,
    first_failure_at = case when ${ENDED} then now() else t.first_failure_at end,
    locked_until = case when ${ENDED} then null
                        when t.failures + 1 >= ${MAX_FAILURES} then coalesce(t.locked_until, now() + interval '${LOCK_MINUTES} minutes')
                        else t.locked_until end
  returning failures, locked_until`;

/**
 * Argon2id hashing and checking. One object, called through its properties, so that a test can count
 * the verifications a burst of guesses costs (each is tens of milliseconds of CPU).
 */
export const passwords = {
  hash: (password: string) => hash(password, ARGON2),
  /** False for a wrong password and for a hash that cannot be read. */
  verify: (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false),
};

/** Verified against when the e-mail is unknown, so that both answers take one Argon2 verification. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= passwords.hash(crypto.randomBytes(16).toString('hex')));

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

export function checkPassword(password: string, argument = 'password') {
  if (password.length < MIN_PASSWORD_LENGTH) throw badInput(argument, `пароль не короче ${MIN_PASSWORD_LENGTH} символов`);
  if (password.length > 200) throw badInput(argument, 'пароль не длиннее 200 символов');
}

export class AccountService {
  constructor(private readonly em: EntityManager) {}

  audit(type: string, actor: string | null, subject?: string, details?: Record<string, unknown>) {
    this.em.create(AuditEvent, { type, actor: actor ?? undefined, subject, details });
  }

  /**
   * An account with the given password, or, without one, with a random secret nobody knows (an
   * invitation link sets the first password). `prefix` names the fields as the caller's input does.
   */
  async createUser(
    input: { email: string; name: string; role: Role; password?: string; personId?: string },
    actor: string | null = null,
    prefix = '',
  ): Promise<User> {
    const email = normalizeEmail(input.email);
    if (!isEmailAddress(email)) throw badInput(`${prefix}email`, `«${input.email}» — не адрес электронной почты`);
    if (!Object.values(Role).includes(input.role)) throw badInput(`${prefix}role`, `допустимые роли: ${Object.values(Role).join(', ')}`);
    if (input.password !== undefined) checkPassword(input.password, `${prefix}password`);
    if (input.name.trim().length > 200) throw badInput(`${prefix}name`, 'имя не длиннее 200 символов');
    if (await this.em.count(User, { email })) throw badInput(`${prefix}email`, `пользователь ${email} уже есть`);
    if (input.personId && !(await this.em.count(Person, { id: input.personId })))
      throw badInput(`${prefix}personId`, 'такого педагога нет в справочнике');
    const secret = input.password ?? crypto.randomBytes(24).toString('base64url');
    const user = this.em.create(User, {
      email,
      name: input.name.trim() || email,
      role: input.role,
      passwordHash: await passwords.hash(secret),
      person: input.personId ? (this.em.getReference(Person, input.personId) as never) : undefined,
    });
    this.audit('user.created', actor, user.id, { email, role: input.role });
    await this.em.flush();
    return user;
  }

  /**
   * Checks the password; on success opens a session. A wrong password and an unknown address
   * give the same message after the same work; five failures for one address lock it for 15 min.
   */
  async login(emailInput: string, password: string): Promise<{ token: string; user: User; expiresAt: Date }> {
    const email = normalizeEmail(emailInput);
    const user = await this.em.findOne(User, { email }, { populate: ['passwordHash'] as never });
    const guess = await this.guess(email, user?.passwordHash, password);
    if (guess.locked) throw apiError('UNAUTHENTICATED', `Слишком много неудачных попыток входа; попробуйте через ${guess.locked} мин.`);
    if (!user || !guess.right || !user.active) {
      this.audit('login.failed', user?.id ?? null, email);
      await this.em.flush();
      throw apiError('UNAUTHENTICATED', WRONG);
    }
    await this.em.nativeDelete(LoginThrottle, { email });
    this.audit('login', user.id, email);
    return this.openSession(user);
  }

  /** A new session for the account (after sign-in, or after a password set by a one-time link). */
  async openSession(user: User): Promise<{ token: string; user: User; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
    this.em.create(Session, { tokenHash: sha256(token), user, expiresAt });
    await this.em.flush();
    return { token, user, expiresAt };
  }

  /**
   * One guess at the password of an address (sign-in and password change share the count). The
   * guess is counted before it is checked, by one atomic statement whose returned number decides:
   * parallel guesses each get their own number, so only the first MAX_FAILURES of a window are
   * verified and the rest are refused unchecked until the lock ends. `locked` is the minutes left.
   * A right guess leaves the count to the caller, which clears it once the whole action succeeds.
   */
  private async guess(email: string, passwordHash: string | undefined, password: string): Promise<{ right: boolean; locked?: number }> {
    const [attempt] = await this.em.execute<Array<{ failures: number; locked_until: Date | null }>>(COUNT_GUESS, [email]);
    if (attempt!.failures > MAX_FAILURES) {
      const left = attempt!.locked_until ? new Date(attempt!.locked_until).getTime() - Date.now() : LOCK_MINUTES * 60_000;
      return { right: false, locked: Math.max(1, Math.ceil(left / 60_000)) };
    }
    return { right: await passwords.verify(passwordHash ?? (await decoy()), password) };
  }

  /** An administrator changes an account's role, name, activity or linked teacher; role changes are audited. */
  async updateUser(
    actor: Viewer,
    id: string,
    changes: { role?: Role; active?: boolean; name?: string; personId?: string | null },
  ): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw apiError('NOT_FOUND', `Пользователь с id «${id}» не найден`);
    if (changes.role && changes.role !== user.role) {
      this.audit('user.role_changed', actor.userId, user.id, { email: user.email, from: user.role, to: changes.role });
      user.role = changes.role;
    }
    if (changes.active !== undefined && changes.active !== null && changes.active !== user.active) {
      if (!changes.active && user.id === actor.userId) throw badInput('active', 'нельзя отключить собственную учётную запись');
      this.audit(changes.active ? 'user.activated' : 'user.deactivated', actor.userId, user.id, { email: user.email });
      user.active = changes.active;
      // A switched-off account is signed out everywhere at once.
      if (!changes.active) await this.em.nativeDelete(Session, { user: user.id });
    }
    if (changes.name?.trim()) user.name = changes.name.trim();
    if (changes.personId !== undefined)
      user.person = changes.personId ? (this.em.getReference(Person, changes.personId) as never) : undefined;
    await this.em.flush();
    return user;
  }

  /** The viewer a session token stands for, or null when it is unknown, expired or the account is off. */
  async viewerForToken(token: string | undefined): Promise<Viewer | null> {
    if (!token || token.length > 200) return null;
    const session = await this.em.findOne(Session, { tokenHash: sha256(token), expiresAt: { $gt: new Date() } }, { populate: ['user'] });
    const user = session?.user.getEntity();
    if (!session || !user?.active) return null;
    return { userId: user.id, role: user.role, personId: user.person?.id };
  }

  async logout(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    return (await this.em.nativeDelete(Session, { tokenHash: sha256(token) })) > 0;
  }

  /** A new password ends every other session of the account. */
  async changePassword(viewer: Viewer, currentToken: string | undefined, oldPassword: string, newPassword: string): Promise<void> {
    const user = await this.em.findOneOrFail(User, { id: viewer.userId }, { populate: ['passwordHash'] as never });
    const guess = await this.guess(user.email, user.passwordHash, oldPassword);
    if (guess.locked) throw badInput('oldPassword', `слишком много неверных паролей; вход и смена пароля закрыты на ${guess.locked} мин.`);
    if (!guess.right) throw badInput('oldPassword', 'текущий пароль неверен');
    await this.em.nativeDelete(LoginThrottle, { email: user.email });
    checkPassword(newPassword, 'newPassword');
    user.passwordHash = await passwords.hash(newPassword);
    await this.em.nativeDelete(Session, { user: user.id, tokenHash: { $ne: sha256(currentToken ?? '') } });
    this.audit('password.changed', user.id, user.email);
    await this.em.flush();
  }
}
