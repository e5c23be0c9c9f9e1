import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clusterMessages from '../../apps/console/src/areas/clusters/messages.js';
import { type ConsoleEnv, languages, requireBrowser, startConsole } from './browser.js';

/**
 * Clusters and nodes in a real browser, in both languages: create a cluster, add a node
 * and copy its join command (with the server's warning about an overlapping range),
 * watch the embedded agent's node `local` online with its facts, delete the cluster.
 */
const noBrowser = requireBrowser();
const areas = { clusters: clusterMessages };

describe.skipIf(noBrowser)('clusters and nodes in the console', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsole();
    await (await env.api()).accounts.create({ name: 'acme', type: 'isv' });
    const acme = await env.api('acme');
    for (const lang of languages) {
      await acme.clusters.create({ name: `plant-${lang}`, type: 'edge-appliance' });
    }
  }, 120_000);
  afterAll(() => env?.dispose());

  it.each(languages)(
    'creates a cluster, adds a node and copies its join command (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas, path: '/a/acme/clusters' });
      await c.signIn();
      const { page, t } = c;
      await page.getByRole('heading', { name: t('clusters.title') }).waitFor();
      await page
        .getByRole('button', { name: t('clusters.create') })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(t('clusters.form.name'), { exact: true }).fill(`site-${lang}`);
      await dialog.getByLabel(t('clusters.form.displayName')).fill(`North site ${lang}`);
      await dialog.getByRole('switch').click();
      await dialog.getByLabel(t('clusters.form.nfsServer')).fill('10.0.0.5');
      await dialog.getByLabel(t('clusters.form.nfsPath')).fill('/exports/berth');
      await dialog.getByLabel(t('clusters.form.serviceCidr')).fill('10.96.0.0/16');
      await c.screenshot('cluster-create');
      await dialog.getByRole('button', { name: t('common.create') }).click();

      await page.waitForURL(`**/a/acme/clusters/site-${lang}`);
      await page.getByRole('heading', { name: `North site ${lang}` }).waitFor();
      await page.getByText('nfs://10.0.0.5/exports/berth').waitFor();
      await page.getByText(t('clusters.nodes.empty')).waitFor();
      await c.screenshot('cluster-empty');

      await page
        .getByRole('button', { name: t('clusters.nodes.add') })
        .first()
        .click();
      const add = page.getByRole('dialog');
      await add.getByLabel(t('clusters.nodes.form.name'), { exact: true }).fill(`gate-${lang}`);
      await add.getByLabel(t('clusters.nodes.form.ipSegment')).fill('10.96.1.0/24');
      await add.getByRole('button', { name: t('common.create') }).click();

      const join = page.getByRole('dialog', {
        name: t('clusters.nodes.join.title', { name: `gate-${lang}` }),
      });
      const command = join.locator('.berth-join-command code');
      await expect.poll(() => command.textContent()).toContain('berth-agent join');
      expect(await command.textContent()).toContain(`--node gate-${lang}`);
      // The server's warning: the node's LAN overlaps the cluster's service range.
      await join.getByText('overlaps the cluster').waitFor();
      await join.getByText(t('clusters.nodes.join.once')).waitFor();
      await c.screenshot('node-join-command');
      await join.getByRole('button', { name: t('common.copy') }).click();
      const copied = await page.evaluate('navigator.clipboard.readText()');
      expect(copied).toBe(await command.textContent());
      await join.getByRole('button', { name: t('clusters.nodes.join.done') }).click();

      const row = page.locator(`tr[data-row-key="gate-${lang}"]`);
      await row.getByText(t('clusters.nodes.status.pending')).waitFor();
      await c.close();
    },
    90_000,
  );

  it.each(languages)(
    "shows the local cluster's node online, with its facts, live (%s)",
    async (lang) => {
      const c = await env.open(lang, { areas, path: '/a/acme/clusters' });
      await c.signIn();
      const { page, t } = c;
      await page.getByRole('link', { name: 'local' }).click();
      await page.waitForURL('**/a/acme/clusters/local');
      const row = page.locator('tr[data-row-key="local"]');
      // The embedded agent joins within seconds of the start; the page polls.
      await row.getByText(t('clusters.nodes.status.online')).waitFor({ timeout: 30_000 });
      await expect.poll(() => row.textContent()).toMatch(/x86_64|aarch64|armv7/);
      await row.getByRole('button', { name: /expand|展开/i }).click();
      await page.getByText(t('clusters.nodes.columns.hostname')).waitFor();
      await page.getByText(t('clusters.nodes.columns.addresses')).waitFor();
      await c.screenshot('cluster-local-nodes');
      // Shared by the platform: an account sees its nodes, only the platform manages them.
      expect(await page.getByRole('button', { name: t('clusters.nodes.add') }).count()).toBe(0);
      await page.goto(`${env.url}/a/platform/clusters/local`);
      await page
        .getByRole('button', { name: t('clusters.nodes.add') })
        .first()
        .waitFor();
      await c.close();
    },
    90_000,
  );

  it.each(languages)(
    "sets the agents' heartbeat and a registry mirror, kept in the URL's tab (%s)",
    async (lang) => {
      const c = await env.open(lang, { areas, path: `/a/acme/clusters/site-${lang}/settings` });
      await c.signIn();
      const { page, t } = c;
      await page.getByLabel(t('clusters.detail.heartbeat')).fill('15');
      await page
        .getByRole('button', { name: t('common.save') })
        .first()
        .click();
      await page.getByText(t('clusters.settings.saved')).first().waitFor();

      await page.getByRole('button', { name: t('clusters.settings.addMirror') }).click();
      await page.getByLabel(t('clusters.settings.registry')).fill('docker.io');
      await page.getByLabel(t('clusters.settings.mirror')).fill('mirror.site.local:5000');
      await page
        .getByRole('button', { name: t('common.save') })
        .last()
        .click();
      const acme = await env.api('acme');
      await expect
        .poll(async () => (await acme.clusters.registries(`site-${lang}`)).mirrors)
        .toEqual({ 'docker.io': 'mirror.site.local:5000' });
      expect((await acme.clusters.get(`site-${lang}`)).agentSettings.heartbeatSeconds).toBe(15);
      await page.reload();
      await expect
        .poll(() => page.getByLabel(t('clusters.settings.mirror')).inputValue())
        .toBe('mirror.site.local:5000');
      await c.screenshot('cluster-settings');
      await c.close();
    },
    90_000,
  );

  it.each(languages)(
    "lists an edge appliance's base components and initialises one (%s)",
    async (lang) => {
      const c = await env.open(lang, { areas, path: `/a/acme/clusters/plant-${lang}/components` });
      await c.signIn();
      const { page, t } = c;
      const row = page.locator('tr[data-row-key="mqtt-broker"]');
      await row.getByText(t('clusters.components.status.not-initialised')).waitFor();
      const initialise = row.getByRole('button', { name: t('clusters.components.initialise') });
      // Without nodes the server refuses, and says what to do; the reason stays on screen.
      await initialise.click();
      await page.getByRole('alert').getByText('has no nodes').waitFor();
      await (await env.api('acme')).nodes.create(`plant-${lang}`, { name: 'gate-01' });
      await initialise.click();
      await c.explained('component-initialise', () =>
        page.getByText(t('clusters.components.initialised', { name: 'MQTT broker' })).waitFor(),
      );
      await row.getByText(t('clusters.components.status.initialising')).waitFor();
      await row.getByText(`gate-01: ${t('clusters.components.phase.pending')}`).waitFor();
      await c.screenshot('cluster-components');
      await c.close();
    },
    90_000,
  );

  it.each(languages)(
    'deletes a cluster after asking (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas, path: `/a/acme/clusters/site-${lang}` });
      await c.signIn();
      const { page, t } = c;
      await page.getByRole('button', { name: t('clusters.detail.delete') }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: t('common.delete') })
        .click();
      await page.waitForURL('**/a/acme/clusters');
      await page.getByRole('link', { name: 'local' }).waitFor();
      expect(await page.getByRole('link', { name: new RegExp(`site-${lang}`) }).count()).toBe(0);
      await c.close();
    },
    90_000,
  );
});
