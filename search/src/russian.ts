import snowball from 'snowball-stemmers';

/**
 * The Russian analysis Meilisearch lacks: it folds case and tolerates typos but does not know that
 * «учителей» and «учитель» are one word. Every searchable text gets a twin field of Snowball stems,
 * and the query is stemmed the same way, so any word form finds every form.
 */
const stemmer = snowball.newStemmer('russian');

/** Lower case, ё → е: the spelling with and without ё is one word. */
export function fold(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

export interface Token {
  word: string;
  start: number;
  end: number;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end) => void tokens.push({ word: text.slice(start, end), start, end }));
  return tokens;
}

/** The words of a text one by one, for texts too long to hold as a list (a file's 1.5 M characters). */
export function* words(text: string): Generator<Token> {
  for (let at = 0; ;) {
    let found: Token | undefined;
    at = scanWords(text, (start, end) => ((found = { word: text.slice(start, end), start, end }), true), at);
    if (!found) return;
    yield found;
  }
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Code points a word is made of: what `/[\p{L}\p{N}]/u` matches, without a regular expression for ASCII and Cyrillic. */
function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  // The Cyrillic block is letters but for ҂ and the combining marks after it.
  if (code >= 0x400 && code <= 0x4ff) return code <= 0x481 || code >= 0x48a;
  return LETTER_OR_DIGIT.test(String.fromCodePoint(code));
}

/** The width in UTF-16 units of the word character at `i`, or 0 when there is none. */
function wordCodeAt(text: string, i: number): number {
  const code = text.codePointAt(i);
  if (code === undefined || !isWordCode(code)) return 0;
  return code > 0xffff ? 2 : 1;
}

const isJoiner = (c: number) => c === 0x2d || c === 0x2019 || c === 0x27; // - ’ '

/**
 * Words as letters and digits, joined by a hyphen or an apostrophe inside a word («из-за», «д’Артаньян»):
 * calls `visit` with each word's bounds from `from` on, until it returns true; answers where it
 * stopped. The tokenizer runs over every searchable text and every highlighted one, so it scans
 * character codes instead of a regular expression's match objects (several times faster).
 */
export function scanWords(text: string, visit: (start: number, end: number) => boolean | void, from = 0): number {
  const length = text.length;
  let i = from;
  while (i < length) {
    let width = wordCodeAt(text, i);
    if (!width) {
      i++;
      continue;
    }
    const start = i;
    i += width;
    for (;;) {
      width = wordCodeAt(text, i);
      if (width) i += width;
      else if (i < length && isJoiner(text.charCodeAt(i)) && (width = wordCodeAt(text, i + 1))) i += 1 + width;
      else break;
    }
    if (visit(start, i)) return i;
  }
  return length;
}

/** A language's vocabulary is small next to its texts: computing a word's analysis once pays off. */
const CACHE_LIMIT = 200_000;

/** A pure function of one word, remembered for the last CACHE_LIMIT words. */
function memoized(analyse: (word: string) => string): (word: string) => string {
  const cache = new Map<string, string>();
  return (word) => {
    let result = cache.get(word);
    if (result === undefined) {
      result = analyse(word);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(word, result);
    }
    return result;
  };
}

/**
 * The stem of one word. Abbreviations (ФГОС, ОВЗ, ДОУ) and short words are kept whole: the
 * stemmer would cut «ДОУ» to «до» and make it match everything.
 */
export const stem = memoized((word) => {
  const folded = fold(word);
  const isAbbreviation = word.length <= 6 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
  return isAbbreviation || folded.length <= 3 || !/[а-я]/.test(folded) ? folded : stemmer.stem(folded);
});

export function stems(text: string): string[] {
  return tokenize(text).map((t) => stem(t.word));
}

/** The twin field of a text: its stems in order, so that phrase proximity still counts. */
export function stemText(text: string): string {
  return stems(text).join(' ');
}

/** A surname of the -ов/-ев/-ин/-ын kind in any case and gender: «Романову», «Романовой» → «романов». */
const SURNAME = /^(.{2,}(?:ов|ев|ин|ын))(?:а|у|ым|ом|е|ой|ою|ы|ых|ыми)?$/;

/**
 * The stems of a person's name for the index. Snowball cuts «Романов» to «роман» but «Романова»
 * (his genitive, or his wife) to «романов»: each name word is indexed in both forms, so any case
 * of a surname finds the person.
 */
export function nameStems(fullName: string): string {
  const out: string[] = [];
  for (const { word } of tokenize(fullName)) {
    const forms = new Set([stem(word)]);
    const base = SURNAME.exec(fold(word))?.[1];
    if (base) forms.add(base).add(stem(base));
    out.push(...forms);
  }
  return out.join(' ');
}

/**
 * Derivation, which stems alone do not join: «театр» and «театральный», «игра» and «игровой»,
 * «эксперимент» and «экспериментальный». Rules over Snowball stems, longest suffix first:
 * [derived suffix, what it replaces at the end of the root]: «клеточн» → «клетк», «научн» → «наук».
 */
const DERIVATIONS: Array<[suffix: string, replaces: string]> = [
  ['ализова', ''], // театрализованный → театр
  ['циональн', 'ц'], // функциональный → функция
  ['ссиональн', 'сс'],
  ['цион', 'ц'], // традиционный → традиция, информационный → информация
  ['сион', 'с'], // экскурсионный → экскурсия
  ['ическ', ''], // математический → математ(ика), исторический → истор(ия)
  ['альн', ''], // театральный, экспериментальный, музыкальный
  ['ейн', ''], // музейный → музей
  ['ьск', ''], // учительский → учитель
  ['ьн', ''], // школьный → школа, волейбольный → волейбол
  ['ивн', ''], // инклюзивный → инклюзия, спортивный → спорт
  ['изм', ''], // патриотизм → патриот
  ['очн', 'к'], // проверочный → проверка, клеточный → клетка
  ['учн', 'ук'], // научный → наука
  ['ечн', 'ек'], // библиотечный → библиотека
  ['ик', ''], // математика → математ, методика → метод
  ['ов', ''], // игровой → игра, групповой → группа, цифровой → цифра
  ['ев', ''], // речевой → речь
  ['ск', ''], // детский → дети
  ['н', ''], // проектный → проект, природный → природа (after a consonant only, see below)
];
const MIN_ROOT = 3;
const VOWELS = /[аеиоуыэюяь]$/;

/** The root a stem derives from, or the stem itself: «театральн» → «театр», «игров» → «игр». */
export const derivationRoot = memoized((stemmed) => {
  for (const [suffix, replaces] of DERIVATIONS) {
    if (!stemmed.endsWith(suffix)) continue;
    const root = stemmed.slice(0, -suffix.length) + replaces;
    // «план», «закон», «регион» are nouns, not adjectives in -н; «поиск» is not a -ск adjective.
    if (suffix === 'н' && VOWELS.test(root)) continue;
    if (suffix === 'ск' && root.endsWith('и')) continue;
    if (root.length >= MIN_ROOT) return root;
  }
  return stemmed;
});

/**
 * Every stem a derivation of this word can have, the word's own stem left out: the root and the
 * root with each derived suffix. Indexed beside a text, they let either side of a pair find the
 * other («театральная» finds «театр» and «театр» finds «театральная»), in a field ranked below the
 * exact forms. A few of them are not Russian words; no query has them, so they cost only space.
 */
export function derivationFamily(stemmed: string): string[] {
  if (stemmed.length < MIN_ROOT || !/^[а-я]+$/.test(stemmed)) return [];
  const root = derivationRoot(stemmed);
  const family = new Set([root]);
  for (const [suffix, replaces] of DERIVATIONS) {
    if (replaces && !root.endsWith(replaces)) continue;
    const form = root.slice(0, root.length - replaces.length) + suffix;
    if (derivationRoot(form) === root) family.add(form);
  }
  family.delete(stemmed);
  return [...family];
}

/**
 * The roots of a text's derived words, each once: «игровые технологии» → «игр». Beside a long
 * text, where whole families would multiply the index, they let a noun find its adjectives.
 */
export function derivationRoots(text: string): string {
  const out = new Set<string>();
  for (const s of new Set(stems(text))) {
    const root = s.length >= MIN_ROOT && /^[а-я]+$/.test(s) ? derivationRoot(s) : s;
    if (root !== s) out.add(root);
  }
  return [...out].join(' ');
}

/** The derivation field of a text: the families of its words, each once. */
export function derivedText(text: string): string {
  const out = new Set<string>();
  for (const s of new Set(stems(text))) for (const form of derivationFamily(s)) out.add(form);
  return [...out].join(' ');
}

/**
 * Words that carry no subject: prepositions, conjunctions, particles and question words. Left in a
 * query they count as words to match («по» in «… по физике» made every «по» a match). Not «до»:
 * it is also the code of preschool education (ФГОС ДО).
 */
const FUNCTION_WORDS = [
  'в',
  'во',
  'на',
  'по',
  'для',
  'и',
  'с',
  'со',
  'к',
  'ко',
  'о',
  'об',
  'обо',
  'от',
  'из',
  'у',
  'за',
  'при',
  'про',
  'над',
  'под',
  'без',
  'через',
  'а',
  'но',
  'или',
  'же',
  'ли',
  'бы',
  'то',
  'что',
  'чтобы',
  'как',
  'какие',
  'какой',
  'чем',
  'где',
  'когда',
  'зачем',
  'почему',
  'это',
  'такое',
  'также',
];

/** The function words as the engine sees them (stemmed), for its stop-word list. */
export const STOP_WORDS: string[] = [...new Set(FUNCTION_WORDS.map(stem))];
