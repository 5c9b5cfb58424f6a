/**
 * The browser services a build may print with (`--browser-url`, repeated or
 * comma-separated, or $HANDLINGAR_BROWSER_URL): each an `http(s)://` address
 * whose /json/version names the DevTools WebSocket (Chromium with
 * --remote-debugging-port), or a `ws(s)://` WebSocket itself (browserless).
 * A query (`?token=…`) is kept on every request, and never shown.
 */
export interface Endpoint {
  /** The address as given, query and all: what is connected to. */
  url: string;
  /** The address as messages show it: every query value and any password masked. */
  shown: string;
}

/** What a secret is shown as. */
const MASK = '***';

/** The endpoints in `given`: each value split at commas, blanks dropped, the same address once. */
export function parseEndpoints(given: string | readonly string[] | undefined): Endpoint[] {
  const values = typeof given === 'string' ? [given] : (given ?? []);
  const urls = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()))].filter((v) => v !== '');
  return urls.map((url) => ({ url, shown: maskUrl(url) }));
}

/** `url` with the value of each query parameter, and any password, replaced by *** (an address that is no URL is shown up to its query). */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/[?#].*$/s, (rest) => (rest.length > 1 ? `?${MASK}` : ''));
  }
  // Nothing secret in it: shown as given.
  if (parsed.search === '' && parsed.password === '' && parsed.hash === '') return url;
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&');
  const credentials = parsed.username ? `${parsed.username}${parsed.password ? `:${MASK}` : ''}@` : '';
  return `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query ? `?${query}` : ''}`;
}

/** `text` (a library's error, which may quote the address) with every secret of `endpoint` masked. */
export function maskSecrets(text: string, endpoint: Endpoint): string {
  let parsed: URL;
  try {
    parsed = new URL(endpoint.url);
  } catch {
    return text.replaceAll(endpoint.url, endpoint.shown);
  }
  const secrets = [...parsed.searchParams.values(), ...(parsed.password ? [decodeURIComponent(parsed.password)] : [])].filter((s) => s.length > 0);
  // The longest first, and each also as it is written in a URL.
  const forms = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  return forms.reduce((masked, secret) => masked.replaceAll(secret, MASK), text);
}

/**
 * The DevTools WebSocket of `endpoint`: a ws(s):// address as it is; for an
 * http(s):// one, the `webSocketDebuggerUrl` its /json/version answers
 * (asked with the endpoint's query, which the WebSocket is given too when it
 * names none; Puppeteer's own lookup drops both path and query).
 */
export async function webSocketOf(endpoint: Endpoint, signal: AbortSignal): Promise<string> {
  const url = new URL(endpoint.url);
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return endpoint.url;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${url.protocol} is not a protocol of the DevTools service (http, https, ws, wss)`);
  const version = new URL(url);
  version.pathname = `${url.pathname.replace(/\/$/, '')}/json/version`;
  const response = await fetch(version, { signal });
  if (!response.ok) throw new Error(`/json/version answered ${response.status} ${response.statusText}`);
  const socket = ((await response.json()) as { webSocketDebuggerUrl?: unknown }).webSocketDebuggerUrl;
  if (typeof socket !== 'string') throw new Error('/json/version named no webSocketDebuggerUrl');
  const ws = new URL(socket);
  if (ws.search === '' && url.search !== '') ws.search = url.search;
  return ws.href;
}
