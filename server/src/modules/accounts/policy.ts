import { apiError } from '../../common/errors.ts';
import { Role } from './user.entity.ts';
import type { Viewer } from './viewer.ts';

/**
 * An action that only a person signed in may take, never a request with an API token: a token acts
 * for another system with its creator's role, and must not reach accounts or tokens (a token that
 * issued tokens could outlive and outspend its own limits).
 */
const signedInOnly = (...roles: Role[]) => ({ roles, signedInOnly: true }) as const;
type Rule = readonly Role[] | ReturnType<typeof signedInOnly>;

/**
 * Who may do what: the one place the rules live. Resolvers and services call `authorize`; no
 * role checks elsewhere.
 */
export const RULES = {
  'account.changePassword': signedInOnly(Role.READER, Role.AUTHOR, Role.EXPERT, Role.METHODIST, Role.ADMIN),
  'account.subscriptions': signedInOnly(Role.READER, Role.AUTHOR, Role.EXPERT, Role.METHODIST, Role.ADMIN),
  'material.create': [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  'file.upload': [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  'material.update': [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  'material.submit': [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  'material.assignReviewer': [Role.METHODIST, Role.ADMIN],
  'material.review': [Role.EXPERT],
  'material.publish': [Role.METHODIST, Role.ADMIN],
  'material.return': [Role.METHODIST, Role.ADMIN],
  'material.reject': [Role.METHODIST, Role.ADMIN],
  'material.archive': [Role.METHODIST, Role.ADMIN],
  'directory.manage': [Role.METHODIST, Role.ADMIN],
  // An author adds a co-author missing from the directory; methodists merge duplicates later.
  'person.create': [Role.AUTHOR, Role.METHODIST, Role.ADMIN],
  'dictionary.manage': [Role.METHODIST, Role.ADMIN],
  'collection.manage': [Role.METHODIST, Role.ADMIN],
  'user.manage': signedInOnly(Role.ADMIN),
  'audit.view': signedInOnly(Role.ADMIN),
  'token.manage': signedInOnly(Role.METHODIST, Role.ADMIN),
  'import.run': [Role.METHODIST, Role.ADMIN],
  'reports.view': [Role.METHODIST, Role.ADMIN],
  'surveys.manage': [Role.METHODIST, Role.ADMIN],
  'search.synonyms': [Role.METHODIST, Role.ADMIN],
  'backup.status': [Role.ADMIN],
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;

export const ACTION_LABELS: Record<Action, string> = {
  'account.changePassword': 'сменить пароль',
  'account.subscriptions': 'смотреть и отменять свои подписки',
  'material.create': 'создавать материалы',
  'file.upload': 'загружать файлы',
  'material.update': 'редактировать материалы',
  'material.submit': 'отправлять материалы на экспертизу',
  'material.assignReviewer': 'назначать экспертов',
  'material.review': 'проводить экспертизу',
  'material.publish': 'публиковать материалы',
  'material.return': 'возвращать материалы на доработку',
  'material.reject': 'отклонять материалы',
  'material.archive': 'отправлять материалы в архив',
  'directory.manage': 'вести справочники организаций и педагогов',
  'person.create': 'добавлять педагогов',
  'dictionary.manage': 'вести справочники предметов, уровней, методических объединений и критериев экспертизы',
  'collection.manage': 'составлять и публиковать подборки',
  'user.manage': 'управлять пользователями',
  'audit.view': 'смотреть журнал действий',
  'token.manage': 'выпускать токены доступа для внешних систем',
  'import.run': 'загружать банки материалов',
  'reports.view': 'смотреть статистику и отчёты',
  'surveys.manage': 'проводить опросы и смотреть их итоги',
  'backup.status': 'видеть состояние резервного копирования',
  'search.synonyms': 'вести словарь синонимов и сокращений поиска',
};

const roles = (rule: Rule): readonly Role[] => ('roles' in rule ? rule.roles : rule);
const refusesTokens = (rule: Rule, viewer: Viewer) => 'signedInOnly' in rule && viewer.tokenId !== undefined;

export function can(viewer: Viewer | null, action: Action): boolean {
  const rule: Rule = RULES[action];
  return viewer !== null && roles(rule).includes(viewer.role) && !refusesTokens(rule, viewer);
}

/** Throws UNAUTHENTICATED for an anonymous request, FORBIDDEN for a role without the right or a token where a person must act. */
export function authorize(viewer: Viewer | null, action: Action): asserts viewer is Viewer {
  if (!viewer) throw apiError('UNAUTHENTICATED', 'Войдите в систему, чтобы выполнить это действие');
  if (refusesTokens(RULES[action], viewer))
    throw apiError('FORBIDDEN', `Через токен доступа нельзя ${ACTION_LABELS[action]}: войдите в систему`, { action });
  if (!can(viewer, action)) throw apiError('FORBIDDEN', `Роль ${viewer.role} не позволяет ${ACTION_LABELS[action]}`, { action });
}

/**
 * The most an API token may get, whoever issues it (the API or `token:create`): no token outlives
 * or outspends these. Lowering one takes a migration that brings existing tokens within it too
 * (as Migration20261123090000 did).
 */
export const TOKEN_LIMITS = {
  days: { default: 365, max: 365 },
  budgetPerHour: { default: 5000, max: 50_000 },
} as const;

/** The centre's editors act on any material; an author only on what they created. */
export function isEditor(viewer: Viewer): boolean {
  return viewer.role === Role.METHODIST || viewer.role === Role.ADMIN;
}
