import type { Logger } from '../../common/logger.ts';
import type { Mailer } from '../../common/mail.ts';

/** Where the expert's review page lives in the client (paths.ts `reviewMaterial`). */
export const reviewPagePath = (materialId: string) => `/review/${encodeURIComponent(materialId)}`;

/** `YYYY-MM-DD` as a Russian reader writes a day: 14.12.2026. */
const russianDay = (day: string) => day.split('-').reverse().join('.');

export interface Assignment {
  to: string;
  expertName: string;
  materialId: string;
  title: string;
  dueOn: string;
}

/**
 * Tells an expert of an assignment by mail. Sent after the assignment is committed and never awaited
 * by it: a mail server that is slow or down delays or loses the letter, not the methodist's work.
 * A letter that could not be sent is logged (the header's counter still shows the assignment).
 */
export function mailAssignment(mailer: Mailer, centreName: string, logger: Logger | undefined, assignment: Assignment): Promise<void> {
  const text = [
    `Здравствуйте, ${assignment.expertName}!`,
    '',
    `Вам назначена экспертиза материала «${assignment.title}» в методической базе знаний (${centreName}).`,
    `Заключение ждём до ${russianDay(assignment.dueOn)} включительно.`,
    '',
    'Материал и форма заключения:',
    '',
    `${mailer.publicUrl}${reviewPagePath(assignment.materialId)}`,
    '',
    'Отправленное заключение можно открыть и исправить, пока материал не опубликован.',
    '',
  ].join('\n');
  return mailer.send({ to: assignment.to, subject: `${centreName}: экспертиза материала «${assignment.title}»`, text }).catch((error) => {
    logger?.warn('review assignment mail not sent', { to: assignment.to, materialId: assignment.materialId, error: String(error) });
  });
}
