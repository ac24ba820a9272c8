import { describe, expect, it } from 'vitest';
import { understandQuery } from './understanding.ts';

const subjects = [
  { id: 's-chem', name: 'Химия' },
  { id: 's-phys', name: 'Физика' },
  { id: 's-pe', name: 'Физическая культура' },
  { id: 's-rus', name: 'Русский язык' },
  { id: 's-art', name: 'Изобразительное искусство' },
];
const read = (query: string, ignore: string[] = []) =>
  understandQuery(
    query,
    subjects,
    [
      ['ИЗО', 'Изобразительное искусство'],
      ['физра', 'Физическая культура'],
    ],
    ignore,
  );
const keys = (query: string) => read(query).parts.map((p) => p.key);

describe('query understanding', () => {
  it.each([
    ['конспект 8 класс', ['grade:8'], 'конспект'],
    ['опыты в 8 классе', ['grade:8'], 'опыты'],
    ['задания для 5–6 классов', ['grade:5-6'], 'задания'],
    ['физкультура 5-6 классы', ['grade:5-6'], 'физкультура'],
    ['в восьмом классе', ['grade:8'], 'в восьмом классе'],
    ['как подготовить девятиклассников к ОГЭ', ['grade:9'], 'как подготовить к ОГЭ'],
    ['первоклассники чтение', ['grade:1'], 'чтение'],
  ])('«%s»: %j, text «%s»', (query, expected, text) => {
    expect(keys(query)).toEqual(expected);
    expect(read(query).text).toBe(text);
  });

  it('reads levels by code and by the words teachers use, but not the preposition «до»', () => {
    expect(keys('ФГОС НОО')).toEqual(['level:НОО']);
    expect(keys('начальные классы окружающий мир')).toEqual(['level:НОО']);
    expect(keys('основная школа история')).toEqual(['level:ООО']);
    expect(keys('ФГОС ДО')).toEqual(['level:ДО']);
    expect(keys('детский сад Ромашка')).toEqual(['level:ДО']);
    expect(keys('дошкольники сказка')).toEqual(['level:ДО']);
    expect(keys('старшеклассники')).toEqual(['level:СОО']);
    expect(keys('концепция до 2030 года')).toEqual([]);
    expect(read('начальная школа').text).toBe('начальная школа');
  });

  it('reads a subject in any form, by its adjective or its thesaurus name; «по химии» leaves the text, «химия» stays a word', () => {
    expect(read('опыты по химии')).toMatchObject({
      text: 'опыты',
      parts: [{ kind: 'SUBJECT', key: 'subject:s-chem', label: 'Химия', text: 'по химии' }],
    });
    expect(read('химический эксперимент').text).toBe('химический эксперимент');
    expect(keys('химический эксперимент')).toEqual(['subject:s-chem']);
    expect(keys('по русскому 3 класс')).toEqual(['grade:3', 'subject:s-rus']);
    expect(keys('физическая культура')).toEqual(['subject:s-pe']);
    expect(keys('физра')).toEqual(['subject:s-pe']);
    expect(keys('ИЗО пейзаж')).toEqual(['subject:s-art']);
  });

  it('leaves an ignored part as plain words', () => {
    expect(read('химия 8 класс', ['grade:8'])).toMatchObject({ text: 'химия 8 класс', parts: [{ key: 'subject:s-chem' }] });
  });
});
