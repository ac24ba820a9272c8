import { IsOptional, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { registerLabelledEnum } from '../../common/enums.ts';
import { ru } from '../../common/validation.ts';
import { Role, User } from './user.entity.ts';

export enum AccountAccess {
  PASSWORD = 'PASSWORD',
  INVITATION = 'INVITATION',
}
registerLabelledEnum(AccountAccess, 'AccountAccess', 'Как новый пользователь получит доступ', {
  PASSWORD: 'одноразовый пароль: показывается администратору один раз',
  INVITATION: 'ссылка-приглашение: пользователь сам задаёт пароль (письмом, если настроена почта)',
});

@InputType({ description: 'Новая учётная запись' })
export class CreateUserInput {
  @Field(() => String)
  @MaxLength(200, { message: ru.maxLength })
  email!: string;

  @Field(() => String, { description: 'Имя, как его увидят коллеги' })
  @MaxLength(200, { message: ru.maxLength })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => AccountAccess, { defaultValue: AccountAccess.INVITATION })
  access!: AccountAccess;

  @Field(() => ID, { nullable: true, description: 'Педагог из справочника, от имени которого пишет пользователь' })
  personId?: string;
}

@ObjectType({ description: 'Одноразовая ссылка для задания пароля: показывается один раз' })
export class PasswordLinkIssue {
  @Field(() => String, { description: 'Путь на сайте: /reset-password#…' })
  path!: string;

  @Field(() => String, { nullable: true, description: 'Полный адрес (когда задан PUBLIC_URL)' })
  url?: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'Отправлена письмом на адрес пользователя' })
  mailed!: boolean;

  @Field(() => String, { nullable: true, description: 'Почему письмо не ушло' })
  mailError?: string;
}

@ObjectType({ description: 'Созданная учётная запись и то, чем в неё войти (показывается один раз)' })
export class CreatedUser {
  @Field(() => User)
  user!: User;

  @Field(() => String, { nullable: true, description: 'Одноразовый пароль (доступ PASSWORD)' })
  password?: string;

  @Field(() => PasswordLinkIssue, { nullable: true, description: 'Ссылка-приглашение (доступ INVITATION)' })
  invitation?: PasswordLinkIssue;
}

@ObjectType({ description: 'Центр: как его называют документы и куда обращаться' })
export class Centre {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  municipality?: string;

  @Field(() => String, { nullable: true, description: 'Адрес для вопросов об учётных записях' })
  email?: string;

  @Field(() => Boolean, { description: 'Забытый пароль можно сменить по ссылке из письма (настроена почта)' })
  passwordResetByMail!: boolean;

  @Field(() => Boolean, { description: 'На новые материалы можно подписаться по почте — письмо раз в неделю (настроена почта)' })
  digestByMail!: boolean;
}

@InputType({ description: 'Отбор записей журнала' })
export class AuditFilter {
  @Field(() => [String], { nullable: true, description: 'Виды событий (auditEventTypes)' })
  types?: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Часть email или имени того, кто действовал или о ком событие, или часть его объекта',
  })
  @IsOptional()
  @MaxLength(200, { message: ru.maxLength })
  query?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'С этого дня (по времени района)' })
  from?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'По этот день включительно' })
  to?: string;
}

@ObjectType({ description: 'Вид события журнала' })
export class AuditEventType {
  @Field(() => String)
  type!: string;

  @Field(() => String)
  label!: string;
}
