import { texts } from '../i18n.ts';

/** Texts of the expert's side of review (the review page, due days on the desk): loaded with those pages, never with a reader's first page. */
const ru = {
  title: (name: string) => `Экспертиза: ${name}`,
  material: 'Материал',
  form: 'Заключение эксперта',
  openReview: 'Открыть экспертизу',
  due: (day: string) => `срок — до ${day}`,
  overdue: (day: string) => `срок истёк ${day}`,
  dueLabel: 'Срок заключения',
  dueHint: (day: string) => `По умолчанию — ${day}. Эксперт увидит срок в очереди и, если настроена почта, в письме.`,
  noDue: 'срок не назначен',
  scoreOf: (max: number) => `Оценка от 0 до ${max}`,
  total: (sum: number, max: number) => `Итого: ${sum} из ${max}`,
  scoreMissing: (name: string) => `Поставьте оценку по критерию «${name}».`,
  scoreRange: (name: string, max: number) => `Оценка по критерию «${name}» — целое число от 0 до ${max}.`,
  saveChanges: 'Сохранить исправления',
  sent: 'Заключение отправлено. Его можно исправить, пока материал не опубликован.',
  yours: 'Ваше заключение',
  updatedAt: (when: string) => `Изменено ${when}`,
  correct: 'Исправить заключение',
  cancel: 'Отменить исправление',
  locked: 'Материал опубликован: заключение больше не меняется.',
  closed: 'Материал уже не на экспертизе: заключение больше не меняется.',
  notYours: 'Форму заключения заполняет назначенный эксперт.',
  noCriteria: 'Критерии экспертизы не заданы: методист добавляет их в «Справочниках».',
  queueEmpty: 'Вам пока не назначено ни одной экспертизы. Когда методист назначит материал, он появится здесь.',
  backToDesk: 'К очереди экспертизы',
};

export const expertReview = texts(ru);
