import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { ConnectionType, PageArgs, toConnection } from '../../common/connection.ts';
import { paginate } from '../../common/pagination.ts';
import { likePattern } from '../../common/like-pattern.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import { Person } from '../people/person.entity.ts';
import { AccountService } from './account.service.ts';
import { Centre } from './account.inputs.ts';
import { PasswordLinkService } from './password-link.service.ts';
import { authorize } from './policy.ts';
import { Role, User } from './user.entity.ts';

// One's own account, or any for an administrator.
registerNodeTypes({
  User: ({ em, viewer }, id) =>
    viewer && (viewer.userId === id || viewer.role === 'ADMIN') ? em.findOne(User, { id }) : Promise.resolve(null),
});

@ObjectType({ description: 'Результат входа' })
export class LoginResult {
  @Field(() => String, { description: 'Токен сессии для заголовка Authorization: Bearer (браузер получает его и в cookie)' })
  token!: string;

  @Field(() => User)
  user!: User;
}

export const UserConnection = ConnectionType(User, 'User');

@Resolver(() => User)
export class AccountResolver {
  @Query(() => UserConnection, { description: 'Учётные записи по email (администратор)' })
  async users(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('role', () => Role, { nullable: true }) role: Role | undefined,
    @Arg('query', () => String, { nullable: true, description: 'Часть email или имени' }) query: string | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    authorize(viewer, 'user.manage');
    const where = {
      ...(role ? { role } : {}),
      ...(query?.trim() ? { $or: [{ email: { $ilike: likePattern(query) } }, { name: { $ilike: likePattern(query) } }] } : {}),
    };
    return toConnection(UserConnection, await paginate<User>(em, User, where, { field: 'email', direction: 'ASC', type: 'text' }, page));
  }

  @Query(() => User, { nullable: true, description: 'Текущий пользователь; null без входа' })
  viewer(@Ctx() { em, viewer }: Context) {
    return viewer ? em.findOne(User, { id: viewer.userId }) : null;
  }

  @Query(() => [User], { description: 'Активные эксперты — для назначения на экспертизу (методист)' })
  experts(@Ctx() { em, viewer }: Context) {
    authorize(viewer, 'material.assignReviewer');
    return em.find(User, { role: Role.EXPERT, active: true }, { orderBy: { name: 'asc' } });
  }

  @Mutation(() => LoginResult, { description: 'Вход по email и паролю' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() { em, session }: Context,
  ): Promise<LoginResult> {
    const result = await new AccountService(em).login(email, password);
    session.set(result.token, result.expiresAt);
    return { token: result.token, user: result.user };
  }

  @Query(() => Centre, { description: 'Центр: название, муниципалитет, куда обращаться за учётной записью' })
  centre(@Ctx() { centre, mailer }: Context): Centre {
    return { ...centre, passwordResetByMail: Boolean(mailer), digestByMail: Boolean(mailer) };
  }

  @Mutation(() => Boolean, {
    description:
      'Забыли пароль: письмо со ссылкой на адрес учётной записи (когда настроена почта). Ответ один и тот же, есть такая запись или нет',
  })
  async requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() { em, mailer, centre, logger }: Context) {
    await new PasswordLinkService(em, mailer, centre.name, logger).request(email);
    return true;
  }

  @Mutation(() => LoginResult, {
    description: 'Задать пароль по одноразовой ссылке (приглашение или смена пароля); остальные сессии закрываются, эта открывается',
  })
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() { em, mailer, centre, session }: Context,
  ): Promise<LoginResult> {
    const user = await new PasswordLinkService(em, mailer, centre.name).redeem(token, newPassword);
    const result = await new AccountService(em).openSession(user);
    session.set(result.token, result.expiresAt);
    return { token: result.token, user };
  }

  @Mutation(() => Boolean, { description: 'Выход: сессия закрывается' })
  async logout(@Ctx() { em, session }: Context) {
    const closed = await new AccountService(em).logout(session.token);
    session.clear();
    return closed;
  }

  @Mutation(() => Boolean, { description: 'Смена пароля; остальные сессии закрываются' })
  async changePassword(
    @Arg('oldPassword', () => String) oldPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() { em, viewer, session }: Context,
  ) {
    authorize(viewer, 'account.changePassword');
    await new AccountService(em).changePassword(viewer, session.token, oldPassword, newPassword);
    return true;
  }

  @Mutation(() => User, { description: 'Изменить роль, имя, активность или связанного педагога (администратор)' })
  updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => Role, { nullable: true }) role: Role | undefined,
    @Arg('active', () => Boolean, { nullable: true }) active: boolean | undefined,
    @Arg('name', () => String, { nullable: true }) name: string | undefined,
    @Arg('personId', () => ID, { nullable: true }) personId: string | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    authorize(viewer, 'user.manage');
    return new AccountService(em).updateUser(viewer, fromGlobalId(id, 'id', ['User']).id, {
      role: role ?? undefined,
      active: active ?? undefined,
      name: name ?? undefined,
      personId: personId ? fromGlobalId(personId, 'personId', ['Person']).id : personId === null ? null : undefined,
    });
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Педагог, от имени которого пишет пользователь' })
  person(@Root() user: User) {
    return user.person?.load() ?? null;
  }
}
