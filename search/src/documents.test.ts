import { describe, expect, it } from 'vitest';
import { chunkWords, toMaterialDocument, type MaterialSource } from './documents.ts';
import { createHighlighter } from './highlight.ts';
import { derivationFamily, derivationRoot, stem, stemText, tokenize, words } from './russian.ts';
import { CONTENT_CHUNKS } from './settings.ts';
import { stemmedSynonyms } from './synonyms.ts';

const source = (overrides: Partial<MaterialSource> = {}): MaterialSource => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'BEST_PRACTICE',
  status: 'PUBLISHED',
  title: 'Учителя начальных классов',
  summary: '',
  body: 'Текст',
  grades: [3],
  keywords: ['ФГОС'],
  subjects: [],
  levels: [],
  authors: [],
  updatedAt: new Date(0),
  viewCount: 0,
  downloadCount: 0,
  files: [],
  ...overrides,
});

describe('Russian analysis', () => {
  it('gives every form of a word one stem, folds ё and keeps abbreviations whole', () => {
    expect(new Set(['учитель', 'учителей', 'учителя', 'Учителям'].map(stem)).size).toBe(1);
    expect(stem('ёлка')).toBe(stem('елка'));
    expect(stem('ДОУ')).toBe('доу');
    expect(stemText('функциональной грамотности')).toBe(stemText('функциональная грамотность'));
  });

  it('splits words as letters and digits joined inside a word by a hyphen or an apostrophe, in any script', () => {
    const text = `«Из-за» д’Артаньян O'Neil -дефис- 5–6 классы, 2026г.; ¹²³ ª µ café 𝐀𝐁 ҂҃ Ёлка—ёлка a--b x-'y 𝔘 ß`;
    // The definition the scanner replaces: what the index's tokens were before it, character for character.
    const expected = [...text.matchAll(/[\p{L}\p{N}]+(?:[-’'][\p{L}\p{N}]+)*/gu)].map((m) => ({
      word: m[0],
      start: m.index,
      end: m.index + m[0].length,
    }));
    expect(tokenize(text)).toEqual(expected);
    expect([...words(text)]).toEqual(expected);
    expect(tokenize(text).map((t) => t.word)).toContain('Из-за');
    expect(tokenize(text).map((t) => t.word)).toContain('д’Артаньян');
    expect(tokenize('')).toEqual([]);
  });

  it('makes abbreviations and their expansions synonyms both ways', () => {
    const synonyms = stemmedSynonyms();
    expect(synonyms['овз']).toContain(stemText('ограниченные возможности здоровья'));
    expect(synonyms[stemText('ограниченные возможности здоровья')]).toContain('овз');
  });

  it('highlights word forms, typos and the typed prefix, and escapes HTML', () => {
    const h = createHighlighter('матиматика <b>');
    expect(h.mark('Математика & <script>')).toBe('<mark>Математика</mark> &#38; &#60;script&#62;');
    expect(createHighlighter('учит').mark('Учителям')).toBe('<mark>Учителям</mark>');
    expect(createHighlighter('грамотность').fragment('Нет совпадений здесь')).toBeNull();
  });

  it('finds in a long text every way a word matches, whatever its case or ё', () => {
    const filler = 'Учитель проводит занятие в классе по плану. '.repeat(40);
    const cases: Array<[query: string, word: string]> = [
      ['елка', 'ЁЛКА'],
      ['ёлочные', 'елочных'],
      ['театр', 'ТЕАТРАЛЬНАЯ'],
      ['театральная', 'театром'],
      ['матиматика', 'Математика'],
      ['матем', 'МАТЕМАТИЧЕСКИЙ'],
      ['ОВЗ', 'ограниченными'],
    ];
    for (const [query, word] of cases) {
      const fragment = createHighlighter(query, stemmedSynonyms()).fragment(`${filler}${word} ${filler}`);
      expect(fragment, query).toContain(`<mark>${word}</mark>`);
    }
  });
});

describe('search documents', () => {
  it('leaves unpublished materials out of the index', () => {
    for (const status of ['DRAFT', 'IN_REVIEW', 'REJECTED', 'ARCHIVED']) expect(toMaterialDocument(source({ status }))).toBeNull();
    expect(toMaterialDocument(source())).toMatchObject({
      title_stems: stemText('Учителя начальных классов'),
      grades: [3],
      keywords_stems: ['фгос'],
    });
  });

  it('spreads long text over chunk fields instead of cutting it off, and counts what does not fit', () => {
    const words = Array.from({ length: 35 }, (_, i) => `слово${i}`).join(' ');
    const doc = toMaterialDocument(source({ body: words, files: [{ fileName: 'план.pdf', text: 'хвост' }] }), 10)!;
    expect(doc.content_0!.split(' ')).toHaveLength(10);
    expect(doc.content_3).toContain('хвост');
    expect(doc.overflowWords).toBe(0);
    const { chunks, overflowWords } = chunkWords(`${words} ${words}`, 10);
    expect(chunks).toHaveLength(CONTENT_CHUNKS);
    expect(overflowWords).toBe(70 - CONTENT_CHUNKS * 10);
  });
});

describe('derivations', () => {
  it('joins a noun and its adjective through one root, both ways, and leaves nouns in -н alone', () => {
    for (const [noun, adjective] of [
      ['театр', 'театральная'],
      ['игра', 'игровые'],
      ['эксперимент', 'экспериментальные'],
      ['школа', 'школьный'],
      ['математика', 'математический'],
      ['инклюзия', 'инклюзивное'],
      ['патриот', 'патриотизм'],
      ['клетка', 'клеточное'],
      ['наука', 'научный'],
    ]) {
      expect(derivationFamily(stem(noun)), noun).toContain(stem(adjective));
      expect(derivationFamily(stem(adjective)), adjective).toContain(stem(noun));
    }
    expect(derivationRoot(stem('план'))).toBe('план');
    expect(derivationRoot(stem('регион'))).toBe('регион');
    expect(derivationFamily(stem('ФГОС'))).not.toContain('фг');
  });

  it('indexes the families of the title and keywords apart from the exact stems, and marks derived words', () => {
    const doc = toMaterialDocument(source({ title: 'Театральная студия', keywords: ['игровые технологии'] }))!;
    expect(doc.title_derived.split(' ')).toEqual(expect.arrayContaining(['театр', 'игр']));
    expect(doc.title_stems).not.toContain('театр ');
    expect(createHighlighter('театр').mark('Театральная студия')).toBe('<mark>Театральная</mark> студия');
  });

  it('indexes only the roots beside the summary, where whole families would multiply the index', () => {
    const doc = toMaterialDocument(source({ summary: 'Игровые технологии и театральная студия в школе' }))!;
    expect(doc.summary_derived.split(' ').sort()).toEqual(['игр', 'театр']);
    expect(doc.summary_derived).not.toContain(stem('театральность'));
  });

  it('indexes a surname in every case and gender', () => {
    const authors = toMaterialDocument(source({ authors: [{ id: 'a', fullName: 'Романов Павел Андреевич' }] }))!.authors_stems[0]!.split(
      ' ',
    );
    for (const query of ['Романов', 'Романова', 'Романову', 'Романовым']) expect(authors, query).toContain(stem(query));
  });
});
