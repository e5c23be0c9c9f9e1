import { BerthApiError, problemFromResponse } from './berth-api-error.js';
import { BerthConnectionError } from './berth-connection-error.js';

/** How to reach the server and as whom. */
export interface TransportOptions {
  /** Base URL of the control plane, e.g. `https://berth.example.com`. */
  server: string;
  /** Bearer token: a session token from login or a personal access token. */
  token?: string | undefined;
  /** The account requests act in (sent as `Berth-Account`). */
  account?: string | undefined;
  /** Sent as `User-Agent` where the platform allows it (not in browsers). */
  userAgent?: string | undefined;
  /** Defaults to the global `fetch`; pass one to add retries, logging or a test double. */
  fetch?: typeof fetch | undefined;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the server, starting with `/api/v1/`; segments already encoded. */
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  body?: unknown;
  /** Extra request headers, e.g. `if-match`; lower-case names. */
  headers?: Record<string, string> | undefined;
}

/** A successful answer: the decoded JSON (undefined for 204) and the response headers. */
export interface ApiResponse<T> {
  body: T;
  headers: Headers;
}

/** Sends one API request and returns the decoded JSON with the response headers. */
export type Exchange = <T>(request: ApiRequest) => Promise<ApiResponse<T>>;

/**
 * Checks a server URL and strips what would break path joining (trailing slashes,
 * query, fragment). A path prefix is kept, for servers behind a reverse proxy.
 * @throws TypeError when the value is not an absolute http(s) URL.
 */
export function normalizeServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new TypeError(`"${server}" is not a server URL: use http(s)://host[:port]`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`"${server}" is not a server URL: use http(s)://host[:port]`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

/** Opens a request whose successful answer is read as a stream (`instances.logs`). */
export type OpenStream = (request: ApiRequest, signal?: AbortSignal) => Promise<OpenedStream>;

/** A successful answer whose body has not been read yet, and the URL it came from. */
export interface OpenedStream {
  response: Response;
  url: string;
}

/**
 * The one place that speaks HTTP: adds credentials and the account header, encodes the
 * body, and turns every failure into `BerthApiError` (the server answered) or
 * `BerthConnectionError` (it could not be reached). Never retries: whether a request may
 * be repeated is the caller's decision.
 */
export function createExchange(options: TransportOptions): Exchange {
  const open = createOpenStream(options);
  return async <T>(request: ApiRequest): Promise<ApiResponse<T>> => {
    const { response, url } = await open(request);
    const text = await readBody(response, url);
    const headers = response.headers;
    if (response.status === 204 || text === '') return { body: undefined as T, headers };
    try {
      return { body: JSON.parse(text) as T, headers };
    } catch {
      const detail = `The server answered ${response.status} with a body that is not JSON`;
      const problem = { type: 'about:blank', title: 'Invalid response', detail };
      throw new BerthApiError(
        { ...problem, status: response.status, code: 'invalid_response' },
        { method: request.method, url },
      );
    }
  };
}

/**
 * Like `createExchange`, but hands back the successful `Response` unread, for answers
 * that stream (text that keeps coming). Failures are mapped the same way; `signal` is
 * passed to `fetch`, so aborting it ends the request and its body.
 */
export function createOpenStream(options: TransportOptions): OpenStream {
  const base = normalizeServerUrl(options.server);
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (request, signal) => {
    const url = base + request.path + queryString(request.query);
    const init: RequestInit = { method: request.method, headers: headersOf(options, request) };
    // Node's and the DOM's typings of BodyInit disagree on Uint8Array's buffer type.
    if (request.body instanceof Uint8Array)
      init.body = request.body as NonNullable<RequestInit['body']>;
    else if (request.body !== undefined) init.body = JSON.stringify(request.body);
    if (signal) init.signal = signal;
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (error) {
      throw new BerthConnectionError(url, error);
    }
    if (!response.ok) {
      const text = await readBody(response, url);
      const type = response.headers.get('content-type');
      throw new BerthApiError(
        problemFromResponse(response.status, response.statusText, type, text),
        { method: request.method, url },
      );
    }
    return { response, url };
  };
}

function headersOf(options: TransportOptions, request: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  // Bytes (a light app package) go as they are; everything else is JSON.
  if (request.body instanceof Uint8Array) headers['content-type'] = 'application/octet-stream';
  else if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.account) headers['berth-account'] = options.account;
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  return { ...headers, ...request.headers };
}

function queryString(query: ApiRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A connection reset while the body streams in is still a connection failure. */
async function readBody(response: Response, url: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new BerthConnectionError(url, error);
  }
}
