import { apiError } from '../../common/errors.ts';
import { Role } from './user.entity.ts';
import type { Viewer } from './viewer.ts';

/**
 * Who may do what: the one place the rules live. Resolvers and services call `authorize`; no
 * role checks elsewhere.
 */
export const RULES = {
  'account.changePassword': [Role.READER, Role.AUTHOR, Role.EXPERT, Role.METHODIST, Role.ADMIN],
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
  'user.manage': [Role.ADMIN],
  'token.manage': [Role.METHODIST, Role.ADMIN],
  'import.run': [Role.METHODIST, Role.ADMIN],
  'reports.view': [Role.METHODIST, Role.ADMIN],
  'surveys.manage': [Role.METHODIST, Role.ADMIN],
  'search.synonyms': [Role.METHODIST, Role.ADMIN],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;

export const ACTION_LABELS: Record<Action, string> = {
  'account.changePassword': 'сменить пароль',
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
  'user.manage': 'управлять пользователями',
  'token.manage': 'выпускать токены доступа для внешних систем',
  'import.run': 'загружать банки материалов',
  'reports.view': 'смотреть статистику и отчёты',
  'surveys.manage': 'проводить опросы и смотреть их итоги',
  'search.synonyms': 'вести словарь синонимов и сокращений поиска',
};

export function can(viewer: Viewer | null, action: Action): boolean {
  return viewer !== null && (RULES[action] as readonly Role[]).includes(viewer.role);
}

/** Throws UNAUTHENTICATED for an anonymous request, FORBIDDEN for a role without the right. */
export function authorize(viewer: Viewer | null, action: Action): asserts viewer is Viewer {
  if (!viewer) throw apiError('UNAUTHENTICATED', 'Войдите в систему, чтобы выполнить это действие');
  if (!can(viewer, action)) throw apiError('FORBIDDEN', `Роль ${viewer.role} не позволяет ${ACTION_LABELS[action]}`, { action });
}

/** The centre's editors act on any material; an author only on what they created. */
export function isEditor(viewer: Viewer): boolean {
  return viewer.role === Role.METHODIST || viewer.role === Role.ADMIN;
}
