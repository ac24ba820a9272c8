import { describe, expect, it } from 'vitest';
import { buildVocabulary, correctQuery, typoDistance } from './correction.ts';

const vocabulary = buildVocabulary(
  [
    ['химия', 3],
    ['химии', 2],
    ['волейбол', 4],
    ['египет', 2],
    ['древний', 2],
    ['ревизор', 2],
    ['гоголь', 2],
    ['физика', 5],
    ['физики', 1],
    ['фразы', 1],
  ].map(([word, documents]) => ({ word: word as string, documents: documents as number })),
);

describe('did you mean', () => {
  it('counts a swap of two letters as one typo and stops early past the limit', () => {
    expect(typoDistance('волйебол', 'волейбол', 2)).toBe(1);
    expect(typoDistance('хемия', 'химия', 2)).toBe(1);
    expect(typoDistance('абвгд', 'еёжзи', 2)).toBe(3);
  });

  it.each([
    ['хемия', 'химия'],
    ['древний ежипед', 'древний египет'],
    ['Гоголь ривезор', 'Гоголь ревизор'],
    ['волебол 5 класс', 'волейбол 5 класс'],
  ])('«%s» → «%s»', (query, corrected) => {
    expect(correctQuery(query, vocabulary)).toBe(corrected);
  });

  it('leaves known words in any form, numbers and unknown far words alone', () => {
    expect(correctQuery('физикой', vocabulary)).toBeNull();
    expect(correctQuery('квазизвёздный радиотелескоп', vocabulary)).toBeNull();
    expect(correctQuery('ГТО 8', vocabulary)).toBeNull();
  });

  it('prefers the closer word, then the more common one', () => {
    expect(correctQuery('физикк', vocabulary)).toBe('физика'); // физика and физики are one typo away; физика is in more materials
    expect(correctQuery('фызика', vocabulary)).toBe('физика');
  });
});
