/** Tiles are 256 px squares in the Web Mercator ("slippy map") scheme every tile server uses. */
export const TILE_PX = 256;

/** Street level: a house and its neighbours. */
export const MAP_ZOOM = 17;

/** Where a point lies at a zoom: the tile holding it and its pixel inside that tile. */
export function tileOf(lat: number, lng: number, zoom: number): { x: number; y: number; px: number; py: number } {
  const n = 2 ** zoom;
  const clampedLat = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const rad = (clampedLat * Math.PI) / 180;
  const fx = ((lng + 180) / 360) * n;
  const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  const x = Math.floor(fx);
  const y = Math.floor(fy);
  return { x, y, px: Math.floor((fx - x) * TILE_PX), py: Math.floor((fy - y) * TILE_PX) };
}

/** The URL of one tile from the configured template (`{z}/{x}/{y}`, optionally `{s}` for a subdomain). */
export function tileUrl(template: string, zoom: number, x: number, y: number): string {
  return template.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(y)).replace('{s}', 'a');
}
