import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeLimits } from '../../apps/agent/src/engines/process/process-limits.js';
import { processesOf } from '../../apps/agent/src/engines/process/program-runner.js';
import * as lightappsMessages from '../../apps/console/src/areas/lightapps/messages.js';
import * as liveMessages from '../../apps/console/src/live/messages.js';
import { type ConsoleEnv, languages, requireBrowser, startConsole } from './browser.js';

/**
 * Light apps in a real browser: a Python program created, its package uploaded with a
 * progress bar, configured (a bad cron expression refused as it is typed), published,
 * deployed to the host `local` of the launcher, followed to running, and its output read
 * — in English and in Chinese. The launcher's own agent runs the program as a process.
 */
const noBrowser = requireBrowser();

/** Picks `option` in the antd Select labelled `label` (inside `scope`); a multiple one stays open. */
async function choose(
  page: Page,
  scope: Locator | Page,
  label: string,
  option: string,
  multiple = false,
) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  const item = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: option })
    .first();
  await item.click();
  if (!multiple) await item.waitFor({ state: 'hidden' });
}

describe.skipIf(!!noBrowser)('light apps in the console', () => {
  let env: ConsoleEnv;
  const dir = mkdtempSync(join(tmpdir(), 'berth-console-lightapps-'));
  const appsDir = () => join(env.server.dataDir, 'local-agent-apps');

  /** A zip with main.py printing a reading every half second. */
  function pkg(line: string): string {
    const src = mkdtempSync(join(dir, 'src-'));
    writeFileSync(
      join(src, 'main.py'),
      `import time\nwhile True:\n    print("${line}", flush=True)\n    time.sleep(0.5)\n`,
    );
    execFileSync('zip', ['-q', 'package.zip', 'main.py'], { cwd: src });
    return join(src, 'package.zip');
  }

  beforeAll(async () => {
    env = await startConsole();
    // Programs run as an unprivileged user that must reach their folder inside the data dir.
    chmodSync(env.server.dataDir, 0o711);
    const admin = await env.api();
    await admin.accounts.create({ name: 'acme', type: 'isv' });
    await admin.accounts.setMember('acme', 'admin', 'owner');
  }, 120_000);

  afterAll(async () => {
    // The agent leaves programs running when it stops (a restart adopts them); tests may not.
    const ids = env ? readdirSync(appsDir()).filter((d) => d.startsWith('lightapp-')) : [];
    await env?.dispose();
    for (const id of ids) {
      for (const pid of await processesOf(id)) process.kill(pid, 'SIGKILL');
      await removeLimits(id);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it.each(languages)(
    'creates, uploads with progress, configures, publishes, deploys and reads a Python app (%s)',
    async (lang) => {
      const name = `thermo_${lang}`;
      const line = `${name} reads 21.5`;
      const c = await env.open(lang, {
        areas: { lightapps: lightappsMessages, live: liveMessages },
        viewport: { width: 1366, height: 900 },
      });
      const { page, t } = c;
      await c.signIn();
      await page.getByRole('link', { name: t('nav.lightapps') }).click();
      await page.getByRole('heading', { name: t('lightapps.title') }).waitFor();
      await c.screenshot('lightapps');

      await page
        .getByRole('button', { name: t('lightapps.create') })
        .first()
        .click();
      const create = page.locator('.ant-modal').filter({ hasText: t('lightapps.createTitle') });
      await create.getByLabel(t('lightapps.name'), { exact: true }).fill(name);
      await create.getByRole('button', { name: t('common.create') }).click();
      await page.waitForURL(new RegExp(`/lightapps/${name}$`));
      await page.getByRole('button', { name: t('lightapps.newVersion') }).click();
      const draft = page.locator('.ant-modal').filter({ hasText: t('lightapps.kind') });
      await draft.getByRole('button', { name: t('common.create') }).click();
      await page.waitForURL(/\/versions\/1\.0\.0$/);

      // The package: the bar reaches 100 % and the version shows what the server kept.
      await page.locator('input[type=file]').setInputFiles(pkg(line));
      await page.getByTestId('upload-progress').waitFor();
      await page.getByTestId('package-info').filter({ hasText: 'zip' }).waitFor();
      await expect
        .poll(() =>
          page
            .getByTestId('upload-progress')
            .getByRole('progressbar')
            .getAttribute('aria-valuenow'),
        )
        .toBe('100');
      await c.screenshot('lightapp-version');

      // A schedule the cron parser refuses is flagged on its field; the app runs always.
      await page.getByLabel(t('lightapps.scheduled')).check();
      await page.getByLabel(t('lightapps.schedule')).fill('61 * * * *');
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await page.getByLabel(t('lightapps.always')).check();
      await page.getByRole('button', { name: t('lightapps.saveConfig') }).click();
      await page.getByText(t('lightapps.configSaved')).first().waitFor();
      await page.getByRole('button', { name: t('lightapps.publish') }).click();
      await page.locator('[data-testid=version-state][data-state=published]').waitFor();

      await page.getByRole('button', { name: t('lightapps.deploy') }).click();
      const deploy = page
        .locator('.ant-modal')
        .filter({ hasText: t('lightapps.deployTitle', { name, version: '1.0.0' }) });
      await choose(page, deploy, t('lightapps.cluster'), 'local');
      await choose(page, deploy, t('lightapps.hosts'), 'local', true);
      await page.keyboard.press('Escape');
      await c.screenshot('lightapp-deploy');
      await deploy.getByRole('button', { name: t('lightapps.deploy') }).click();
      await page.waitForURL(/\/deployments\/[^/]+$/);
      await page.getByTestId('deployment-progress').waitFor();
      await c.explained('host running', () =>
        page
          .locator('[data-testid=host-phase-local][data-phase=running]')
          .waitFor({ timeout: 60_000 }),
      );
      await c.screenshot('lightapp-deployment');

      await page.getByRole('link', { name: t('lightapps.logs'), exact: true }).click();
      await page.getByRole('switch', { name: t('live.follow') }).click();
      await c.explained('log line', () =>
        page.getByTestId('log-lines').filter({ hasText: line }).waitFor({ timeout: 30_000 }),
      );
      await c.screenshot('lightapp-logs');
      await page.getByRole('tab', { name: t('lightapps.events') }).click();
      await page.locator('.ant-table-row').first().waitFor();
      await c.screenshot('lightapp-events');
      await c.close();
    },
    180_000,
  );

  it.each(languages)(
    'refuses, by name, a host of another arch for a C app (%s)',
    async (lang) => {
      const name = `vib_${lang}`;
      const api = await env.api('acme');
      const host = await api.nodes.get('local', 'local');
      const other = host.facts?.arch === 'aarch64' ? 'x86_64' : 'aarch64';
      await api.lightApps.create({ name, language: 'c', arch: other });
      await api.lightApps.createVersion(name, { version: '1.0.0', kind: 'initial' });
      const src = mkdtempSync(join(dir, 'c-'));
      writeFileSync(join(src, 'main'), '#!/bin/sh\necho never runs here\n', { mode: 0o755 });
      execFileSync('tar', ['-czf', 'package.tar.gz', 'main'], { cwd: src });
      await api.lightApps.upload(name, '1.0.0', readFileSync(join(src, 'package.tar.gz')));
      await api.lightApps.configure(name, '1.0.0', { entry: 'main', memoryMi: 16, cpuMillis: 50 });
      await api.lightApps.publish(name, '1.0.0');

      const c = await env.open(lang, {
        areas: { lightapps: lightappsMessages },
        path: `/a/acme/lightapps/${name}/versions/1.0.0`,
      });
      const { page, t } = c;
      await c.signIn();
      await page.getByRole('button', { name: t('lightapps.deploy') }).click();
      const deploy = page
        .locator('.ant-modal')
        .filter({ hasText: t('lightapps.deployTitle', { name, version: '1.0.0' }) });
      await choose(page, deploy, t('lightapps.cluster'), 'local');
      const mismatch = t('lightapps.archMismatch', {
        name: 'local',
        arch: host.facts?.arch ?? '',
        need: other,
      });
      await choose(page, deploy, t('lightapps.hosts'), mismatch, true);
      await page.keyboard.press('Escape');
      await deploy.getByRole('button', { name: t('lightapps.deploy') }).click();
      await deploy
        .locator('.ant-form-item-explain-error')
        .filter({ hasText: `local is ${host.facts?.arch}, but ${name} is built for ${other}` })
        .waitFor();
      await c.screenshot('lightapp-deploy-refused');
      await c.close();
    },
    60_000,
  );
});
