import type { MikroORM } from '@mikro-orm/core';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Cron } from 'croner';
import type { Logger } from '../../common/logger.ts';
import type { Mailer } from '../../common/mail.ts';
import { PollingWorker } from '../../common/polling-worker.ts';
import { FEED_ENTRIES, feedMaterials } from '../interop/feed-query.ts';
import { KIND_LABELS, type MaterialKind } from '../materials/material.enums.ts';
import type { Material } from '../materials/material.entity.ts';
import type { SearchDeps } from '../search/search.service.ts';
import { DigestSubscription } from './digest-subscription.entity.ts';
import { UNSUBSCRIBE_PATH } from './subscription.service.ts';

/** A digest that could not be sent waits this long before the next try. */
const RETRY_MS = 3_600_000;
/** With nothing due, the schedule is looked at again after this long: a digest leaves within a minute of its time. */
const IDLE_MS = 60_000;

export type DigestOutcome = 'sent' | 'nothingNew' | 'failed';

export interface DigestSettings {
  /** DIGEST_SCHEDULE: cron in the district's time. */
  schedule: string;
  timeZone: string;
  centreName: string;
}

/**
 * The weekly digests, one of the background jobs: at each time of DIGEST_SCHEDULE every active
 * subscription whose last digest is older is due. A step claims one due subscription
 * (`FOR UPDATE SKIP LOCKED`, so several processes never send one twice), mails the materials of
 * its feed published since its last digest — nothing when there are none — and moves its cut-off.
 */
export class DigestSender {
  readonly worker: PollingWorker;
  private readonly cron: Cron;

  constructor(
    private readonly orm: MikroORM,
    private readonly search: SearchDeps,
    private readonly mailer: Mailer,
    private readonly settings: DigestSettings,
    private readonly logger: Logger,
  ) {
    this.cron = new Cron(settings.schedule, { timezone: settings.timeZone, paused: true });
    this.worker = new PollingWorker('digests', () => this.step(), logger, { idleMs: IDLE_MS });
  }

  /** The latest scheduled time at or before `now`: subscriptions whose last digest is older are due. */
  currentSlot(now = new Date()): Date | null {
    // previousRuns looks strictly before its reference: a millisecond on takes `now` itself.
    return this.cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
  }

  /** Sends the digest of one due subscription; 0 when none is due. */
  async step(slot = this.currentSlot()): Promise<number> {
    return slot && (await this.next(slot)) ? 1 : 0;
  }

  /** Every subscription due at `slot` (the schedule's latest time; `now` for `kb digest`), one after another. */
  async sendDue(slot = this.currentSlot()): Promise<Record<DigestOutcome, number>> {
    const counts: Record<DigestOutcome, number> = { sent: 0, nothingNew: 0, failed: 0 };
    for (let outcome; slot && (outcome = await this.next(slot));) counts[outcome]++;
    return counts;
  }

  /** Claims one subscription due at `slot` and sends its digest; null when none is due. */
  private next(slot: Date): Promise<DigestOutcome | null> {
    return (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      const [subscription] = await em.find(
        DigestSubscription,
        {
          confirmedAt: { $ne: null },
          cancelledAt: null,
          lastDigestAt: { $lt: slot },
          $or: [{ failedAt: null }, { failedAt: { $lt: new Date(Date.now() - RETRY_MS) } }],
        },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { lastDigestAt: 'asc' }, limit: 1 },
      );
      if (!subscription) return null;
      const cutOff = new Date();
      try {
        const sent = await this.send(em, subscription, cutOff);
        Object.assign(subscription, { lastDigestAt: cutOff, failedAt: null });
        return sent ? 'sent' : 'nothingNew';
      } catch (error) {
        this.logger.warn('digest not sent, will retry', { to: subscription.email, error: String(error) });
        subscription.failedAt = new Date();
        return 'failed';
      }
    });
  }

  /** Mails the materials new since the last digest; false (and no letter) when there are none. */
  private async send(em: EntityManager, subscription: DigestSubscription, cutOff: Date): Promise<boolean> {
    const since = subscription.lastDigestAt!;
    const { materials } = await feedMaterials(em, this.search, new URLSearchParams(subscription.feed));
    const fresh = materials.filter((m) => m.publishedAt && m.publishedAt > since && m.publishedAt <= cutOff);
    if (!fresh.length) return false;
    const { publicUrl } = this.mailer;
    const unsubscribe = `${publicUrl}${UNSUBSCRIBE_PATH}${subscription.token}`;
    const text = [
      'Здравствуйте!',
      '',
      `Новые материалы по вашей подписке «${subscription.title}»:`,
      '',
      ...fresh.flatMap((m, i) => [`${i + 1}. ${m.title} — ${describe(m)}`, `   ${publicUrl}/materials/${m.globalId}`, '']),
      ...(fresh.length >= FEED_ENTRIES ? [`Показаны ${FEED_ENTRIES} самых новых; остальные — на сайте.`, ''] : []),
      `Все материалы подписки на сайте: ${publicUrl}${subscription.path}`,
      '',
      '—',
      `Письмо приходит раз в неделю, когда появляются новые материалы, потому что адрес ${subscription.email} подписан на них.`,
      `Отписаться одним нажатием: ${unsubscribe}`,
      '',
    ].join('\n');
    await this.mailer.send({
      to: subscription.email,
      subject: `${this.settings.centreName}: новые материалы (${fresh.length}) — ${subscription.title}`,
      text,
      // RFC 8058: mail programs offer «Отписаться» themselves and POST to the link.
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return true;
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }
}

/** «Методический материал; Иванова М. П., Петров И. И.» */
function describe(material: Material): string {
  const authors = [...material.authorships.getItems()].sort((a, b) => a.position - b.position).map((a) => a.person.getEntity().fullName);
  return [KIND_LABELS[material.kind as MaterialKind], authors.join(', ')].filter(Boolean).join('; ');
}
