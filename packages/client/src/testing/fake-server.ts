import { type BerthClient, createClient } from '../create-client.js';

/** One request a client sent to the fake server. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

/**
 * A client (server `http://berth.test`, token `t`, account `acme`) whose fetch records
 * each request and answers with `reply`. For unit tests of the client's areas.
 */
export function fakeServer(reply: (seen: SeenRequest) => Response | Promise<Response>): {
  client: BerthClient;
  seen: SeenRequest[];
} {
  const seen: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      signal: init?.signal ?? undefined,
    };
    seen.push(request);
    return reply(request);
  };
  const client = createClient({
    server: 'http://berth.test',
    token: 't',
    account: 'acme',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, seen };
}

/** A JSON answer; problem+json for a status of 400 or more. */
export function jsonAnswer(status: number, body: unknown): Response {
  const type = status < 400 ? 'application/json' : 'application/problem+json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

/** A problem answer with the given status and code. */
export function problemAnswer(status: number, code: string): Response {
  return jsonAnswer(status, {
    type: `https://berth.dev/problems/${code}`,
    title: code,
    status,
    detail: `${code} detail`,
    code,
  });
}

/** `METHOD URL` of each request, for comparing the order of requests at a glance. */
export const requestLines = (seen: readonly SeenRequest[]) =>
  seen.map((s) => `${s.method} ${s.url}`);
