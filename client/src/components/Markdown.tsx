import { Fragment, type ReactNode } from 'react';

/**
 * The body's rich text is a small Markdown: `##`/`###` headings, `-` and `1.` lists, `|` tables,
 * `[text](url)` links and `**bold**`. It renders to React elements (never to HTML strings), so a
 * body cannot inject markup; links go only to http(s), mailto and the site itself.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <>
      {blocks(text).map((block, i) => (
        <Fragment key={i}>{block}</Fragment>
      ))}
    </>
  );
}

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/))/i;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push(text.slice(last, match.index));
    if (match[1] !== undefined)
      out.push(
        SAFE_URL.test(match[2]!) ? (
          <a key={match.index} href={match[2]} rel="noopener noreferrer">
            {match[1]}
          </a>
        ) : (
          match[1]
        ),
      );
    else out.push(<strong key={match.index}>{match[3]}</strong>);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

function blocks(text: string): ReactNode[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: ReactNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{2,4})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(
        level === 2 ? <h2>{inline(heading[2]!)}</h2> : level === 3 ? <h3>{inline(heading[2]!)}</h3> : <h4>{inline(heading[2]!)}</h4>,
      );
      i++;
      continue;
    }
    if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]!); i++) rows.push(cells(lines[i]!));
      out.push(
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                {head.map((c, k) => (
                  <th key={k}>{inline(c)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, n) => (
                <tr key={n}>
                  {r.map((c, k) => (
                    <td key={k}>{inline(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
      continue;
    }
    const bullet = /^\s*[-*]\s+/;
    const numbered = /^\s*\d+[.)]\s+/;
    if (bullet.test(line) || numbered.test(line)) {
      const marker = bullet.test(line) ? bullet : numbered;
      const items: string[] = [];
      for (; i < lines.length && marker.test(lines[i]!); i++) items.push(lines[i]!.replace(marker, ''));
      const list = items.map((item, k) => <li key={k}>{inline(item)}</li>);
      out.push(marker === bullet ? <ul>{list}</ul> : <ol>{list}</ol>);
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i]!.trim() && !/^#{2,4}\s|^\s*[-*]\s|^\s*\d+[.)]\s|^\s*\|/.test(lines[i]!); i++)
      paragraph.push(lines[i]!);
    if (!paragraph.length) paragraph.push(lines[i++]!);
    out.push(<p>{inline(paragraph.join(' '))}</p>);
  }
  return out;
}
