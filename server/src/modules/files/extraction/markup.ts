/** Text out of the XML parts of office files and out of RTF, without a DOM: the parts can be large. */

const ENTITIES = new Map(Object.entries({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }));

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES.get(name) ?? whole;
  });
}

const escape = (tag: string) => tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface RunTags {
  /** The element holding text (`w:t`, `a:t`, `t`). */
  text: string;
  /** The element ending a paragraph (`w:p`, `a:p`, `si`). */
  paragraph: string;
  tab?: string;
  lineBreak?: string;
}

/** OOXML keeps text in run elements: join them, one line per paragraph. */
export function runsText(xml: string, tags: RunTags): string {
  const parts = [`<${escape(tags.text)}(?:\\s[^>]*)?>([^<]*)</${escape(tags.text)}>`, `</${escape(tags.paragraph)}>`];
  if (tags.tab) parts.push(`<${escape(tags.tab)}\\s*/>`);
  if (tags.lineBreak) parts.push(`<${escape(tags.lineBreak)}(?:\\s[^>]*)?/>`);
  const pattern = new RegExp(parts.map((p) => `(?:${p})`).join('|'), 'g');
  let out = '';
  for (const match of xml.matchAll(pattern)) {
    if (match[1] !== undefined) out += decodeXmlEntities(match[1]);
    else if (match[0].startsWith('</')) out += '\n';
    else if (tags.tab && match[0].startsWith(`<${tags.tab}`)) out += '\t';
    else out += '\n';
  }
  return tidy(out);
}

/** ODF keeps text as mixed content of `text:p` and `text:h`: mark the breaks, drop the tags. */
export function odfText(contentXml: string): string {
  const body = contentXml.slice(Math.max(0, contentXml.indexOf('<office:body')));
  const marked = body
    .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_m, count: string | undefined) => ' '.repeat(Math.min(Number(count ?? 1), 100)))
    .replace(/<text:tab\s*\/>/g, '\t')
    .replace(/<text:line-break\s*\/>/g, '\n')
    .replace(/<\/text:(p|h)>/g, '\n')
    .replace(/<\/table:table-cell>/g, '\t');
  return tidy(decodeXmlEntities(marked.replace(/<[^>]*>/g, '')));
}

/** Collapses runs of blank lines and trailing spaces; the text is for search and excerpts, not layout. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const RTF_SKIP_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'header',
  'footer',
  'headerl',
  'headerr',
  'footerl',
  'footerr',
  'listtable',
  'listoverridetable',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'mmathPr',
  'fldinst',
]);

/**
 * Plain text of an RTF document: groups, skipped destinations, `\'hh` bytes in the document's
 * code page (Russian files are usually `\ansicpg1251`), `\uN` characters with their fallbacks.
 */
export function rtfText(rtf: string): string {
  let codePage = /\\ansicpg(\d+)/.exec(rtf.slice(0, 2000))?.[1] ?? '1252';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(`windows-${codePage}`);
  } catch {
    codePage = '1252';
    decoder = new TextDecoder('windows-1252');
  }
  const stack: Array<{ skip: boolean; uc: number }> = [];
  let state = { skip: false, uc: 1 };
  let out = '';
  let bytes: number[] = [];
  let pendingSkip = 0;
  const flushBytes = () => {
    if (bytes.length) out += decoder.decode(Uint8Array.from(bytes));
    bytes = [];
  };
  const emit = (text: string) => {
    flushBytes();
    if (!state.skip) out += text;
  };
  const token = /\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([\r\n]+)|([^\\{}\r\n]+)/g;
  let match: RegExpExecArray | null;
  let groupStart = false;
  while ((match = token.exec(rtf))) {
    const [, word, param, hex, symbol, brace, , literal] = match;
    const startedGroup = groupStart;
    groupStart = false;
    if (pendingSkip > 0 && (hex || literal)) {
      // The fallback characters after \uN: skip as many as \uc says.
      if (hex) {
        pendingSkip--;
        continue;
      }
      const dropped = Math.min(pendingSkip, literal!.length);
      pendingSkip -= dropped;
      const rest = literal!.slice(dropped);
      if (rest) emit(rest);
      continue;
    }
    pendingSkip = 0;
    if (brace === '{') {
      flushBytes();
      stack.push(state);
      state = { ...state };
      groupStart = true;
    } else if (brace === '}') {
      flushBytes();
      state = stack.pop() ?? state;
    } else if (hex) {
      if (!state.skip) bytes.push(parseInt(hex, 16));
    } else if (symbol) {
      if (symbol === '*') state.skip = true;
      else if (symbol === '~') emit('\u00a0');
      else if (symbol === '\\' || symbol === '{' || symbol === '}') emit(symbol);
      else if (symbol === '\n' || symbol === '\r') emit('\n');
    } else if (word) {
      if (startedGroup && RTF_SKIP_DESTINATIONS.has(word)) state.skip = true;
      else if (word === 'par' || word === 'line' || word === 'row' || word === 'sect' || word === 'page') emit('\n');
      else if (word === 'tab' || word === 'cell') emit('\t');
      else if (word === 'uc') state.uc = Number(param ?? 1);
      else if (word === 'u') {
        let code = Number(param ?? 0);
        if (code < 0) code += 65536;
        emit(String.fromCharCode(code));
        pendingSkip = state.uc;
      }
    } else if (literal) {
      emit(literal);
    }
  }
  flushBytes();
  return tidy(out);
}
