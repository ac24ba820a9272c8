import { fold, stem, stems, tokenize, type Token } from './russian.ts';
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
 * Marks the words a query found, by the same analysis the index uses: any word form (stems),
 * the abbreviation's expansion, a typo as the engine tolerates it, and the prefix being typed.
 */
export function createHighlighter(query: string): Highlighter {
  const queryTokens = tokenize(query);
  const wanted = new Set(expandStems(stems(query)));
  const last = queryTokens.at(-1) ? fold(queryTokens.at(-1)!.word) : '';
  const decided = new Map<string, boolean>();
  const decide = (word: string) => {
    const s = stem(word);
    if (wanted.has(s)) return true;
    if (last.length >= 3 && fold(word).startsWith(last)) return true;
    for (const w of wanted) {
      const allowed = w.length >= 9 ? 2 : w.length >= 5 ? 1 : 0;
      // Typos at the first letter are rare and checking every word against every stem is the cost here.
      if (allowed && s[0] === w[0] && Math.abs(s.length - w.length) <= allowed && distance(s, w, allowed) <= allowed) return true;
    }
    return false;
  };
  const matches = (token: Token) => {
    let result = decided.get(token.word);
    if (result === undefined) decided.set(token.word, (result = decide(token.word)));
    return result;
  };
  const render = (text: string, tokens: Token[], from: number, to: number) => {
    let out = '';
    let at = from;
    for (const token of tokens) {
      if (token.start < from || token.end > to) continue;
      out += escapeHtml(text.slice(at, token.start));
      out += matches(token) ? MARK_OPEN + escapeHtml(token.word) + MARK_CLOSE : escapeHtml(token.word);
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
      const tokens = tokenize(text);
      const hits = tokens.map((t) => (matches(t) ? 1 : 0));
      let best = -1;
      let bestScore = 0;
      let score = 0;
      for (let i = 0; i < tokens.length; i++) {
        score += hits[i]!;
        if (i >= words) score -= hits[i - words]!;
        if (score > bestScore) [bestScore, best] = [score, i];
      }
      if (best < 0) return null;
      // Centre the window on its matches a little: start a few words before the first of them.
      const firstInWindow = Math.max(0, best - words + 1);
      const firstHit = hits.indexOf(1, firstInWindow);
      const start = Math.max(0, Math.min(firstHit - 4, tokens.length - words));
      const end = Math.min(tokens.length - 1, start + words - 1);
      // At either end of the text the window takes the punctuation there too.
      const from = start === 0 ? 0 : tokens[start]!.start;
      const to = end === tokens.length - 1 ? text.length : tokens[end]!.end;
      return (from > 0 ? '… ' : '') + render(text, tokens, from, to) + (to < text.length ? ' …' : '');
    },
  };
}
