import { Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { NodeEntity } from '../../common/node.entity.ts';
import { Person } from '../people/person.entity.ts';
import { registerLabelledEnum } from '../../common/enums.ts';

export enum Role {
  READER = 'READER',
  AUTHOR = 'AUTHOR',
  EXPERT = 'EXPERT',
  METHODIST = 'METHODIST',
  ADMIN = 'ADMIN',
}
registerLabelledEnum(Role, 'Role', 'Роль пользователя', {
  READER: 'Читатель: учитель, ищет и скачивает материалы',
  AUTHOR: 'Автор: пишет материалы и отправляет их на экспертизу',
  EXPERT: 'Эксперт: оценивает материалы',
  METHODIST: 'Методист ИМЦ: публикует, ведёт справочники, организации и педагогов',
  ADMIN: 'Администратор: управляет пользователями',
});

/** An account. The password hash never leaves the server: it is not a GraphQL field and is hidden from serialization. */
@ObjectType({ implements: NodeEntity, description: 'Учётная запись' })
@Entity({ tableName: 'app_user' })
export class User extends NodeEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => Role)
  @Enum({ items: () => Role, nativeEnumName: 'role' })
  role!: Role;

  @ManyToOne(() => Person, { ref: true, nullable: true, deleteRule: 'set null' })
  person?: Ref<Person>;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;
}

/** A signed-in browser or program. Only the token's SHA-256 is stored: a leaked table opens no session. */
@Entity()
@Index({ properties: ['user'] })
export class Session extends NodeEntity {
  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastSeenAt: Opt<Date> = new Date();
}

/** Failed logins per e-mail address as typed, known or not, so that throttling reveals nothing. */
@Entity()
export class LoginThrottle {
  @Property({ type: 'text', primary: true })
  email!: string;

  @Property({ type: 'integer', default: 0 })
  failures: Opt<number> = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  firstFailureAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date;
}

/** Security-relevant events: logins, role changes, publishing. Append-only. */
@ObjectType({ implements: NodeEntity, description: 'Запись журнала действий' })
@Entity()
@Index({ properties: ['createdAt'] })
export class AuditEvent extends NodeEntity {
  @Field(() => String, { description: 'Вид события: login, user.created, material.published…' })
  @Property({ type: 'text' })
  type!: string;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  actor?: Ref<User>;

  @Field(() => String, { nullable: true, description: 'О чём событие: адрес при входе, id учётной записи или материала' })
  @Property({ type: 'text', nullable: true })
  subject?: string;

  @Property({ type: 'json', nullable: true })
  details?: Record<string, unknown>;
}
