import type { App } from '@berth/spec';
import { describe, expect, it } from 'vitest';
import {
  fakeServerFlags,
  jsonAnswer,
  problemAnswer,
  runCliInProcess,
} from '../testing/run-cli-in-process.js';

const shop: App = {
  name: 'shop',
  displayName: 'Shop',
  distribution: 'instance',
  deployment: 'edge-hosted',
  os: 'linux',
  createdAt: '2025-01-01T00:00:00.000Z',
  latestVersion: '1.0.0',
};

const berth = (args: string[], options: Parameters<typeof runCliInProcess>[1] = {}) =>
  runCliInProcess([...args, ...fakeServerFlags], options);

describe('berth apps', () => {
  it('creates an app from the flags', async () => {
    const run = await berth(
      ['apps', 'create', 'shop', '--distribution', 'instance', '--deployment', 'edge-hosted'],
      { answer: () => jsonAnswer(201, shop) },
    );

    expect(run.code).toBe(0);
    expect(run.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/apps',
      body: { name: 'shop', distribution: 'instance', deployment: 'edge-hosted' },
    });
    expect(run.stderr).toBe('Created app "shop".\n');
    expect(run.stdout).toMatch(
      /^NAME\s+DISPLAY NAME\s+DISTRIBUTION\s+DEPLOYMENT\s+OS\s+LATEST VERSION\s+CREATED\nshop\s+Shop\s+instance\s+edge-hosted\s+linux\s+1\.0\.0\s+\d{4}-/,
    );
  });

  it('refuses an unknown distribution before any request (exit 2)', async () => {
    const run = await berth([
      'apps',
      'create',
      'shop',
      '--distribution',
      'saas',
      '--deployment',
      'edge-hosted',
    ]);

    expect(run.code).toBe(2);
    expect(run.requests).toEqual([]);
  });

  it('lists apps as JSON', async () => {
    const run = await berth(['apps', 'list', '-o', 'json'], {
      answer: () => jsonAnswer(200, { items: [shop], nextCursor: null }),
    });

    expect(JSON.parse(run.stdout)).toEqual({ items: [shop], nextCursor: null });
  });

  it('refuses to delete without --yes when nobody can be asked (exit 2)', async () => {
    const run = await berth(['apps', 'delete', 'shop']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Refusing to delete app "shop" without confirmation: add --yes');
    expect(run.requests).toEqual([]);
  });

  it('asks on a terminal and deletes on yes', async () => {
    const run = await berth(['apps', 'delete', 'shop'], { prompts: ['y'] });

    expect(run.code).toBe(0);
    expect(run.prompts).toEqual(['Delete app "shop" and its drafts? [y/N]']);
    expect(run.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /api/v1/apps/shop']);
    expect(run.stderr).toBe('Deleted app "shop".\n');
  });

  it('deletes nothing when the answer is not yes (exit 130)', async () => {
    const run = await berth(['apps', 'delete', 'shop'], { prompts: [''] });

    expect(run.code).toBe(130);
    expect(run.requests).toEqual([]);
  });

  it('exits 6 when the server refuses to delete an app with a published version', async () => {
    const run = await berth(['apps', 'delete', 'shop', '--yes'], {
      answer: () => problemAnswer(409, 'app_has_published_versions'),
    });

    expect(run.code).toBe(6);
    expect(run.stderr).toBe('error: app_has_published_versions detail\n');
  });
});
