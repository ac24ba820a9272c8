/** Crawlers, link previews and scripts: not people reading, so not counted in usage statistics. */
const BOTS = /bot|crawler|spider|slurp|curl|wget|python-requests|httpclient|preview|headless/i;

export const isBot = (userAgent: string | undefined): boolean => !userAgent || BOTS.test(userAgent);
