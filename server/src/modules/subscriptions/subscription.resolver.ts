import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { fromGlobalId } from '../../common/global-id.ts';
import { registerNodeTypes } from '../../common/node.resolver.ts';
import type { Context } from '../../context.ts';
import { authorize, can } from '../accounts/policy.ts';
import { DigestSubscription } from './digest-subscription.entity.ts';
import { SubscriptionService } from './subscription.service.ts';

const service = ({ em, mailer, centre, logger }: Context) => new SubscriptionService(em, mailer, centre.name, logger);

registerNodeTypes({
  DigestSubscription: (ctx, id) =>
    ctx.viewer && can(ctx.viewer, 'account.subscriptions') ? service(ctx).findOwned(ctx.viewer.userId, id) : Promise.resolve(null),
});

@Resolver(() => DigestSubscription)
export class SubscriptionResolver {
  @Mutation(() => Boolean, {
    description:
      'Подписать адрес на письма о новых материалах раз в неделю (когда настроена почта): приходит письмо со ссылкой, подписка начинается после перехода по ней. Ответ один и тот же, был ли адрес подписан',
  })
  async subscribeToDigest(
    @Arg('email', () => String) email: string,
    @Arg('feed', () => String, { description: 'Параметры ленты /feed.xml: поиск (q, фасеты), предмет, вид или подборка (collection)' })
    feed: string,
    @Ctx() ctx: Context,
  ) {
    await service(ctx).subscribe(email, feed, ctx.search);
    return true;
  }

  @Mutation(() => DigestSubscription, { description: 'Подтвердить подписку по ссылке из письма; повторное подтверждение ничего не меняет' })
  confirmDigestSubscription(@Arg('token', () => String) token: string, @Ctx() ctx: Context) {
    return service(ctx).confirm(token);
  }

  @Mutation(() => DigestSubscription, { description: 'Отписаться по ссылке из письма; повторная отписка ничего не меняет' })
  cancelDigestSubscription(@Arg('token', () => String) token: string, @Ctx() ctx: Context) {
    return service(ctx).cancel(token);
  }

  @Query(() => [DigestSubscription], { description: 'Подписки на адрес учётной записи (оформленные со входом или без), кроме отменённых' })
  myDigestSubscriptions(@Ctx() ctx: Context) {
    authorize(ctx.viewer, 'account.subscriptions');
    return service(ctx).ownedBy(ctx.viewer.userId);
  }

  @Mutation(() => DigestSubscription, { description: 'Отменить свою подписку' })
  cancelMyDigestSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    authorize(ctx.viewer, 'account.subscriptions');
    return service(ctx).cancelOwned(ctx.viewer.userId, fromGlobalId(id, 'id', ['DigestSubscription']).id);
  }
}
