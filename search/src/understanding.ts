import { derivationRoot, fold, stem, tokenize } from './russian.ts';

/**
 * What a teacher's query says besides its words: a class («8 класс», «в 8 классе», «5–6 классы»,
 * «девятиклассники»), a level of education («НОО», «начальная школа», «детский сад»), a subject
 * («по химии»). Each becomes a part that boosts the materials it names (never filters), shown to the
 * teacher as a chip that can be removed.
 */
export type QueryPartKind = 'GRADE' | 'LEVEL' | 'SUBJECT';

export interface QueryPart {
  kind: QueryPartKind;
  /** Stable across requests: «grade:8», «grade:5-6», «level:НОО», «subject:<id>». */
  key: string;
  label: string;
  /** The words of the query it was read from. */
  text: string;
  /** Grades as numbers, a level code, or a subject id. */
  values: Array<number | string>;
}

export interface UnderstoodQuery {
  /** The query for the text search: classes and levels taken out (unless nothing would be left), subjects kept. */
  text: string;
  parts: QueryPart[];
}

export interface SubjectName {
  id: string;
  name: string;
}

/** Level codes of the law on education and how teachers name them. */
export const LEVEL_LABELS: Record<string, string> = {
  ДО: 'дошкольное образование',
  НОО: 'начальное общее образование',
  ООО: 'основное общее образование',
  СОО: 'среднее общее образование',
  ДОП: 'дополнительное образование',
};

const W = '[\\p{L}\\p{N}]';
const word = (body: string, flags = 'giu') => new RegExp(`(?<!${W})(?:${body})(?!${W})`, flags);

const LEVELS: Array<[code: string, pattern: RegExp]> = [
  // Upper case only: «до» is also a preposition.
  ['ДО', word('ДО', 'gu')],
  ['ДО', word('ДОУ|ДОО|детск\\p{L}* сад\\p{L}*|садик\\p{L}*|дошкольн\\p{L}*|дошкол[её]нок|дошколят\\p{L}*')],
  [
    'НОО',
    word('НОО|начальн\\p{L}* (?:школ\\p{L}*|класс\\p{L}*|общ\\p{L}* образован\\p{L}*)|младш\\p{L}* (?:школьник\\p{L}*|класс\\p{L}*)'),
  ],
  ['ООО', word('ООО|основн\\p{L}* (?:школ\\p{L}*|общ\\p{L}* образован\\p{L}*)')],
  ['СОО', word('СОО|старш\\p{L}* (?:школ\\p{L}*|класс\\p{L}*)|старшеклассник\\p{L}*|средн\\p{L}* общ\\p{L}* образован\\p{L}*')],
  ['ДОП', word('ДОП|УДО|дополнительн\\p{L}* образован\\p{L}*')],
];

/** Beginnings of ordinals («восьмом классе») and of class nouns («восьмиклассники»). */
const ORDINALS: Record<string, number> = {
  перв: 1,
  перво: 1,
  втор: 2,
  второ: 2,
  трет: 3,
  треть: 3,
  третье: 3,
  четверо: 4,
  четверт: 4,
  четвёрт: 4,
  пят: 5,
  пяти: 5,
  шест: 6,
  шести: 6,
  седьм: 7,
  седьмо: 7,
  восьм: 8,
  восьми: 8,
  девят: 9,
  девяти: 9,
  десят: 10,
  десяти: 10,
  одиннадцат: 11,
  одиннадцати: 11,
};
const ORDINAL = Object.keys(ORDINALS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const CLASS = 'класс\\p{L}*|кл\\.?';
const NUMBER_SUFFIX = '(?:\\s*-?\\s*(?:й|м|го|ом|х|ые|ых|ый|ой))?';
const GRADES: Array<[pattern: RegExp, read: (m: RegExpExecArray) => number[]]> = [
  [
    word(`(?:(?:в|во|для|на)\\s+)?(\\d{1,2})\\s*[-–—]\\s*(\\d{1,2})${NUMBER_SUFFIX}\\s*(?:${CLASS})`),
    (m) => range(Number(m[1]), Number(m[2])),
  ],
  [word(`(?:(?:в|во|для|на)\\s+)?(\\d{1,2})${NUMBER_SUFFIX}\\s*(?:${CLASS})`), (m) => [Number(m[1])]],
  [word(`(?:(?:в|во|для|на)\\s+)?(${ORDINAL})\\p{L}*\\s+(?:${CLASS})`), (m) => [ORDINALS[fold(m[1]!)]!]],
  [word(`(${ORDINAL})классник\\p{L}*`), (m) => [ORDINALS[fold(m[1]!)]!]],
];

/** Words that make the subject after them the scope of a query: «по химии», «уроки физики». */
const SCOPE = /^(?:по|урок\p{L}*|предмет\p{L}*)$/iu;

function range(from: number, to: number): number[] {
  return from <= to && to - from <= 10 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
}

const gradeLabel = (grades: number[]) => (grades.length === 1 ? `${grades[0]} класс` : `${grades[0]}–${grades.at(-1)} классы`);

/** The stems of a name; a one-word name also matches by derivation root («химический» names Химия). */
const nameKey = (text: string) => tokenize(text).map((t) => stem(t.word));

/**
 * Reads grades, levels and subjects from a query. `aliases` are other names of subjects
 * («физра» → «Физическая культура»), from the thesaurus. Parts whose key is in `ignore` stay
 * plain words.
 */
export function understandQuery(
  query: string,
  subjects: SubjectName[],
  aliases: Array<[alias: string, subject: string]> = [],
  ignore: string[] = [],
): UnderstoodQuery {
  const parts: QueryPart[] = [];
  // Spans read as a part (ignored ones too, so that «8 классах» inside «7–8 классах» is not read again) and spans cut from the text.
  const read: Array<[number, number]> = [];
  const cut: Array<[number, number]> = [];
  const taken = (start: number, end: number) => read.some(([s, e]) => start < e && end > s);
  const add = (part: QueryPart, start: number, end: number, cutFromText: boolean) => {
    read.push([start, end]);
    if (ignore.includes(part.key)) return;
    if (!parts.some((p) => p.key === part.key)) parts.push(part);
    if (cutFromText) cut.push([start, end]);
  };

  for (const [pattern, read] of GRADES) {
    for (const m of query.matchAll(pattern)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      const grades = read(m).filter((g) => g >= 1 && g <= 11);
      if (!grades.length) continue;
      const key = `grade:${grades.length === 1 ? grades[0] : `${grades[0]}-${grades.at(-1)}`}`;
      add({ kind: 'GRADE', key, label: gradeLabel(grades), text: m[0].trim(), values: grades }, m.index, m.index + m[0].length, true);
    }
  }
  for (const [code, pattern] of LEVELS) {
    for (const m of query.matchAll(pattern)) {
      if (taken(m.index, m.index + m[0].length)) continue;
      add(
        { kind: 'LEVEL', key: `level:${code}`, label: `${code} — ${LEVEL_LABELS[code]}`, text: m[0], values: [code] },
        m.index,
        m.index + m[0].length,
        true,
      );
    }
  }

  const tokens = tokenize(query).map((t) => ({ ...t, stem: stem(t.word) }));
  const names: Array<{ subject: SubjectName; key: string[] }> = [];
  for (const subject of subjects) {
    names.push({ subject, key: nameKey(subject.name) });
    // «по русскому», «английский»: a language named by its adjective alone.
    const [first, second] = nameKey(subject.name);
    if (second === stem('язык')) names.push({ subject, key: [first!] });
  }
  for (const [alias, name] of aliases) {
    const subject = subjects.find((s) => fold(s.name) === fold(name));
    if (subject) names.push({ subject, key: nameKey(alias) });
  }
  // The longest subject name is read first («физическая культура» before «физика»). A subject
  // named as the scope («по химии», «на уроках физики») is taken out of the text like a class; a
  // subject word otherwise stays a word too, since it may mean more («игровые технологии»).
  names.sort((a, b) => b.key.length - a.key.length);
  for (const { subject, key } of names) {
    if (!key.length) continue;
    const same = (i: number, k: string) =>
      tokens[i]!.stem === k || (key.length === 1 && derivationRoot(tokens[i]!.stem) === derivationRoot(k));
    for (let i = 0; i + key.length <= tokens.length; i++) {
      const span = key.map((_, j) => i + j);
      if (span.some((j) => taken(tokens[j]!.start, tokens[j]!.end)) || !key.every((k, j) => same(i + j, k))) continue;
      const scope = i > 0 && SCOPE.test(tokens[i - 1]!.word) ? i - 1 : undefined;
      const start = tokens[scope ?? i]!.start;
      const end = tokens[i + key.length - 1]!.end;
      add(
        { kind: 'SUBJECT', key: `subject:${subject.id}`, label: subject.name, text: query.slice(start, end), values: [subject.id] },
        start,
        end,
        scope !== undefined,
      );
    }
  }

  let text = query;
  for (const [start, end] of [...cut].sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + ' ' + text.slice(end);
  text = text.replace(/\s+/g, ' ').trim();
  return { text: tokenize(text).length ? text : query.trim(), parts };
}
