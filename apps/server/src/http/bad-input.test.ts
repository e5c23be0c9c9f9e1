import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RouteInfo } from '../app.js';
import { dbSnapshot } from '../testing/db-snapshot.js';
import { exampleBody, requestFor } from '../testing/route-requests.js';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

/**
 * Bad input on every route that takes a body or a query, generated from the route
 * table: each answer is a 4xx problem+json that names the problem, and none leaves a
 * row behind.
 */

let t: TestApp;
let token: string;
/** A console session of cluster north, for the routes that take only that. */
let consoleToken: string;
const values = {
  account: 'acme',
  username: 'someone',
  id: 'no-such-token',
  app: 'shop',
  version: '1.0.0',
  cluster: 'north',
  node: 'gate-01',
  name: 'shop-1',
  server: 'db-main',
  component: 'mqtt-broker',
  lightapp: 'shop_light',
  deployment: 'no-such-deployment',
  digest: '0'.repeat(64),
};
const label = (r: RouteInfo) => `${r.method} ${r.url}`;

beforeAll(async () => {
  t = await TestApp.create(templates());
  token = await t.adminToken();
  await t.createAccount('acme');
  await t.createUser('someone');
  await t.setMember('acme', 'someone', 'viewer');
  const app = { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' };
  await t.call('POST', '/api/v1/apps', { token, account: 'acme', body: app });
  await t.call('POST', '/api/v1/apps/shop/versions', {
    token,
    account: 'acme',
    body: { version: '1.0.0', kind: 'initial' },
  });
  await t.call('POST', '/api/v1/clusters', {
    token,
    account: 'acme',
    body: { name: 'north', type: 'edge' },
  });
  await t.call('POST', '/api/v1/lightapps', {
    token,
    account: 'acme',
    body: { name: 'shop_light', language: 'python' },
  });
  const signIn = await t.call('POST', '/api/v1/clusters/north/console/login', {
    account: 'acme',
    body: { username: 'iotedgeadmin', password: 'iotedgeadmin' },
  });
  consoleToken = signIn.json<{ token: string }>().token;
});
afterAll(() => t.close());

const withBody = () => t.app.routeTable.filter((r) => r.body);

async function send(route: RouteInfo, payload: string, contentType = 'application/json') {
  const { url } = requestFor(route, values);
  const before = await dbSnapshot(t.db);
  const res = await t.inject({
    method: route.method as 'POST',
    url,
    payload,
    headers: {
      authorization: `Bearer ${route.access.kind === 'console' ? consoleToken : token}`,
      'content-type': contentType,
      'berth-account': 'acme',
    },
  });
  expect(await dbSnapshot(t.db), label(route)).toBe(before);
  expect(res.headers['content-type'], label(route)).toContain('application/problem+json');
  const problem = res.json<{
    status: number;
    code: string;
    detail: string;
    requestId: string;
    errors?: { path: string; message: string; in: string }[];
  }>();
  expect(problem.status).toBe(res.statusCode);
  expect(problem.requestId).toBe(res.headers['x-request-id']);
  return { res, problem };
}

describe('bad input on every route with a body', () => {
  it('has routes with bodies to test', () => {
    expect(withBody().length).toBeGreaterThanOrEqual(6);
  });

  it('names an unknown field (422)', async () => {
    for (const route of withBody()) {
      const body = { ...exampleBody(route, values), surprise: true };
      const { res, problem } = await send(route, JSON.stringify(body));
      expect(res.statusCode, label(route)).toBe(422);
      expect(problem.errors, label(route)).toContainEqual({
        path: 'surprise',
        in: 'body',
        message: 'is not a known field',
      });
    }
  });

  it('names each field of the wrong type (422)', async () => {
    for (const route of withBody()) {
      const example = exampleBody(route, values)!;
      for (const field of Object.keys(example)) {
        const value = example[field];
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        const wrong = typeof value === 'number' || isObject ? 'a string instead' : { nested: true };
        const { res, problem } = await send(route, JSON.stringify({ ...example, [field]: wrong }));
        expect(res.statusCode, `${label(route)} ${field}`).toBe(422);
        expect(
          problem.errors?.map((e) => e.path),
          `${label(route)} ${field}`,
        ).toContain(field);
      }
    }
  });

  it('names each over-long string (422)', async () => {
    for (const route of withBody()) {
      const example = exampleBody(route, values)!;
      for (const field of Object.keys(example).filter((f) => typeof example[f] === 'string')) {
        const { res, problem } = await send(
          route,
          JSON.stringify({ ...example, [field]: 'x'.repeat(5000) }),
        );
        expect(res.statusCode, `${label(route)} ${field}`).toBe(422);
        expect(
          problem.errors?.map((e) => e.path),
          `${label(route)} ${field}`,
        ).toContain(field);
      }
    }
  });

  it('says which required field is missing (422)', async () => {
    for (const route of withBody()) {
      const required = Object.keys(exampleBody(route, values)!).filter(
        (f) => !((route.body as z.ZodObject).shape[f] as z.ZodType).safeParse(undefined).success,
      );
      for (const field of required) {
        const body = { ...exampleBody(route, values) };
        delete body[field];
        const { res, problem } = await send(route, JSON.stringify(body));
        expect(res.statusCode, label(route)).toBe(422);
        expect(problem.errors, label(route)).toContainEqual({
          path: field,
          in: 'body',
          message: 'is required',
        });
      }
    }
  });

  it('refuses malformed JSON (400) without echoing it', async () => {
    for (const route of withBody()) {
      const { res, problem } = await send(route, '{"name": "acme", "secret-ish": ');
      expect(res.statusCode, label(route)).toBe(400);
      expect(problem.code).toBe('malformed_json');
      expect(res.body).not.toContain('secret-ish');
    }
  });

  it('refuses prototype-poisoning keys (400)', async () => {
    for (const route of withBody()) {
      const { res, problem } = await send(route, '{"__proto__": {"admin": true}}');
      expect(res.statusCode, label(route)).toBe(400);
      expect(problem.code).toBe('malformed_json');
    }
  });

  it('refuses a body over the limit (413)', async () => {
    for (const route of withBody()) {
      const { res, problem } = await send(route, JSON.stringify({ name: 'x'.repeat(70 * 1024) }));
      expect(res.statusCode, label(route)).toBe(413);
      expect(problem.detail).toContain('65536 bytes');
    }
  });

  it('refuses an empty JSON body (400) and a body that is not JSON (415)', async () => {
    for (const route of withBody()) {
      expect((await send(route, '')).problem.code, label(route)).toBe('empty_body');
      const { res } = await send(route, 'name=acme', 'application/x-www-form-urlencoded');
      expect(res.statusCode, label(route)).toBe(415);
    }
  });

  it('refuses a body that is JSON but not an object (422)', async () => {
    for (const route of withBody()) {
      for (const payload of ['[]', '"text"', '42', 'null']) {
        const { res } = await send(route, payload);
        expect(res.statusCode, `${label(route)} ${payload}`).toBe(422);
      }
    }
  });
});

describe('bad input on every route with a query', () => {
  it('names unknown and ill-typed query parameters (422, in: query)', async () => {
    const withQuery = t.app.routeTable.filter((r) => r.querystring);
    expect(withQuery.length).toBeGreaterThanOrEqual(4);
    for (const route of withQuery) {
      const { url } = requestFor(route, values);
      const shape = (route.querystring as z.ZodObject).shape;
      const cases: [string, string][] = [['bogus=1', 'bogus']];
      if ('limit' in shape) cases.push(['limit=lots', 'limit'], ['limit=100000', 'limit']);
      for (const [query, path] of cases) {
        const res = await t.call(route.method as 'GET', `${url}?${query}`, {
          token,
          account: 'acme',
        });
        expect(res.statusCode, `${label(route)}?${query}`).toBe(422);
        expect(res.json().errors, `${label(route)}?${query}`).toContainEqual(
          expect.objectContaining({ path, in: 'query' }),
        );
      }
      if ('cursor' in shape) {
        const res = await t.call(route.method as 'GET', `${url}?cursor=garbage`, {
          token,
          account: 'acme',
        });
        expect(res.statusCode, label(route)).toBe(400);
        expect(res.json().code).toBe('invalid_cursor');
      }
    }
  });
});

describe('bad path parameters', () => {
  it('names an ill-formed name in the path (422, in: path)', async () => {
    const res = await t.call('GET', '/api/v1/users/Not_A_Name', { token });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ path: 'username', in: 'path' }),
    );
  });

  it('answers an unknown route with a problem (404)', async () => {
    const res = await t.call('GET', '/api/v1/nothing-here', { token });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});
