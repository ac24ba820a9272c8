/** `%`, `_` and `\` typed by a user are literal characters, not LIKE wildcards. */
export const likePattern = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
