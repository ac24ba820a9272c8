import { xml as escapeHtml } from '../../common/xml.ts';
import { FIRST_DATA_ID } from '../../../../client/src/app/cache.ts';
import { SITE_NAME, type PageHead } from './page-head.ts';

/**
 * JSON inside `<script>`: `<`, `>` and `&` as JSON escapes, so no text of the data can close the
 * element or open a comment; U+2028/2029 too, which old parsers take for line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The client's `index.html` with the page's own head: its title and description replace the
 * shell's, and the canonical link, OpenGraph tags and JSON-LD follow the title, before any script. Every value is
 * escaped; the added tags carry `data-page-head`, so the client drops them when it leaves the page.
 * `origin` makes the canonical and OpenGraph addresses absolute; `preloads` are the page's own
 * scripts, named ahead of the entry so that they load beside it; `firstData` is the client's cache
 * with the page's first answers (see first-data.ts), read by the client before its first render.
 */
export function renderShell(
  template: string,
  head: PageHead,
  origin: string,
  preloads: readonly string[] = [],
  firstData?: object,
): string {
  const attr = (value: string) => escapeHtml(value);
  const tags: string[] = [];
  if (head.noindex) tags.push('<meta name="robots" content="noindex" data-page-head>');
  if (head.canonical) {
    const url = `${origin}${head.canonical}`;
    tags.push(`<link rel="canonical" href="${attr(url)}" data-page-head>`);
    tags.push(
      ...[
        ['og:type', head.ogType ?? 'website'],
        ['og:site_name', SITE_NAME],
        ['og:locale', 'ru_RU'],
        ['og:title', head.title],
        ['og:description', head.description],
        ['og:url', url],
      ].map(([property, content]) => `<meta property="${property}" content="${attr(content!)}" data-page-head>`),
    );
  }
  if (head.jsonLd) tags.push(`<script type="application/ld+json" data-page-head>${scriptJson(head.jsonLd)}</script>`);
  for (const file of preloads) tags.push(`<link rel="modulepreload" crossorigin href="${attr(file)}">`);
  // Right after the title, ahead of the shell's scripts. Functions as replacements: a `$` in a title is text, not a back-reference.
  const data = firstData ? `<script type="application/json" id="${FIRST_DATA_ID}">${scriptJson(firstData)}</script>\n` : '';
  return template
    .replace(/<\/body>/, () => `${data}</body>`)
    .replace(/<meta name="description" content="[^"]*"\s*\/?>/, () => `<meta name="description" content="${attr(head.description)}">`)
    .replace(/<title>[^<]*<\/title>/, () => [`<title>${escapeHtml(head.title)}</title>`, ...tags].join('\n'));
}
