// Query parameters that only track where a reader came from; two links differing only by them are one page.
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|ocid|cmpid)$/i;

/**
 * The canonical form of a source URL, so one page is one source: lower-case scheme and host, no default port,
 * no fragment, no tracking parameters, remaining parameters sorted, no trailing slash (except the root).
 * Built on the WHATWG URL parser; the npm normalisers are ESM-only, which this CommonJS service cannot load.
 */
export function normalizeUrl(input: string): string {
  const url = new URL(input.trim());
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}
