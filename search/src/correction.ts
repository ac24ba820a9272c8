import { fold, stem, tokenize } from './russian.ts';

/**
 * «Возможно, вы искали: …» for a typo beyond what the engine tolerates (it allows one typo from
 * five letters, two from nine, and a stem is shorter than its word: «хемия» → «хем»). Built from
 * the index's own vocabulary, so a correction always names words the bank has.
 */
export interface Vocabulary {
  /** Word (lower case, ё → е) → how many published materials have it. */
  words: Map<string, number>;
  /** Stems of those words: a query word in another form is not a typo. */
  stems: Set<string>;
  /** Words by length, for the few lengths a typo can reach. */
  byLength: Map<number, string[]>;
}

export function buildVocabulary(rows: Iterable<{ word: string; documents: number }>): Vocabulary {
  const words = new Map<string, number>();
  for (const { word, documents } of rows) {
    const folded = fold(word);
    if (/^[а-я]{3,}$/.test(folded)) words.set(folded, (words.get(folded) ?? 0) + documents);
  }
  const byLength = new Map<number, string[]>();
  for (const word of words.keys()) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);
  return { words, stems: new Set([...words.keys()].map(stem)), byLength };
}

/** Optimal string alignment distance (a swap of two neighbours is one typo), stopping past `limit`. */
export function typoDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
  }
  return d[a.length]![b.length]!;
}

/** How many typos a correction may undo in a word of this length: more than the engine does. */
const allowed = (length: number) => (length <= 4 ? 1 : length <= 8 ? 2 : 3);

/** The query with each unknown word replaced by the closest, most common word of the vocabulary; null when nothing changes. */
export function correctQuery(query: string, vocabulary: Vocabulary): string | null {
  let changed = false;
  let out = '';
  let at = 0;
  for (const token of tokenize(query)) {
    const word = fold(token.word);
    let replacement = token.word;
    if (/^[а-я]{3,}$/.test(word) && !vocabulary.words.has(word) && !vocabulary.stems.has(stem(word))) {
      const limit = allowed(word.length);
      let best: { word: string; distance: number; documents: number } | undefined;
      for (let length = word.length - limit; length <= word.length + limit; length++) {
        for (const candidate of vocabulary.byLength.get(length) ?? []) {
          const distance = typoDistance(word, candidate, limit);
          if (distance > limit) continue;
          const documents = vocabulary.words.get(candidate)!;
          if (!best || distance < best.distance || (distance === best.distance && documents > best.documents))
            best = { word: candidate, distance, documents };
        }
      }
      if (best) {
        replacement = best.word;
        changed = true;
      }
    }
    out += query.slice(at, token.start) + replacement;
    at = token.end;
  }
  return changed ? out + query.slice(at) : null;
}
