import { stemText } from './russian.ts';

/** Abbreviations of the field and what they stand for; each finds the other. */
export const ABBREVIATIONS: Record<string, string[]> = {
  ФГОС: ['федеральный государственный образовательный стандарт'],
  ФОП: ['федеральная образовательная программа'],
  ОВЗ: ['ограниченные возможности здоровья'],
  УУД: ['универсальные учебные действия'],
  НОО: ['начальное общее образование', 'начальная школа'],
  ООО: ['основное общее образование', 'основная школа'],
  СОО: ['среднее общее образование', 'старшая школа'],
  ДО: ['дошкольное образование'],
  ДОУ: ['дошкольное образовательное учреждение', 'детский сад'],
  УДО: ['учреждение дополнительного образования'],
  ИКТ: ['информационно-коммуникационные технологии'],
  КИМ: ['контрольно-измерительные материалы'],
  ВПР: ['всероссийская проверочная работа'],
  ОГЭ: ['основной государственный экзамен'],
  ЕГЭ: ['единый государственный экзамен'],
  ГИА: ['государственная итоговая аттестация'],
  ИМЦ: ['информационно-методический центр'],
  ИМО: ['информационно-методический отдел'],
  МО: ['методическое объединение'],
  РМО: ['районное методическое объединение'],
  ОБЗР: ['основы безопасности и защиты родины'],
  ОБЖ: ['основы безопасности жизнедеятельности'],
  ГТО: ['готов к труду и обороне'],
};

/**
 * Meilisearch synonyms in the stemmed form the query arrives in, both ways: «овз» ↔
 * «ограничен возможн здоров». Each key is one query "word" or phrase as the engine splits it.
 */
export function stemmedSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, Set<string>> = {};
  const add = (from: string, to: string) => (synonyms[from] ??= new Set()).add(to);
  for (const [abbreviation, expansions] of Object.entries(ABBREVIATIONS)) {
    const short = stemText(abbreviation);
    for (const expansion of expansions) {
      const long = stemText(expansion);
      add(short, long);
      add(long, short);
    }
  }
  return Object.fromEntries(Object.entries(synonyms).map(([key, values]) => [key, [...values]]));
}

/** The stems a query stands for beyond its own words, for highlighting: «ОВЗ» also marks «ограниченными». */
export function expandStems(queryStems: string[]): string[] {
  const text = queryStems.join(' ');
  const extra = Object.entries(stemmedSynonyms()).filter(([key]) => ` ${text} `.includes(` ${key} `)).flatMap(([, values]) => values.flatMap((v) => v.split(' ')));
  return [...new Set([...queryStems, ...extra])];
}
