import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity.ts';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import { canSeeUnpublished } from '../accounts/viewer.ts';
import type { Context } from '../../context.ts';
import { TOKEN_LIMITS } from '../accounts/policy.ts';
import { ApiToken, TokenScope } from './api-token.entity.ts';
import { TokenService } from './token.service.ts';

registerNodeTypes({
  ApiToken: ({ em, viewer }, id) =>
    canSeeUnpublished(viewer)
      ? em.findOne(ApiToken, viewer!.role === 'ADMIN' ? { id } : { id, createdBy: viewer!.userId })
      : Promise.resolve(null),
});

@ObjectType({ description: 'Новый токен: секрет показывается один раз' })
export class CreatedApiToken {
  @Field(() => String, { description: 'Передайте в заголовке Authorization: Bearer …; больше его не покажут' })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}

@ObjectType({ description: 'Бюджет токена на текущий час' })
export class RateLimit {
  @Field(() => Int, { description: 'Бюджет в час' })
  limit!: number;

  @Field(() => Int, { description: 'Стоимость этого запроса' })
  cost!: number;

  @Field(() => Int, { description: 'Осталось до конца часа' })
  remaining!: number;

  @Field(() => Date, { description: 'Когда бюджет восстановится' })
  resetAt!: Date;
}

@Resolver(() => ApiToken)
export class TokenResolver {
  @Query(() => RateLimit, { nullable: true, description: 'Бюджет токена, с которым пришёл запрос (null без токена)' })
  rateLimit(@Ctx() { rateLimit }: Context) {
    return rateLimit ?? null;
  }

  @Query(() => [ApiToken], { description: 'Токены (методист — свои, администратор — все; только после входа, не через токен)' })
  apiTokens(@Ctx() { em, viewer }: Context) {
    return new TokenService(em).list(viewer);
  }

  @Mutation(() => CreatedApiToken, {
    description: 'Выпустить токен для внешней системы (методист, администратор; только после входа, не через токен)',
  })
  createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('scope', () => TokenScope) scope: TokenScope,
    @Arg('days', () => Int, {
      nullable: true,
      description: `Срок действия, дней: от 1 до ${TOKEN_LIMITS.days.max}, по умолчанию ${TOKEN_LIMITS.days.default}`,
    })
    days: number | undefined,
    @Arg('budgetPerHour', () => Int, {
      nullable: true,
      description: `Бюджет стоимости в час: от 1 до ${TOKEN_LIMITS.budgetPerHour.max}, по умолчанию ${TOKEN_LIMITS.budgetPerHour.default}`,
    })
    budgetPerHour: number | undefined,
    @Ctx() { em, viewer }: Context,
  ) {
    return new TokenService(em).create(viewer, { name, scope, days: days ?? undefined, budgetPerHour: budgetPerHour ?? undefined });
  }

  @Mutation(() => ApiToken, { description: 'Отозвать токен (только после входа, не через токен)' })
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    return new TokenService(em).revoke(viewer, id);
  }

  @FieldResolver(() => User, { description: 'Кто выпустил токен (его права получает токен на запись)' })
  createdBy(@Root() token: ApiToken) {
    return token.createdBy.load();
  }
}
