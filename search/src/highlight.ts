import { derivationRoot, fold, scanWords, stem, stems, tokenize, type Token } from './russian.ts';
import { expandStems } from './synonyms.ts';

export const MARK_OPEN = '<mark>';
export const MARK_CLOSE = '</mark>';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface Highlighter {
  /** The whole text, HTML-escaped, with matched words in <mark>. */
  mark(text: string): string;
  /** A window of about `words` words around the densest matches, or null when nothing matches. */
  fragment(text: string, words?: number): string | null;
}

/**
 * Marks the words a query found, by the same analysis the index uses: any word form (stems), any
 * derivation («театр» marks «театральная»), the abbreviation's expansion, a typo as the engine
 * tolerates it, and the prefix being typed.
 */
export function createHighlighter(query: string, synonyms: Record<string, string[]> = {}): Highlighter {
  const queryTokens = tokenize(query);
  const wanted = new Set(expandStems(stems(query), synonyms));
  const roots = new Set([...wanted].map(derivationRoot));
  const last = queryTokens.at(-1) ? fold(queryTokens.at(-1)!.word) : '';
  const decided = new Map<string, boolean>();
  const decide = (word: string) => {
    const s = stem(word);
    if (wanted.has(s) || roots.has(derivationRoot(s))) return true;
    if (last.length >= 3 && fold(word).startsWith(last)) return true;
    for (const w of wanted) {
      const allowed = w.length >= 9 ? 2 : w.length >= 5 ? 1 : 0;
      // Typos at the first letter are rare and checking every word against every stem is the cost here.
      if (allowed && s[0] === w[0] && Math.abs(s.length - w.length) <= allowed && distance(s, w, allowed) <= allowed) return true;
    }
    return false;
  };
  // Every way a word matches keeps its first letter (stems and roots only lose endings, a typo must
  // not be at the first letter): a long text's other words are skipped before they are cut out.
  const initials = new Set(
    [...wanted, ...roots, ...(last.length >= 3 ? [last] : [])]
      .map((w) => w[0] ?? '')
      .flatMap((c) => (c === 'е' ? ['е', 'ё'] : [c]))
      .flatMap((c) => [c.charCodeAt(0), c.toUpperCase().charCodeAt(0)]),
  );
  const matchesWord = (word: string) => {
    let result = decided.get(word);
    if (result === undefined) decided.set(word, (result = decide(word)));
    return result;
  };
  const render = (text: string, tokens: Token[], from: number, to: number) => {
    let out = '';
    let at = from;
    for (const token of tokens) {
      if (token.start < from || token.end > to) continue;
      out += escapeHtml(text.slice(at, token.start));
      out += matchesWord(token.word) ? MARK_OPEN + escapeHtml(token.word) + MARK_CLOSE : escapeHtml(token.word);
      at = token.end;
    }
    return out + escapeHtml(text.slice(at, to));
  };
  return {
    mark(text) {
      return wanted.size ? render(text, tokenize(text), 0, text.length) : escapeHtml(text);
    },
    fragment(text, words = 24) {
      if (!wanted.size) return null;
      // First pass: only the numbers of the matching words, so a long file text costs no list of tokens.
      const hits: number[] = [];
      let count = 0;
      scanWords(text, (start, end) => {
        if (initials.has(text.charCodeAt(start)) && matchesWord(text.slice(start, end))) hits.push(count);
        count++;
      });
      if (!hits.length) return null;
      // The window of `words` words with the most matches, the first such one (it ends at a match).
      let best = hits[0]!;
      let bestScore = 0;
      for (let k = 0, j = 0; k < hits.length; k++) {
        while (hits[j]! <= hits[k]! - words) j++;
        if (k - j + 1 > bestScore) [bestScore, best] = [k - j + 1, hits[k]!];
      }
      // Centre the window on its matches a little: start a few words before the first of them.
      const firstHit = hits.find((h) => h > best - words)!;
      const start = Math.max(0, Math.min(firstHit - 4, count - words));
      const end = Math.min(count - 1, start + words - 1);
      // Second pass: the window's own tokens.
      const window: Token[] = [];
      let n = 0;
      scanWords(text, (from, to) => {
        if (n >= start) window.push({ word: text.slice(from, to), start: from, end: to });
        return ++n > end;
      });
      // At either end of the text the window takes the punctuation there too.
      const from = start === 0 ? 0 : window[0]!.start;
      const to = end === count - 1 ? text.length : window.at(-1)!.end;
      return (from > 0 ? '… ' : '') + render(text, window, from, to) + (to < text.length ? ' …' : '');
    },
  };
}
