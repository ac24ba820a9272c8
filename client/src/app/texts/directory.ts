import { texts } from '../i18n.ts';

/** Texts of the directory of organizations and people: loaded with those pages, never with a reader's first page. */
const ru = {
  title: 'Организации и педагоги',
  intro:
    'Справочники, из которых авторы выбирают организацию и соавторов. Дубликат, оставленный импортом или опечаткой, объединяют с верной записью: материалы и авторство переходят к ней, дубликат исчезает.',
  forbidden: 'Справочники организаций и педагогов ведут методисты ИМЦ.',
  kinds: { organizations: 'Организации', people: 'Педагоги' } as Record<string, string>,
  searchLabel: { organizations: 'Название или его часть', people: 'ФИО или его часть' } as Record<string, string>,
  searchButton: 'Найти',
  searchIn: { organizations: 'Поиск организаций', people: 'Поиск педагогов' } as Record<string, string>,
  reset: 'Показать все',
  pages: { organizations: 'Страницы организаций', people: 'Страницы педагогов' } as Record<string, string>,
  empty: {
    organizations: 'В справочнике пока нет организаций: они появляются с материалами авторов и при импорте банка.',
    people: 'В справочнике пока нет педагогов: они появляются с материалами авторов и при импорте банка.',
  } as Record<string, string>,
  nothingFound: (query: string) => `По запросу «${query}» ничего не нашлось. Проверьте написание или найдите по части названия.`,
  edit: 'Изменить',
  editLabel: (name: string) => `Изменить: ${name}`,
  merge: 'Объединить',
  mergeLabel: (name: string) => `Объединить дубликат: ${name}`,
  save: 'Сохранить',
  cancel: 'Отмена',
  saved: (name: string) => `«${name}» сохранено.`,
  name: 'Полное название',
  shortName: 'Краткое название',
  type: 'Тип',
  organizationTypes: {
    SCHOOL: 'общеобразовательная школа',
    KINDERGARTEN: 'детский сад (ДОУ)',
    ADDITIONAL_EDUCATION: 'дополнительное образование (УДО)',
    METHODOLOGICAL_CENTRE: 'методический центр (ИМЦ)',
    OTHER: 'другая организация',
  } as Record<string, string>,
  municipality: 'Муниципалитет',
  address: 'Адрес',
  website: 'Сайт',
  fullName: 'ФИО полностью',
  position: 'Должность',
  category: 'Квалификационная категория',
  experience: 'Педагогический стаж, лет',
  noOrganization: 'организация не указана',
  mergeIntro: (name: string) => `«${name}» — дубликат. Найдите запись, которая останется:`,
  findKept: { organizations: 'Найти организацию, которая останется', people: 'Найти педагога, который останется' } as Record<
    string,
    string
  >,
  kept: (name: string) => `Останется: «${name}».`,
  willMove: 'Перейдёт к ней:',
  materialsMove: (n: number) => `материалов: ${n}`,
  peopleMove: (n: number) => `педагогов: ${n}`,
  authorshipsMove: (n: number) => `авторство материалов: ${n}`,
  accountsMove: 'если есть: его учётная запись, членство и руководство в методических объединениях, предметы',
  goes: (name: string) => `«${name}» исчезнет из справочника. Отменить объединение нельзя.`,
  confirmMerge: 'Объединить',
  merged: (source: string, target: string) => `«${source}» объединено с «${target}».`,
};

export const directory = texts(ru);
