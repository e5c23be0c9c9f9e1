/**
 * Normalises the control plane's URL as the join command gives it: http or https, no
 * user info, query or fragment, no trailing slash (a path prefix is kept, for a server
 * behind a reverse proxy at `/berth`). Throws a RangeError saying what is wrong.
 */
export function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`"${text}" is not a URL; expected e.g. https://berth.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`the server URL must start with http:// or https://, not ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new RangeError('the server URL must not carry user info, a query or a fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `POST` here to join. */
export function joinUrl(server: string): URL {
  return new URL(`${server}/api/v1/agent/join`);
}

/** The agent gateway's WebSocket: ws:// for http://, wss:// for https://. */
export function sessionUrl(server: string): URL {
  const url = new URL(`${server}/api/v1/agent`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}
