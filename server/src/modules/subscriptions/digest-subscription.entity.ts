import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';

export enum DigestSubscriptionStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DigestSubscriptionStatus, {
  name: 'DigestSubscriptionStatus',
  valuesConfig: {
    PENDING: { description: 'Ждёт подтверждения по ссылке из письма' },
    ACTIVE: { description: 'Письма приходят' },
    CANCELLED: { description: 'Отменена' },
  },
});

/**
 * A weekly letter of the new materials a feed selects (a search, a subject, a collection), to one
 * address. It starts only when the link of the confirmation letter is opened (double opt-in); the
 * same secret cancels it from any digest in one click.
 */
@ObjectType({ implements: NodeEntity, description: 'Подписка на письма о новых материалах раз в неделю' })
@Entity()
@Unique({ properties: ['email', 'feed'] })
export class DigestSubscription extends NodeEntity {
  @Field(() => String, { description: 'Адрес, на который приходят письма' })
  @Property({ type: 'text' })
  email!: string;

  /** The feed's query string, its parameters in a fixed order (one subscription per address and selection). */
  @Field(() => String, { description: 'Что выбрано: параметры ленты /feed.xml (поиск, предмет или подборка)' })
  @Property({ type: 'text' })
  feed!: string;

  @Field(() => String, { description: 'Название подписки, как в ленте' })
  @Property({ type: 'text' })
  title!: string;

  /**
   * The secret of the confirmation and unsubscribe links. Kept as it is, not hashed: every digest
   * carries it again, and it grants nothing beyond starting or ending this one subscription.
   */
  @Property({ type: 'text', hidden: true })
  @Unique()
  token!: string;

  @Property({ type: 'datetime' })
  confirmationSentAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Когда подписка подтверждена' })
  @Property({ type: 'datetime', nullable: true })
  confirmedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  /** Materials published after this are new to the subscriber: the last digest's cut-off, or the confirmation. */
  @Field(() => Date, { nullable: true, description: 'До какого времени материалы уже отправлены' })
  @Property({ type: 'datetime', nullable: true })
  lastDigestAt?: Date | null;

  /** A digest that could not be sent is tried again an hour later (a bad address must not hold the others). */
  @Property({ type: 'datetime', nullable: true })
  failedAt?: Date | null;

  @Field(() => DigestSubscriptionStatus)
  get status(): Opt<DigestSubscriptionStatus> {
    return this.cancelledAt
      ? DigestSubscriptionStatus.CANCELLED
      : this.confirmedAt
        ? DigestSubscriptionStatus.ACTIVE
        : DigestSubscriptionStatus.PENDING;
  }

  /** The site's page that lists what the subscription selects: the collection, or the search with the same parameters. */
  @Field(() => String, { description: 'Страница сайта с этими материалами (путь)' })
  get path(): Opt<string> {
    const collection = new URLSearchParams(this.feed).get('collection');
    return collection ? `/collections/${encodeURIComponent(collection)}` : `/?${this.feed}`;
  }
}
