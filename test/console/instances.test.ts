import type { BerthClient } from '@berth/client';
import type { AppSpecInput, Instance } from '@berth/spec';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as instancesMessages from '../../apps/console/src/areas/instances/messages.js';
import * as liveMessages from '../../apps/console/src/live/messages.js';
import {
  engineSocket,
  removeTestContainers,
  requireEngine,
  TEST_IMAGES,
} from '../harness/engine.js';
import { type ConsoleEnv, languages, requireBrowser, startConsole } from './browser.js';

/**
 * Instances in a real browser, on the real engine: a published two-node version deployed
 * to the cluster `local` through the deploy dialog, watched until its graph is running,
 * its logs read, scaled, and deleted — in English and in Chinese.
 */
const noBrowser = requireBrowser();
const noEngine = noBrowser
  ? undefined
  : await requireEngine({
      images: [TEST_IMAGES.web, TEST_IMAGES.web2, TEST_IMAGES.redis, TEST_IMAGES.fail],
    });

const app = 'greeter';
const spec: AppSpecInput = {
  parameters: [
    { name: 'greeting', type: 'string', default: 'hello', label: 'Greeting' },
    { name: 'apiKey', type: 'string', secret: true, label: 'API key' },
  ],
  nodes: [
    {
      name: 'cache',
      kind: 'custom',
      image: TEST_IMAGES.redis,
      ports: [{ name: 'redis', port: 6379 }],
      resources: { cpu: '100m', memory: '64Mi' },
      health: { exec: ['redis-cli', 'ping'] },
    },
    {
      name: 'web',
      kind: 'custom',
      image: TEST_IMAGES.web,
      ports: [{ name: 'http', port: 8080 }],
      env: { GREETING: '${params.greeting}' },
      resources: { cpu: '100m', memory: '64Mi' },
      health: { http: { path: '/healthz', port: 'http' } },
      dependsOn: ['cache'],
    },
  ],
};

/** Picks `option` in the antd Select labelled `label` (inside `scope`). */
async function choose(page: Page, scope: Locator | Page, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  const item = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first();
  await item.click();
  await item.waitFor({ state: 'hidden' });
}

describe.skipIf(!!noBrowser || !!noEngine)('instances in the console', () => {
  let env: ConsoleEnv;
  let api: BerthClient;

  beforeAll(async () => {
    // The launcher's local agent drives the engine named by DOCKER_HOST.
    process.env.DOCKER_HOST ??= `unix://${engineSocket()}`;
    env = await startConsole();
    const admin = await env.api();
    await admin.accounts.create({ name: 'acme', type: 'isv' });
    await admin.accounts.setMember('acme', 'admin', 'owner');
    api = await env.api('acme');
    await api.apps.create({ name: app, distribution: 'instance', deployment: 'edge-hosted' });
    await api.versions.create(app, { version: '1.0.0', kind: 'initial' });
    const { etag } = await api.versions.get(app, '1.0.0');
    await api.versions.putSpec(app, '1.0.0', spec, { ifMatch: etag ?? '' });
    await api.versions.publish(app, '1.0.0');
    // 1.1.0 runs the other web image: what the upgrade dialog's diff names.
    await api.versions.create(app, { version: '1.1.0', kind: 'upgrade', from: '1.0.0' });
    const next = await api.versions.get(app, '1.1.0');
    const upgraded = structuredClone(spec);
    const web = upgraded.nodes?.find((n) => n.name === 'web');
    if (web && 'image' in web) web.image = TEST_IMAGES.web2;
    await api.versions.putSpec(app, '1.1.0', upgraded, { ifMatch: next.etag ?? '' });
    await api.versions.publish(app, '1.1.0');
    // The launcher's agent joins a moment after the server is ready.
    const deadline = Date.now() + 30_000;
    while ((await api.nodes.get('local', 'local')).status !== 'online') {
      if (Date.now() > deadline) throw new Error('the node "local" did not come online in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    await env?.dispose();
    for (const lang of languages) {
      await removeTestContainers(`berth.instance-name=greeter-${lang}`);
      await removeTestContainers(`berth.instance-name=breaker-${lang}`);
    }
  }, 60_000);

  it.each(languages)(
    'deploys with the dialog, shows the live graph and logs, upgrades, scales, stops, starts and deletes (%s)',
    async (lang) => {
      const name = `greeter-${lang}`;
      const c = await env.open(lang, {
        areas: { instances: instancesMessages, live: liveMessages },
        viewport: { width: 1366, height: 900 },
      });
      const { page, t } = c;
      await c.signIn();
      await page.getByRole('link', { name: t('nav.instances') }).click();
      await page.getByRole('heading', { name: t('instances.title') }).waitFor();
      await c.screenshot('instances');

      // The dialog: app → published version → cluster, the parameters, the plan.
      await page
        .getByRole('button', { name: t('instances.deploy') })
        .first()
        .click();
      const dialog = page.locator('.ant-modal').filter({ hasText: t('instances.dialogTitle') });
      await choose(page, dialog, t('instances.app'), app);
      await choose(page, dialog, t('instances.version'), '1.0.0');
      await choose(page, dialog, t('instances.cluster'), 'local');
      await dialog.getByLabel('Greeting', { exact: true }).fill(`hi from ${lang}`);
      await dialog.getByLabel('API key', { exact: true }).fill('s3cret');
      await expect
        .poll(() => dialog.getByTestId('plan-summary').textContent())
        .toContain(t('instances.planTotals', { nodes: 2, levels: 2, cpu: '200m', memory: 128 }));
      // A name the server refuses: its reason shows on the name field.
      await dialog.getByLabel(t('instances.name'), { exact: true }).fill('berth-taken');
      await dialog.getByRole('button', { name: t('instances.deploy') }).click();
      await dialog.locator('.ant-form-item-explain-error', { hasText: 'reserved' }).waitFor();
      await c.screenshot('instance-deploy-dialog');
      await dialog.getByLabel(t('instances.name'), { exact: true }).fill(name);
      await dialog.getByRole('button', { name: t('instances.deploy') }).click();
      await page.waitForURL(new RegExp(`/instances/${name}$`));

      // The live picture: progress, then every node coloured running.
      const phase = (value: string) =>
        page.locator(`[data-testid=instance-phase][data-phase=${value}]`);
      await c.explained('running', () => phase('running').waitFor({ timeout: 120_000 }));
      for (const node of ['cache', 'web']) {
        await expect
          .poll(() => page.getByTestId(`live-node-${node}`).getAttribute('data-phase'))
          .toMatch(/^(running|healthy)$/);
      }
      await c.screenshot('instance');

      await page.getByRole('tab', { name: t('instances.events') }).click();
      await page.locator('.ant-table-row').first().waitFor();
      await c.screenshot('instance-events');

      await page.getByRole('tab', { name: t('instances.logs') }).click();
      await choose(page, page, t('instances.node'), 'web');
      await page.getByRole('switch', { name: t('live.follow') }).click();
      const log = page.getByTestId('log-lines');
      await c.explained('log line', () =>
        log.filter({ hasText: `GREETING=hi from ${lang}` }).waitFor({ timeout: 30_000 }),
      );
      expect(page.url()).toContain('follow=1');
      await c.screenshot('instance-logs');

      // Upgrade to 1.1.0: the dialog shows what changes; the page follows it to running.
      await page.getByRole('tab', { name: t('instances.graph') }).click();
      await page.getByRole('button', { name: t('instances.upgrade') }).click();
      const upgrade = page
        .locator('.ant-modal')
        .filter({ hasText: t('instances.upgradeTitle', { name }) });
      await choose(page, upgrade, t('instances.upgradeTo'), '1.1.0');
      await upgrade.getByText(TEST_IMAGES.web2).waitFor();
      await c.screenshot('instance-upgrade');
      await upgrade.getByRole('button', { name: t('instances.upgrade') }).click();
      await page.getByText(`${app}@1.1.0`).waitFor();
      await c.explained('upgraded', () => phase('running').waitFor({ timeout: 120_000 }));
      await expect
        .poll(
          async () => {
            const i: Instance = await api.instances.get(name);
            return `${i.version} ${i.status.phase}`;
          },
          { timeout: 90_000, interval: 500 },
        )
        .toBe('1.1.0 running');

      // Scale web to 2: the instance settles running with two replicas.
      await page.getByRole('button', { name: t('instances.scale') }).click();
      const scale = page.locator('.ant-modal').filter({ hasText: t('instances.replicasLabel') });
      await choose(page, scale, t('instances.node'), 'web');
      await scale.getByLabel(t('instances.replicasLabel')).fill('2');
      await scale.getByRole('button', { name: t('instances.scale') }).click();
      await page
        .getByTestId('live-node-web')
        .filter({ hasText: t('instances.replicas', { count: 2 }) })
        .waitFor();
      await expect
        .poll(
          async () => {
            const i: Instance = await api.instances.get(name);
            return `${i.replicas.web} ${i.status.phase}`;
          },
          { timeout: 90_000, interval: 500 },
        )
        .toBe('2 running');

      // Stop, then start again.
      await page.getByRole('button', { name: t('instances.stop') }).click();
      await c.explained('stopped', () => phase('stopped').waitFor({ timeout: 90_000 }));
      await c.screenshot('instance-stopped');
      await page.getByRole('button', { name: t('instances.start') }).click();
      await c.explained('started', () => phase('running').waitFor({ timeout: 90_000 }));

      // Delete, confirmed: the page says the instance is gone once its host removed it.
      await page.getByRole('button', { name: t('common.delete') }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: t('common.delete') })
        .click();
      await c.explained('deleted', () =>
        page.locator('.ant-result-404').waitFor({ timeout: 90_000 }),
      );
      await expect(api.instances.get(name)).rejects.toMatchObject({ status: 404 });
      await c.close();
    },
    300_000,
  );

  it.each(languages)(
    'shows a deployment that failed, with the reason and the failing node (%s)',
    async (lang) => {
      const name = `breaker-${lang}`;
      if (lang === languages[0]) {
        await api.apps.create({
          name: 'breaker',
          distribution: 'instance',
          deployment: 'edge-hosted',
        });
        await api.versions.create('breaker', { version: '1.0.0', kind: 'initial' });
        const { etag } = await api.versions.get('breaker', '1.0.0');
        const crashing: AppSpecInput = {
          nodes: [{ name: 'crash', kind: 'custom', image: TEST_IMAGES.fail }],
        };
        await api.versions.putSpec('breaker', '1.0.0', crashing, { ifMatch: etag ?? '' });
        await api.versions.publish('breaker', '1.0.0');
      }
      await api.instances.deploy({
        name,
        app: 'breaker',
        version: '1.0.0',
        cluster: 'local',
        deadlineSeconds: 10,
      });
      const c = await env.open(lang, {
        areas: { instances: instancesMessages },
        path: `/a/acme/instances/${name}`,
      });
      const { page, t } = c;
      await c.signIn();
      await c.explained('failed', () =>
        page
          .locator('[data-testid=instance-phase][data-phase=failed]')
          .waitFor({ timeout: 60_000 }),
      );
      // The reason is the server's, recomputed from what the host reports: it names the node.
      const alert = page
        .getByRole('alert')
        .filter({ hasText: t('instances.failedBecause', { reason: '' }) });
      await expect.poll(() => alert.textContent()).toContain('crash');
      expect(await page.getByTestId('live-node-crash').getAttribute('data-phase')).not.toMatch(
        /^(running|healthy)$/,
      );
      await c.screenshot('instance-failed');
      await api.instances.delete(name);
      await c.close();
    },
    120_000,
  );
});
