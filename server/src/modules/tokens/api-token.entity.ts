import { Entity, Enum, ManyToOne, PrimaryKey, Property, type Opt, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';
import { NodeEntity } from '../../common/node.entity.ts';
import { User } from '../accounts/user.entity.ts';

export enum TokenScope {
  READ = 'READ',
  READ_WRITE = 'READ_WRITE',
}
registerLabelledEnum(TokenScope, 'TokenScope', 'Права токена', {
  READ: 'только чтение опубликованного',
  READ_WRITE: 'чтение и запись с правами создателя',
});

/** A token for another system. Only its SHA-256 is stored; the secret is shown once, at creation. */
@ObjectType({ implements: NodeEntity, description: 'Токен доступа для внешней системы' })
@Entity()
export class ApiToken extends NodeEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @Field(() => String, { description: 'Начало токена, чтобы узнать его в списке' })
  @Property({ type: 'text' })
  prefix!: string;

  @Field(() => TokenScope)
  @Enum({ items: () => TokenScope, nativeEnumName: 'token_scope' })
  scope!: TokenScope;

  @Field(() => Int, { description: 'Бюджет стоимости запросов в час' })
  @Property({ type: 'integer' })
  budgetPerHour!: number;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  createdBy!: Ref<User>;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date;
}

/** Cost spent by a token in one hour window; a row per token and hour, updated atomically. */
@Entity()
export class ApiTokenUsage {
  @PrimaryKey({ type: 'uuid' })
  token!: string;

  @PrimaryKey({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'integer' })
  used: Opt<number> = 0;
}
