import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

describe('health, metrics and the API reference', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create(templates());
  });
  afterAll(() => t.close());

  it('answers /livez and /readyz, and /readyz says 503 while shutting down', async () => {
    expect((await t.call('GET', '/livez')).json()).toEqual({ status: 'live' });
    expect((await t.call('GET', '/readyz')).statusCode).toBe(200);
    t.app.lifecycle.closing = true;
    expect((await t.call('GET', '/readyz')).statusCode).toBe(503);
    t.app.lifecycle.closing = false;
  });

  it('exposes Prometheus metrics with request counts by route pattern', async () => {
    await t.call('GET', '/api/v1/me');
    const res = await t.call('GET', '/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain(
      'berth_http_requests_total{route="/api/v1/me",method="GET",status="401"}',
    );
    expect(res.body).toContain('berth_process_cpu_seconds_total');
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await t.inject({
      method: 'GET',
      url: '/livez',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(given.headers['x-request-id']).toBe('trace-42');
    const bad = await t.inject({
      method: 'GET',
      url: '/livez',
      headers: { 'x-request-id': 'no spaces allowed' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    // OpenAPI cannot describe the agent WebSocket; the protocol is documented in packages/spec.
    for (const route of t.app.routeTable.filter((r) => r.url !== '/api/v1/agent')) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(
        doc.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${path}`,
      ).toBeDefined();
    }
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual([
      'username',
      'password',
    ]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves a readable reference page at /api/docs', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });
});
