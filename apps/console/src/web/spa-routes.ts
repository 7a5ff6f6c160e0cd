/**
 * Paths the single-page app must never answer: the API, sockets, probes, docs and the queue
 * dashboard keep their own 404s. Anything else that is not a built file is a client-side
 * route and gets index.html.
 */
const SERVER_PREFIXES = ['/v1', '/socket.io', '/health', '/metrics', '/docs', '/admin'] as const;

export function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** `/favicon.ico`, `/assets/old-hash.js`: a missing file is a 404, not the app. */
export function looksLikeFile(path: string): boolean {
  return /\.[A-Za-z0-9]{1,8}$/.test(path);
}

/**
 * What the page may load: its own scripts, styles and API (and its sockets: 'self' covers
 * ws/wss to the same host), nothing inline, no framing. Map links open in a new tab, which
 * CSP does not restrict. Images may also come from the map's tile server (MAP_TILE_URL).
 */
export function contentSecurityPolicy(mapTileUrl?: string): string {
  const tiles = mapTileUrl ? ` ${new URL(mapTileUrl.replace(/\{[a-z]\}/g, '0')).origin.replace('//0.', '//*.')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${tiles}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
