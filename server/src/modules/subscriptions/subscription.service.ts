import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isEmailAddress } from '../../common/email-address.ts';
import { apiError, badInput } from '../../common/errors.ts';
import type { Logger } from '../../common/logger.ts';
import type { Mailer } from '../../common/mail.ts';
import { normalizeEmail } from '../accounts/account.service.ts';
import { User } from '../accounts/user.entity.ts';
import { FeedQueryError, feedMaterials } from '../interop/feed-query.ts';
import type { SearchDeps } from '../search/search.service.ts';
import { DigestSubscription, DigestSubscriptionStatus } from './digest-subscription.entity.ts';

/** Subscriptions one address may hold at once (pending ones count): a stranger cannot bury a mailbox under digests. */
export const MAX_SUBSCRIPTIONS_PER_ADDRESS = 20;
/** How long a confirmation link works. */
export const CONFIRMATION_DAYS = 7;
/** Asking again for the same subscription within this many minutes sends no second letter. */
export const RESEND_PAUSE_MINUTES = 5;

const DAY = 24 * 3_600_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Where the client's pages for the two links live; the secret is the last part of the path. */
export const CONFIRM_PATH = '/digest/confirm/';
export const UNSUBSCRIBE_PATH = '/digest/unsubscribe/';

/**
 * The feed's parameters in a fixed order, so that one selection is one subscription however the
 * page spelled it; the leading `/feed.xml?` of a feed link is taken off.
 */
export function canonicalFeed(input: string): URLSearchParams {
  const params = new URLSearchParams(input.trim().replace(/^(?:\/feed\.xml)?\?/, ''));
  params.delete('sort');
  params.delete('page');
  params.sort();
  return params;
}

const pendingExpired = (subscription: DigestSubscription, now = Date.now()) =>
  !subscription.confirmedAt && subscription.confirmationSentAt.getTime() < now - CONFIRMATION_DAYS * DAY;

/**
 * E-mail digests, the subscriber's side: subscribe (a confirmation letter), confirm, unsubscribe
 * by the letters' secret, and a signed-in person's own list. Sending the digests is `DigestSender`.
 */
export class SubscriptionService {
  constructor(
    private readonly em: EntityManager,
    private readonly mailer: Mailer | undefined,
    private readonly centreName: string,
    private readonly logger?: Logger,
  ) {}

  /**
   * Records a subscription waiting for confirmation and mails the link. The answer is the same
   * whether the address was subscribed already or not, and the letter goes after it, so neither
   * tells a stranger what an address subscribes to.
   */
  async subscribe(emailInput: string, feedInput: string, search: SearchDeps): Promise<void> {
    if (!this.mailer) throw apiError('FORBIDDEN', 'Почта не настроена: подписка по почте недоступна, подпишитесь на ленту Atom');
    const email = normalizeEmail(emailInput);
    if (!email) throw badInput('email', 'укажите адрес электронной почты');
    if (email.length > 254 || !isEmailAddress(email)) throw badInput('email', `«${emailInput}» — не адрес электронной почты`);
    if (feedInput.length > 2000) throw badInput('feed', 'параметры подписки длиннее 2000 знаков');
    const params = canonicalFeed(feedInput);
    let title: string;
    try {
      ({ title } = await feedMaterials(this.em, search, params));
    } catch (error) {
      if (error instanceof FeedQueryError) throw badInput('feed', error.message);
      throw error;
    }
    const feed = params.toString();
    const pending = await this.em.transactional(async (em) => {
      // One address at a time: requests at once must not pass the bound together.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`digest:${email}`]);
      const existing = await em.findOne(DigestSubscription, { email, feed });
      if (existing?.status === DigestSubscriptionStatus.ACTIVE) return undefined;
      const now = Date.now();
      const held = (await em.find(DigestSubscription, { email, cancelledAt: null })).filter(
        (s) => s !== existing && !pendingExpired(s, now),
      );
      if (held.length >= MAX_SUBSCRIPTIONS_PER_ADDRESS)
        throw badInput(
          'email',
          `на адрес ${email} уже оформлено ${MAX_SUBSCRIPTIONS_PER_ADDRESS} подписок — больше нельзя; отпишитесь от ненужных по ссылке в любом письме`,
        );
      if (existing && !existing.cancelledAt && existing.confirmationSentAt.getTime() > now - RESEND_PAUSE_MINUTES * 60_000)
        return undefined;
      // A renewed request keeps the secret: the link of an earlier letter still works.
      const subscription =
        existing ??
        em.create(DigestSubscription, {
          email,
          feed,
          title,
          token: crypto.randomBytes(32).toString('base64url'),
          confirmationSentAt: new Date(now),
        });
      Object.assign(subscription, {
        title,
        confirmationSentAt: new Date(now),
        confirmedAt: null,
        cancelledAt: null,
        lastDigestAt: null,
        failedAt: null,
      });
      return subscription;
    });
    if (pending) void this.sendConfirmation(pending);
  }

  private async sendConfirmation(subscription: DigestSubscription): Promise<void> {
    const { publicUrl } = this.mailer!;
    const text = [
      'Здравствуйте!',
      '',
      `Кто-то (надеемся, вы) подписал этот адрес на письма о новых материалах методической базы знаний (${this.centreName}):`,
      `«${subscription.title}».`,
      '',
      'Чтобы получать их раз в неделю, подтвердите подписку по ссылке:',
      '',
      `${publicUrl}${CONFIRM_PATH}${subscription.token}`,
      '',
      `Ссылка действует ${CONFIRMATION_DAYS} дней. Если вы не подписывались, ничего не делайте: без подтверждения писем не будет.`,
      '',
    ].join('\n');
    await this.mailer!.send({ to: subscription.email, subject: `${this.centreName}: подтвердите подписку на новые материалы`, text }).catch(
      (error) => {
        this.logger?.warn('mail not sent', { to: subscription.email, error: String(error) });
      },
    );
  }

  /** The subscription a link's secret names; a clear refusal for a secret that names none. */
  private async byToken(token: string): Promise<DigestSubscription> {
    const subscription = TOKEN.test(token) ? await this.em.findOne(DigestSubscription, { token }) : null;
    if (!subscription)
      throw apiError(
        'NOT_FOUND',
        'Такой подписки нет: ссылка набрана с ошибкой или скопирована не полностью. Откройте её из письма ещё раз или подпишитесь заново',
        { argument: 'token' },
      );
    return subscription;
  }

  /** Starts the digests; opening the link again changes nothing. */
  async confirm(token: string): Promise<DigestSubscription> {
    const subscription = await this.byToken(token);
    if (subscription.cancelledAt)
      throw badInput('token', 'эта подписка отменена; чтобы снова получать письма, подпишитесь заново на странице поиска или подборки');
    if (subscription.confirmedAt) return subscription;
    if (pendingExpired(subscription))
      throw badInput('token', `ссылка устарела: она действует ${CONFIRMATION_DAYS} дней. Подпишитесь заново — придёт новое письмо`);
    const now = new Date();
    // Materials published from now on are new to the subscriber.
    Object.assign(subscription, { confirmedAt: now, lastDigestAt: now });
    await this.em.flush();
    return subscription;
  }

  /** Ends the digests; unsubscribing again changes nothing. */
  async cancel(token: string): Promise<DigestSubscription> {
    const subscription = await this.byToken(token);
    subscription.cancelledAt ??= new Date();
    await this.em.flush();
    return subscription;
  }

  private async accountEmail(userId: string): Promise<string> {
    return normalizeEmail((await this.em.findOneOrFail(User, { id: userId })).email);
  }

  /** The subscriptions to an account's own address (made signed in or not), newest first, cancelled ones left out. */
  async ownedBy(userId: string): Promise<DigestSubscription[]> {
    return this.em.find(
      DigestSubscription,
      { email: await this.accountEmail(userId), cancelledAt: null },
      { orderBy: { createdAt: 'desc' } },
    );
  }

  /** One subscription to the account's address; null for another address's. */
  async findOwned(userId: string, id: string): Promise<DigestSubscription | null> {
    return this.em.findOne(DigestSubscription, { id, email: await this.accountEmail(userId) });
  }

  /** Cancels one of the account's own subscriptions (another address's is not found). */
  async cancelOwned(userId: string, id: string): Promise<DigestSubscription> {
    const subscription = await this.findOwned(userId, id);
    if (!subscription) throw apiError('NOT_FOUND', 'Такой подписки на ваш адрес нет', { argument: 'id' });
    subscription.cancelledAt ??= new Date();
    await this.em.flush();
    return subscription;
  }
}
