import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { apiError, badInput } from '../../common/errors.ts';
import { fromGlobalId } from '../../common/global-id.ts';
import { authorize, TOKEN_LIMITS } from '../accounts/policy.ts';
import { User } from '../accounts/user.entity.ts';
import { AccountService } from '../accounts/account.service.ts';
import type { Viewer } from '../accounts/viewer.ts';
import { ApiToken, TokenScope } from './api-token.entity.ts';

export const TOKEN_PREFIX = 'kbt_';
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const HOUR = 3_600_000;

export interface RateLimitState {
  limit: number;
  cost: number;
  remaining: number;
  resetAt: Date;
}

export interface TokenIdentity {
  id: string;
  scope: TokenScope;
  budgetPerHour: number;
  /** Whom a READ_WRITE token acts as; a READ token reads as an anonymous reader. */
  viewer: Viewer | null;
}

export const isApiToken = (token: string | undefined) => !!token?.startsWith(TOKEN_PREFIX);

/** The budget after a charge as `X-RateLimit-*` headers, for GraphQL answers and report downloads alike. */
export const budgetHeaders = (state: RateLimitState): Record<string, string> => ({
  'x-ratelimit-limit': String(state.limit),
  'x-ratelimit-remaining': String(Math.max(0, state.remaining)),
  'x-ratelimit-reset': String(Math.ceil(state.resetAt.getTime() / 1000)),
  'x-ratelimit-cost': String(state.cost),
});

/** What an over-budget caller is told, and the seconds until the budget comes back (`Retry-After`). */
export const overBudget = (state: RateLimitState) => ({
  message: `Бюджет токена исчерпан: ${state.limit} в час, запрос стоит ${state.cost}; он восстановится в ${state.resetAt.toISOString()}`,
  retryAfter: String(Math.max(1, Math.ceil((state.resetAt.getTime() - Date.now()) / 1000))),
});

type TermField = keyof typeof TOKEN_LIMITS;

/**
 * A token's term and budget, defaults filled in, within TOKEN_LIMITS. `refuse` names the field the
 * caller's way: a GraphQL argument here, a command-line option in `token:create`.
 */
export function tokenTerms(
  input: { days?: number; budgetPerHour?: number },
  refuse: (field: TermField, reason: string) => Error = badInput,
): Record<TermField, number> {
  const reasons: Record<TermField, string> = {
    days: `срок действия — от 1 до ${TOKEN_LIMITS.days.max} дней`,
    budgetPerHour: `бюджет — от 1 до ${TOKEN_LIMITS.budgetPerHour.max.toLocaleString('ru-RU')} в час`,
  };
  const term = (field: TermField) => {
    const value = input[field] ?? TOKEN_LIMITS[field].default;
    if (!Number.isInteger(value) || value < 1 || value > TOKEN_LIMITS[field].max) throw refuse(field, reasons[field]);
    return value;
  };
  return { days: term('days'), budgetPerHour: term('budgetPerHour') };
}

/** API tokens for other systems: issued by methodists signed in (never by a token), stored hashed, revocable, with an hourly budget. */
export class TokenService {
  constructor(private readonly em: EntityManager) {}

  async create(
    viewer: Viewer | null,
    input: { name: string; scope: TokenScope; days?: number; budgetPerHour?: number },
  ): Promise<{ token: string; apiToken: ApiToken }> {
    authorize(viewer, 'token.manage');
    const name = input.name.trim();
    if (name.length < 2 || name.length > 100) throw badInput('name', 'название от 2 до 100 символов: кто и зачем пользуется токеном');
    const { days, budgetPerHour } = tokenTerms(input);
    const token = `${TOKEN_PREFIX}${crypto.randomBytes(24).toString('base64url')}`;
    const apiToken = this.em.create(ApiToken, {
      name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      scope: input.scope,
      budgetPerHour,
      expiresAt: new Date(Date.now() + days * 24 * HOUR),
      createdBy: this.em.getReference(User, viewer.userId),
    });
    new AccountService(this.em).audit('token.created', viewer.userId, apiToken.id, { name, scope: input.scope });
    await this.em.flush();
    return { token, apiToken };
  }

  async list(viewer: Viewer | null): Promise<ApiToken[]> {
    authorize(viewer, 'token.manage');
    return this.em.find(ApiToken, viewer.role === 'ADMIN' ? {} : { createdBy: viewer.userId }, { orderBy: { createdAt: 'desc' } });
  }

  async revoke(viewer: Viewer | null, id: string): Promise<ApiToken> {
    authorize(viewer, 'token.manage');
    const token = await this.em.findOne(ApiToken, { id: fromGlobalId(id, 'id', ['ApiToken']).id });
    if (!token || (viewer.role !== 'ADMIN' && token.createdBy.id !== viewer.userId)) throw apiError('NOT_FOUND', `Токен «${id}» не найден`);
    if (!token.revokedAt) new AccountService(this.em).audit('token.revoked', viewer.userId, token.id, { name: token.name });
    token.revokedAt ??= new Date();
    await this.em.flush();
    return token;
  }

  /** The token's identity, or UNAUTHENTICATED naming why (unknown, revoked, expired, owner blocked). */
  async authenticate(token: string): Promise<TokenIdentity> {
    const found = token.length < 200 ? await this.em.findOne(ApiToken, { tokenHash: sha256(token) }, { populate: ['createdBy'] }) : null;
    const fail = (why: string) => apiError('UNAUTHENTICATED', `Токен не принят: ${why}`, { http: { status: 401 } });
    if (!found) throw fail('такого токена нет');
    if (found.revokedAt) throw fail('он отозван');
    if (found.expiresAt < new Date()) throw fail('срок действия истёк');
    const owner = found.createdBy.getEntity();
    if (!owner.active) throw fail('учётная запись владельца заблокирована');
    // At most one write a minute per token: last use is for people, not an audit log.
    await this.em
      .getConnection()
      .execute(
        `update api_token set last_used_at = now() where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
        [found.id],
      );
    const viewer =
      found.scope === TokenScope.READ_WRITE ? { userId: owner.id, role: owner.role, personId: owner.person?.id, tokenId: found.id } : null;
    return { id: found.id, scope: found.scope, budgetPerHour: found.budgetPerHour, viewer };
  }

  /** Adds the cost to this hour's usage in one statement (safe across servers) and says what is left. */
  async charge(identity: TokenIdentity, cost: number): Promise<RateLimitState> {
    const windowStart = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const [row] = await this.em.getConnection().execute<Array<{ used: number }>>(
      `insert into api_token_usage (token, window_start, used) values (?, ?, ?)
       on conflict (token, window_start) do update set used = api_token_usage.used + excluded.used
       returning used`,
      [identity.id, windowStart, cost],
    );
    return {
      limit: identity.budgetPerHour,
      cost,
      remaining: identity.budgetPerHour - Number(row!.used),
      resetAt: new Date(windowStart.getTime() + HOUR),
    };
  }
}
