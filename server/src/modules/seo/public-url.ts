import type express from 'express';

/**
 * The site's own origin for absolute links (canonical, OpenGraph, sitemap, robots.txt). The one
 * place to change when the `PUBLIC_URL` setting arrives: then it comes from the configuration,
 * never from the request's Host header.
 */
export function publicOrigin(req: express.Request): string {
  return `${req.protocol}://${req.get('host')}`;
}
