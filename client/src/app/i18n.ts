/** Interface strings: Russian by default, English second. Every string the UI shows comes from here. */
const ru = {
  appName: 'Методическая база знаний',
  skipToContent: 'Перейти к содержанию',
  searchLabel: 'Поиск материалов',
  searchPlaceholder: 'Тема, предмет, автор: например, «функциональная грамотность»',
  searchButton: 'Найти',
  found: (n: number) => `Найдено: ${n}`,
  fallbackBanner: 'Поиск работает в упрощённом режиме: опечатки и фасеты временно недоступны.',
  nothingFound: 'Ничего не найдено',
  nothingFoundHint: 'Проверьте написание, уберите часть фильтров или поищите шире: например, только по предмету.',
  clearAll: 'Сбросить фильтры',
  filters: 'Фильтры',
  sort: 'Сортировка',
  sorts: { RELEVANCE: 'по релевантности', NEWEST: 'сначала новые', MOST_DOWNLOADED: 'по скачиваниям', TITLE: 'по алфавиту' } as Record<string, string>,
  facets: {
    KIND: 'Вид', SUBJECT: 'Предмет', LEVEL: 'Уровень образования', GRADE: 'Класс', ORGANIZATION: 'Организация',
    MUNICIPALITY: 'Муниципалитет', YEAR: 'Год', EXPERT_LEVEL: 'Уровень рекомендации', MATERIAL_TYPE: 'Тип материала', KEYWORD: 'Ключевые слова',
  } as Record<string, string>,
  showMore: 'Показать ещё',
  loading: 'Загрузка…',
  error: 'Не удалось загрузить данные.',
  retry: 'Повторить',
  back: '← К поиску',
  authors: 'Авторы',
  organization: 'Организация',
  subjects: 'Предметы',
  levels: 'Уровни',
  grades: 'Классы',
  keywords: 'Ключевые слова',
  published: 'Опубликовано',
  registrationNumber: 'Регистрационный номер',
  certificate: 'Свидетельство о публикации (PDF)',
  files: 'Файлы',
  download: 'Скачать',
  notFound: 'Материал не найден или ещё не опубликован.',
  howToCite: 'Как сослаться',
  language: 'English',
};
type Dictionary = typeof ru;

const en: Dictionary = {
  ...ru,
  appName: 'Methodological knowledge base',
  skipToContent: 'Skip to content',
  searchLabel: 'Search materials',
  searchPlaceholder: 'Topic, subject, author',
  searchButton: 'Search',
  found: (n) => `Found: ${n}`,
  fallbackBanner: 'Search runs in a reduced mode: typo tolerance and facets are temporarily unavailable.',
  nothingFound: 'Nothing found',
  nothingFoundHint: 'Check the spelling, remove some filters or search more broadly.',
  clearAll: 'Clear filters',
  filters: 'Filters',
  sort: 'Sort',
  sorts: { RELEVANCE: 'relevance', NEWEST: 'newest first', MOST_DOWNLOADED: 'most downloaded', TITLE: 'title' },
  facets: { KIND: 'Kind', SUBJECT: 'Subject', LEVEL: 'Level', GRADE: 'Grade', ORGANIZATION: 'Organization', MUNICIPALITY: 'Municipality', YEAR: 'Year', EXPERT_LEVEL: 'Recommended at', MATERIAL_TYPE: 'Material type', KEYWORD: 'Keywords' },
  showMore: 'Show more',
  loading: 'Loading…',
  error: 'Could not load data.',
  retry: 'Retry',
  back: '← Back to search',
  authors: 'Authors',
  organization: 'Organization',
  subjects: 'Subjects',
  levels: 'Levels',
  grades: 'Grades',
  keywords: 'Keywords',
  published: 'Published',
  registrationNumber: 'Registration number',
  certificate: 'Certificate of publication (PDF)',
  files: 'Files',
  download: 'Download',
  notFound: 'The material is not found or not published yet.',
  howToCite: 'How to cite',
  language: 'Русский',
};

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('lang');
export const locale: 'ru' | 'en' = stored === 'en' ? 'en' : 'ru';
export const t: Dictionary = locale === 'en' ? en : ru;

export function switchLanguage() {
  localStorage.setItem('lang', locale === 'en' ? 'ru' : 'en');
  location.reload();
}
