import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templates } from '../testing/templates.js';
import { TestApp } from '../testing/test-app.js';

const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

describe('the web console served at /', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), indexHtml);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("berth")');
    writeFileSync(
      join(dir, 'assets', 'index-abc123.js.br'),
      brotliCompressSync('console.log("berth")'),
    );
    t = await TestApp.create(templates(), { consoleDir: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache and the console security headers', async () => {
    const res = await t.call('GET', '/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toBe(indexHtml);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves hashed assets with a long immutable cache, without signing in', async () => {
    const res = await t.call('GET', '/assets/index-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe('console.log("berth")');
  });

  it('sends the Brotli copy of an asset to a browser that accepts it', async () => {
    const res = await t.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('accept-encoding');
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe('console.log("berth")');
    // No compressed copy of index.html: it is sent as it is.
    const index = await t.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br' } });
    expect(index.headers['content-encoding']).toBeUndefined();
    expect(index.body).toBe(indexHtml);
  });

  it('answers index.html for the console pages the browser routes (SPA fallback)', async () => {
    for (const path of ['/a/acme/apps', '/a/acme/clusters/local?tab=nodes', '/sign-in']) {
      const res = await t.call('GET', path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).toBe(indexHtml);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
  });

  it('keeps problem+json 404s for the API, the probes and missing assets', async () => {
    for (const path of ['/api/v1/nope', '/api/nope', '/metrics/x', '/livez/x', '/assets/gone.js']) {
      const res = await t.call('GET', path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toContain('application/problem+json');
      expect(res.json().code, path).toBe('route_not_found');
      expect(res.headers['cache-control'], path).toBeUndefined();
    }
    const post = await t.call('POST', '/a/acme/apps', { body: {} });
    expect(post.statusCode).toBe(404);
    expect(post.headers['content-type']).toContain('application/problem+json');
  });

  it('still answers the API and the probes', async () => {
    expect((await t.call('GET', '/livez')).json()).toEqual({ status: 'live' });
    expect((await t.call('GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses to serve files outside the console folder', async () => {
    const res = await t.call('GET', '/assets/..%2f..%2fetc%2fpasswd');
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('root:');
  });
});

describe('the web console when it is not built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create(templates(), { consoleDir: join(tmpdir(), 'berth-no-console-here') });
  });
  afterAll(() => t.close());

  it('answers a page that says how to build it, at / and at console paths', async () => {
    for (const path of ['/', '/a/acme/apps']) {
      const res = await t.call('GET', path);
      expect(res.statusCode, path).toBe(503);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.body, path).toContain('console is not built');
      expect(res.body, path).toContain('npm run build');
      expect(res.body, path).toContain('berth-no-console-here');
    }
  });

  it('leaves the API unaffected', async () => {
    expect((await t.call('GET', '/api/v1/nope')).json().code).toBe('route_not_found');
    expect((await t.call('GET', '/readyz')).statusCode).toBe(200);
  });
});
