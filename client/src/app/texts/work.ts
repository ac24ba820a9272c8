import { texts } from '../i18n.ts';

/** Texts of an author's materials: «Мои материалы», the editor, the notes on a material's state: loaded with those pages, never with a reader's first page. */
const ru = {
  noOrganization: 'Организация не выбрана.',
  findOrganization: 'Найти организацию по названию',
  changeOrganization: 'Выбрать другую организацию: найти по названию',
  returned: (day: string) => `Возвращено на доработку ${day}`,
  rejected: (day: string) => `Отклонено ${day}`,
  draft: 'Черновик: материал не опубликован, его видите только вы и методисты ИМЦ.',
  waitingExpert: 'На экспертизе: методист назначит эксперта. Пока эксперт не назначен, материал можно отозвать и править.',
  withExpert: (name: string) => `На экспертизе: эксперт ${name} оценивает материал.`,
  published: (day: string) => `Опубликовано ${day}`,
  archived: 'В архиве: материал снят с публикации.',
  by: (name: string) => `решение методиста ${name}`,
  nextStep: 'Исправьте материал по замечаниям и отправьте на экспертизу снова.',
  review: (name: string) => `Заключение эксперта (${name})`,
  total: (sum: number, max: number) => `Сумма баллов: ${sum} из ${max}`,
  expertComment: 'Комментарий эксперта',
  scores: 'Оценки по критериям',
  withdraw: 'Отозвать с экспертизы',
  withdrawn: (title: string) => `«${title}» отозван с экспертизы и снова стал черновиком: его можно править.`,
  sent: (title: string) => `«${title}» отправлен на экспертизу. Методист назначит эксперта; до назначения материал можно отозвать.`,
  missingTitle: 'Перед отправкой на экспертизу заполните:',
  confirmTitle: 'Отправить на экспертизу?',
  confirmText: (title: string) =>
    `«${title}» уйдёт методисту. Пока материал на экспертизе, править его нельзя; до назначения эксперта его можно отозвать.`,
  confirmYes: 'Да, отправить',
  required: 'обязательно для экспертизы',
  requiredNote: 'Поля со звёздочкой (*) нужно заполнить перед отправкой на экспертизу.',
  draftBanner:
    'Черновик — материал не опубликован. Эту страницу видите только вы, эксперт и методисты ИМЦ; читатели увидят её после публикации.',
  inReviewBanner: 'Материал на экспертизе и ещё не опубликован: эту страницу видите только вы, эксперт и методисты ИМЦ.',
  rejectedBanner: 'Материал отклонён и не опубликован.',
  kind: 'Вид',
  changed: (day: string) => `изменён ${day}`,
  publishedOn: (day: string) => `опубликован ${day}`,
  filter: 'Показать',
  all: (n: number) => `все (${n})`,
  filterOption: (status: string, n: number) => `${status} (${n})`,
  emptyTitle: 'У вас пока нет материалов.',
  emptyHint:
    'Начните с формы «Новый материал» ниже: выберите вид, напишите название и нажмите «Сохранить черновик» — откроется редактор со всеми полями. Когда заполните обязательные, отправьте материал на экспертизу.',
  noneWithStatus: (status: string) => `Материалов в состоянии «${status}» нет.`,
  statusFilters: {
    DRAFT: 'черновики',
    IN_REVIEW: 'на экспертизе',
    PUBLISHED: 'опубликованные',
    REJECTED: 'отклонённые',
    ARCHIVED: 'в архиве',
  } as Record<string, string>,
  archivedOn: (day: string) => `Снято с публикации ${day}`,
};

export const work = texts(ru);
