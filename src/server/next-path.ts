const BASE = 'http://opsradar.invalid';

/**
 * Where to go after signing in: a path on this site, or `/`. The URL API resolves the value the way
 * a browser will (backslashes as slashes, tabs and newlines dropped), so `/\evil.example` and
 * `/<TAB>/evil.example` are seen as the other site they lead to, and the normalised path is returned.
 *
 * @example
 *   safeNextPath('/items?status=open'); // '/items?status=open'
 *   safeNextPath('/\\evil.example');     // '/'
 */
export function safeNextPath(value: string | undefined): string {
  if (!value?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, `${BASE}/`);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
