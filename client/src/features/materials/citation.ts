/**
 * A bibliographic reference to a material of the site by ГОСТ Р 7.0.100-2018 (an electronic
 * resource of remote access, a part of a site):
 *   Иванова, М. П. Заглавие / М. П. Иванова, А. С. Петров. — Текст : электронный // Сайт. — 2024. — URL: … (дата обращения: 30.11.2026).
 * One to three authors: the first is the heading; four: no heading, all in the statement of
 * responsibility; five and more: no heading, the first three «[и др.]».
 */
export interface CitedMaterial {
  title: string;
  authors: string[];
  year: number | null;
}

/** «Иванова Мария Петровна» → ["Иванова", ["М.", "П."]]. */
function split(fullName: string): [string, string[]] {
  const [surname = '', ...rest] = fullName.trim().split(/\s+/);
  return [surname, rest.map((part) => `${part[0]!.toUpperCase()}.`)];
}

/** «Иванова, М. П.» */
const heading = (name: string) => {
  const [surname, initials] = split(name);
  return initials.length ? `${surname}, ${initials.join(' ')}` : surname;
};
/** «М. П. Иванова», kept on one line. */
const signed = (name: string) => {
  const [surname, initials] = split(name);
  return [...initials, surname].join('\u00a0');
};
const day = (date: Date) =>
  `${String(date.getDate()).padStart(2, '0')}.${String(date.getMonth() + 1).padStart(2, '0')}.${date.getFullYear()}`;

export function citation(material: CitedMaterial, site: string, url: string, accessed: Date): string {
  const { authors } = material;
  const head = authors.length >= 1 && authors.length <= 3 ? `${heading(authors[0]!)} ` : '';
  const responsible = authors.length > 4 ? `${authors.slice(0, 3).map(signed).join(', ')} [и\u00a0др.]` : authors.map(signed).join(', ');
  const title = material.title.trim().replace(/[.\s]+$/, '');
  return [
    `${head}${title}${responsible ? ` / ${responsible}` : ''}. — Текст : электронный // ${site}`,
    material.year ? `. — ${material.year}` : '',
    `. — URL: ${url} (дата обращения: ${day(accessed)}).`,
  ].join('');
}
