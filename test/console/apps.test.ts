import { allowedCombinations, distributions } from '@berth/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as appsMessages from '../../apps/console/src/areas/apps/messages.js';
import * as canvasMessages from '../../apps/console/src/canvas/messages.js';
import {
  buttonName,
  type ConsoleEnv,
  type ConsolePage,
  languages,
  requireBrowser,
  startConsole,
} from './browser.js';

/**
 * The apps area in a real browser: the wizard offers only the deployments a distribution
 * allows, the server's refusal to publish is shown with its reasons, a draft is deleted.
 */
const noBrowser = requireBrowser();
const areas = { apps: appsMessages, canvas: canvasMessages };

async function openApps(c: ConsolePage) {
  await c.openArea('apps');
  await c.page.getByRole('heading', { name: c.t('apps.title'), exact: true }).waitFor();
}

describe.skipIf(noBrowser)('the apps area', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    // BERTH_TEST_CONSOLE_DIR: a console built elsewhere (while others rebuild apps/console/dist).
    const dir = process.env.BERTH_TEST_CONSOLE_DIR;
    env = await startConsole(dir ? { env: { BERTH_CONSOLE_DIR: dir } } : {});
  }, 120_000);
  afterAll(() => env?.dispose());

  it.each(languages)(
    'offers only the allowed distribution × deployment pairs (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas });
      const { page, t } = c;
      await c.signIn();
      await openApps(c);
      await page
        .getByRole('button', { name: buttonName(t('apps.create')) })
        .first()
        .click();
      for (const distribution of distributions) {
        await page
          .locator('#distribution')
          .getByText(t(`apps.distribution.${distribution}`), { exact: true })
          .click();
        await page.getByRole('button', { name: buttonName(t('apps.wizard.next')) }).click();
        const offered = page.getByRole('radio');
        await expect.poll(() => offered.count()).toBe(allowedCombinations[distribution].length);
        for (const deployment of allowedCombinations[distribution])
          await page.getByText(t(`apps.deployment.${deployment}`), { exact: true }).waitFor();
        // Each choice is explained.
        const first = allowedCombinations[distribution][0] ?? 'cloud-hosted';
        await page.getByText(t(`apps.deploymentHelp.${first}`)).waitFor();
        if (distribution === 'account') await c.screenshot('create-app-wizard');
        await page.getByRole('button', { name: buttonName(t('apps.wizard.previous')) }).click();
      }
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'shows why a version cannot be published, and deletes a draft (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas });
      const { page, t } = c;
      await c.signIn();
      await openApps(c);
      await page
        .getByRole('button', { name: buttonName(t('apps.create')) })
        .first()
        .click();
      await page.getByRole('button', { name: buttonName(t('apps.wizard.next')) }).click();
      await page.getByText(t('apps.deployment.edge-hosted'), { exact: true }).click();
      await page.getByRole('button', { name: buttonName(t('apps.wizard.next')) }).click();
      await page.getByLabel(t('apps.wizard.name'), { exact: true }).fill(`empty-${lang}`);
      await page.getByRole('button', { name: buttonName(t('common.create')) }).click();
      await page.getByText(t('apps.detail.noVersions')).waitFor();

      await page
        .getByRole('button', { name: buttonName(t('apps.detail.createVersion')) })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: t('apps.newVersion.version') }).fill('0.1.0');
      await dialog.getByRole('button', { name: buttonName(t('common.create')) }).click();
      await page.getByRole('tab', { name: t('canvas.tabs.canvas') }).waitFor();
      await page.getByRole('link', { name: `empty-${lang}` }).click();
      await page.getByRole('link', { name: '0.1.0', exact: true }).waitFor();

      // An edge-hosted app without nodes: the server refuses, and the dialog says why.
      await page.getByRole('button', { name: buttonName(t('apps.detail.publish')) }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: buttonName(t('apps.detail.publish')) })
        .click();
      const refusal = page.locator('.ant-modal-confirm-error');
      await refusal
        .locator('.ant-modal-confirm-title', {
          hasText: t('apps.detail.publishRefused', { version: '0.1.0' }),
        })
        .waitFor();
      expect(await refusal.textContent()).toContain('needs at least one node');
      await c.screenshot('publish-refused');
      await refusal.getByRole('button').last().click();

      await page.getByRole('button', { name: buttonName(t('apps.detail.deleteDraft')) }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: buttonName(t('apps.detail.deleteDraft')) })
        .click();
      await page.getByText(t('apps.detail.noVersions')).waitFor();
      await c.close();
    },
    60_000,
  );
});
