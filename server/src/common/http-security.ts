import express from 'express';

/** The client loads only its own scripts, styles, images, media and frames (the PDF viewer). */
const CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self'",
  "frame-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Headers every answer carries; file downloads set a stricter CSP of their own. */
export function securityHeaders(): express.RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CLIENT_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'SAMEORIGIN',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}

/** CORS for the listed origins only (CORS_ORIGINS); everyone else stays same-origin. */
export function corsAllowList(origins: readonly string[]): express.RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Headers': 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Expose-Headers':
          'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-ratelimit-cost, x-request-id, retry-after',
        'Access-Control-Max-Age': '600',
      });
      res.vary('Origin');
      if (req.method === 'OPTIONS') return void res.status(204).end();
    }
    next();
  };
}
