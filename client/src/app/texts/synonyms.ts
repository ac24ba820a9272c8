import { texts } from '../i18n.ts';

/** Texts of the synonyms page: loaded with those pages, never with a reader's first page. */
const ru = {
  title: 'Словарь поиска: сокращения и слова педагогов',
  intro:
    'Поиск находит материал по любому слову записи: сокращение — по расшифровке и наоборот, слово педагогов — по названию в документах. Изменения учитываются поиском через несколько секунд, без переиндексации.',
  filter: 'Найти в словаре',
  kinds: { ABBREVIATION: 'Сокращение', WORDING: 'Слово педагогов' } as Record<string, string>,
  kind: 'Вид',
  term: 'Сокращение или слово',
  variants: 'Расшифровки, по одной в строке',
  add: 'Добавить запись',
  save: 'Сохранить',
  edit: 'Изменить',
  cancel: 'Отмена',
  remove: 'Удалить',
  confirmRemove: (term: string) => `Удалить «${term}» из словаря поиска?`,
  count: (n: number) => `Записей: ${n}`,
  saved: (term: string) => `«${term}» сохранено; поиск учтёт через несколько секунд.`,
  forbidden: 'Словарь поиска ведут методисты ИМЦ.',
};

export const synonyms = texts(ru, {
  title: 'Search thesaurus: abbreviations and teachers’ words',
  intro: 'Search finds a material by any word of an entry. Changes reach search within seconds, without reindexing.',
  filter: 'Find in the thesaurus',
  kinds: { ABBREVIATION: 'Abbreviation', WORDING: 'Teachers’ word' },
  kind: 'Kind',
  term: 'Abbreviation or word',
  variants: 'Expansions, one per line',
  add: 'Add entry',
  save: 'Save',
  edit: 'Edit',
  cancel: 'Cancel',
  remove: 'Delete',
  confirmRemove: (term: string) => `Delete «${term}» from the search thesaurus?`,
  count: (n: number) => `Entries: ${n}`,
  saved: (term: string) => `«${term}» saved; search will use it within seconds.`,
  forbidden: 'The search thesaurus is kept by the centre’s methodists.',
});
