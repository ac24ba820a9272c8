/** Text and attribute values for XML we write by hand (Atom, OAI-PMH): escaped, and without the control characters XML 1.0 forbids. */
export const xml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** `<name attr="…">text</name>`, or nothing when the text is empty. */
export function element(
  name: string,
  text: string | number | undefined | null,
  attributes: Record<string, string | number | undefined> = {},
): string {
  if (text === undefined || text === null || text === '') return '';
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => ` ${key}="${xml(String(value))}"`)
    .join('');
  return `<${name}${attrs}>${xml(String(text))}</${name}>`;
}
