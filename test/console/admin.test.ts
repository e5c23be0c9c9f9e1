import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as adminMessages from '../../apps/console/src/areas/admin/messages.js';
import { type ConsoleEnv, languages, requireBrowser, startConsole } from './browser.js';

/**
 * Access tokens and the audit log in a real browser, in both languages: a token is shown
 * once with a copy button and can be revoked; the audit log lists those changes and
 * filters by the URL.
 */
const noBrowser = requireBrowser();
const areas = { admin: adminMessages };

describe.skipIf(noBrowser)('access tokens and the audit log in the console', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsole();
    const api = await env.api();
    await api.accounts.create({ name: 'acme', type: 'isv' });
    await api.accounts.setMember('acme', 'admin', 'owner');
    // Changes in the account, for its audit log (tokens belong to users, not accounts).
    const acme = await env.api('acme');
    await acme.clusters.create({ name: 'north', type: 'edge' });
    await acme.nodes.create('north', { name: 'gate-01' });
  }, 120_000);
  afterAll(() => env?.dispose());

  it.each(languages)(
    'creates a token shown once, then revokes it (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas, path: '/a/acme/tokens' });
      await c.signIn();
      const { page, t } = c;
      await page
        .getByRole('button', { name: t('admin.tokens.create') })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(t('admin.tokens.form.name')).fill(`deploys-${lang}`);
      await c.explained('token-create', () =>
        dialog.getByRole('button', { name: t('common.create') }).click(),
      );
      await c.explained('token-created', () =>
        page.getByText(t('admin.tokens.created.once')).waitFor(),
      );

      const shown = page.getByRole('dialog', {
        name: t('admin.tokens.created.title', { name: `deploys-${lang}` }),
      });
      const secret = shown.locator('code');
      await c.explained('token-secret', () => secret.waitFor());
      const token = (await secret.textContent()) ?? '';
      expect(token).toMatch(/^\S{20,}$/);
      await shown.getByText(t('admin.tokens.created.once')).waitFor();
      await shown.getByRole('button', { name: t('common.copy'), exact: true }).click();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(
        await secret.textContent(),
      );
      await c.screenshot('token-created');
      await shown.getByRole('button', { name: t('admin.tokens.created.done') }).click();

      const row = page.getByRole('row', { name: new RegExp(`deploys-${lang}`) });
      await row.getByText('acme').waitFor();
      // The secret is gone from the page once the dialog closes: the list holds its first
      // characters only.
      await expect.poll(() => page.getByText(token).count()).toBe(0);
      await c.screenshot('tokens');
      await row.getByRole('button', { name: t('admin.tokens.revoke') }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: t('admin.tokens.revoke') })
        .click();
      await expect.poll(() => row.count()).toBe(0);
      await c.close();
    },
    90_000,
  );

  it.each(languages)(
    'lists the audit log with filters held in the URL (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas, path: '/a/acme/audit' });
      await c.signIn();
      const { page, t } = c;
      await page.getByRole('heading', { name: t('admin.audit.title') }).waitFor();
      await page.getByRole('cell', { name: 'clusters.create' }).first().waitFor();
      await c.screenshot('audit');

      await page.getByLabel(t('admin.audit.filters.action')).fill('nodes.create');
      await page.getByRole('button', { name: t('admin.audit.filters.apply') }).click();
      await page.waitForURL('**/a/acme/audit?action=nodes.create');
      await expect.poll(() => page.getByRole('cell', { name: 'clusters.create' }).count()).toBe(0);
      await page.getByRole('cell', { name: 'nodes.create' }).first().waitFor();

      // A shared link opens the same view, its filter in the form.
      await page.goto(`${env.url}/a/acme/audit?result=denied`);
      await page.getByRole('heading', { name: t('admin.audit.title') }).waitFor();
      await page.getByText(t('admin.audit.empty')).waitFor();
      await page.getByRole('button', { name: t('admin.audit.filters.clear') }).click();
      await page.waitForURL('**/a/acme/audit');
      await page.getByRole('cell', { name: 'clusters.create' }).first().waitFor();
      await c.close();
    },
    90_000,
  );
});
