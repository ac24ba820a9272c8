import crypto from 'node:crypto';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { notFound } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import type { Context } from '../../context.ts';
import { AccountAccess, AuditEventType, AuditFilter, CreatedUser, CreateUserInput, PasswordLinkIssue } from './account.inputs.ts';
import { AccountService } from './account.service.ts';
import { AUDIT_LABELS, AuditService } from './audit.service.ts';
import { PasswordLinkPurpose } from './password-link.entity.ts';
import { LINK_HOURS, PasswordLinkService } from './password-link.service.ts';
import { authorize } from './policy.ts';
import { AuditEvent, User } from './user.entity.ts';

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent');

/** A one-time password people can type: letters and digits without look-alikes (0/O, 1/l/I). */
function readablePassword(length = 14): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(crypto.randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

const links = ({ em, mailer, centre, logger }: Context) => new PasswordLinkService(em, mailer, centre.name, logger);

/** The administrator's page: accounts, how people get in, and the journal of what happened. */
@Resolver(() => AuditEvent)
export class AdminResolver {
  @Mutation(() => CreatedUser, { description: 'Создать учётную запись (администратор): с одноразовым паролем или ссылкой-приглашением' })
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<CreatedUser> {
    const { em, viewer } = ctx;
    authorize(viewer, 'user.manage');
    const password = input.access === AccountAccess.PASSWORD ? readablePassword() : undefined;
    const personId = input.personId ? fromGlobalId(input.personId, 'input.personId', ['Person']).id : undefined;
    const user = await new AccountService(em).createUser(
      { email: input.email, name: input.name, role: input.role, password, personId },
      viewer.userId,
      'input.',
    );
    if (password) return { user, password };
    return { user, invitation: await links(ctx).issue(user, PasswordLinkPurpose.INVITATION, viewer.userId, LINK_HOURS.invitation) };
  }

  @Mutation(() => PasswordLinkIssue, {
    description:
      'Выдать одноразовую ссылку для смены пароля (администратор); письмом, если настроена почта. Прежние ссылки перестают действовать',
  })
  async issuePasswordReset(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context) {
    authorize(ctx.viewer, 'user.manage');
    const user = await ctx.em.findOne(User, { id: fromGlobalId(userId, 'userId', ['User']).id });
    if (!user) throw notFound('Пользователь', userId);
    return links(ctx).issue(user, PasswordLinkPurpose.RESET, ctx.viewer.userId, LINK_HOURS.issued);
  }

  @Query(() => AuditEventConnection, { description: 'Журнал действий, новые первыми (администратор)' })
  async auditEvents(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | undefined,
    @Ctx() { em, viewer, usage }: Context,
  ) {
    return toConnection(
      AuditEventConnection,
      await new AuditService(em, viewer, usage?.timeZone ?? DEFAULT_TIME_ZONE).list(filter ?? undefined, page),
    );
  }

  @Query(() => [AuditEventType], { description: 'Виды событий журнала с названиями' })
  auditEventTypes(@Ctx() { viewer }: Context): AuditEventType[] {
    authorize(viewer, 'audit.view');
    return Object.entries(AUDIT_LABELS).map(([type, label]) => ({ type, label }));
  }

  @FieldResolver(() => String, { description: 'Вид события словами' })
  label(@Root() event: AuditEvent) {
    return AUDIT_LABELS[event.type] ?? event.type;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Кто действовал' })
  actor(@Root() event: AuditEvent) {
    return event.actor?.load() ?? null;
  }

  @FieldResolver(() => Date, { description: 'Когда' })
  at(@Root() event: AuditEvent) {
    return event.createdAt;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Подробности (JSON)' })
  details(@Root() event: AuditEvent) {
    return event.details ? JSON.stringify(event.details) : null;
  }
}
