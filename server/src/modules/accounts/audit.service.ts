import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { PageArgs } from '../../common/connection.ts';
import { badInput } from '../../common/errors.ts';
import { paginate } from '../../common/pagination.ts';
import { likePattern } from '../../common/like-pattern.ts';
import type { AuditFilter } from './account.inputs.ts';
import { authorize } from './policy.ts';
import { AuditEvent } from './user.entity.ts';
import type { Viewer } from './viewer.ts';

/** What each kind of event is called in the journal. An event of a kind not listed shows its code. */
export const AUDIT_LABELS: Record<string, string> = {
  login: 'вход',
  'login.failed': 'неудачный вход',
  'password.changed': 'смена пароля',
  'password.reset_issued': 'выдана ссылка для смены пароля',
  'password.reset': 'пароль сменён по ссылке',
  'password.invitation_issued': 'выдано приглашение',
  'password.invitation_used': 'приглашение принято',
  'user.created': 'создана учётная запись',
  'user.role_changed': 'изменена роль',
  'user.activated': 'учётная запись разблокирована',
  'user.deactivated': 'учётная запись заблокирована',
  'material.published': 'материал опубликован',
  'material.archived': 'материал снят с публикации',
  'organizations.merged': 'объединены организации',
  'people.merged': 'объединены педагоги',
  'dictionary.merged': 'объединены значения справочника',
  'token.created': 'выпущен токен доступа',
  'token.revoked': 'отозван токен доступа',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The journal of security-relevant events for administrators: newest first, by kind, person and days. */
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer | null,
    private readonly timeZone: string,
  ) {}

  async list(filter: AuditFilter = {}, page: PageArgs) {
    authorize(this.viewer, 'audit.view');
    const conditions: FilterQuery<AuditEvent>[] = [];
    if (filter.types?.length) conditions.push({ type: { $in: filter.types } });
    if (filter.query?.trim()) {
      const pattern = likePattern(filter.query);
      // Ids only, not half-loaded accounts: the page's `actor` fields load them whole.
      const actors = await this.em.execute<Array<{ id: string }>>(
        `select id from app_user where email ilike ? or name ilike ? limit 1000`,
        [pattern, pattern],
      );
      const ids = actors.map((a) => a.id);
      // Who acted, or whose account the event is about (its subject is the account's id).
      conditions.push({ $or: [{ subject: { $ilike: pattern } }, { subject: { $in: ids } }, { actor: { $in: ids } }] });
    }
    for (const [field, day, op] of [
      ['filter.from', filter.from, '>='],
      ['filter.to', filter.to, '<'],
    ] as const) {
      if (!day) continue;
      if (!DAY.test(day)) throw badInput(field, 'дата в виде ГГГГ-ММ-ДД');
      // The district's midnight: the start of the day, or of the day after the last one.
      const [row] = await this.em.execute<Array<{ at: Date }>>(`select ((?::date + ?::int)::timestamp at time zone ?) as at`, [
        day,
        op === '<' ? 1 : 0,
        this.timeZone,
      ]);
      conditions.push({ createdAt: { [op === '>=' ? '$gte' : '$lt']: row!.at } });
    }
    return paginate<AuditEvent>(
      this.em,
      AuditEvent,
      conditions.length ? { $and: conditions } : {},
      { field: 'createdAt', direction: 'DESC', type: 'date' },
      page,
    );
  }
}
