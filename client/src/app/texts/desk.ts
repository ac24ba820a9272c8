import { texts } from '../i18n.ts';

/** Texts of the review desk: loaded with those pages, never with a reader's first page. */
const ru = {
  levelOptions: {
    ORGANIZATION: 'уровень образовательной организации',
    MUNICIPAL: 'муниципальный уровень',
    REGIONAL: 'региональный уровень',
  } as Record<string, string>,
  confirmPublish: (title: string, level: string | null) =>
    `Опубликовать «${title}»? Материал получит регистрационный номер и станет виден всем читателям${level ? `; рекомендован: ${level}` : ''}.`,
  confirmReturn: (title: string, reason: string) => `Вернуть «${title}» автору на доработку? Автор увидит причину: «${reason}».`,
  confirmReject: (title: string, reason: string) =>
    `Отклонить «${title}»? Автор увидит причину: «${reason}». Отклонённый материал снова на экспертизу не отправить.`,
  confirmLabel: 'Подтверждение',
  yesPublish: 'Да, опубликовать',
  yesReturn: 'Да, вернуть на доработку',
  yesReject: 'Да, отклонить',
  assigned: (name: string) => `Эксперт назначен: ${name}. Материал остался на своём месте в очереди.`,
  changeExpert: 'Сменить эксперта',
  noExpert: 'эксперт не назначен',
  reviewed: 'заключение получено',
  publishAfterReview: 'Опубликовать можно после заключения эксперта.',
  reasonToAuthor: 'Причина для автора (при возврате или отклонении)',
  reasonNeeded: 'Напишите автору причину: он увидит её в «Моих материалах».',
};

export const desk = texts(ru);
