import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clusterMessages from '../../apps/console/src/areas/clusters/messages.js';
import {
  type ConsoleEnv,
  type ConsolePage,
  type Language,
  languages,
  requireBrowser,
  startConsole,
  translator,
} from './browser.js';

/**
 * The console's shell in a real browser, in both languages: the first sign-in with its
 * forced password change, a wrong password, the account switcher and navigation, the
 * language remembered across a reload, and signing out.
 */
const noBrowser = requireBrowser();
const other = (lang: Language): Language => (lang === 'en' ? 'zh' : 'en');

describe.skipIf(noBrowser)('the console shell', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsole();
    const api = await env.api();
    await api.accounts.create({ name: 'acme', type: 'isv', displayName: 'ACME Parking' });
    await api.accounts.create({ name: 'globex', type: 'customer' });
    for (const lang of languages) {
      const username = `dana-${lang}`;
      await api.users.create({ username, password: 'first-passphrase', mustChangePassword: true });
      await api.accounts.setMember('acme', username, 'admin');
      await api.accounts.setMember('globex', username, 'viewer');
    }
  }, 120_000);
  afterAll(() => env?.dispose());

  async function signInAs(c: ConsolePage, username: string, password: string) {
    await c.page.getByLabel(c.t('signIn.username')).fill(username);
    await c.page.getByLabel(c.t('signIn.password')).fill(password);
    await c.page.getByRole('button', { name: c.t('signIn.submit') }).click();
  }

  it.each(languages)(
    'refuses a wrong password with the reason next to the form (%s)',
    async (lang) => {
      const c = await env.open(lang);
      await signInAs(c, `dana-${lang}`, 'not-the-password');
      const alert = c.page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain(c.t('signIn.wrongPassword'));
      expect(await alert.textContent()).toContain(c.t('signIn.failed'));
      // The form stays, with the username kept and the password cleared for the next try.
      expect(await c.page.getByLabel(c.t('signIn.username')).inputValue()).toBe(`dana-${lang}`);
      expect(await c.page.getByLabel(c.t('signIn.password')).inputValue()).toBe('');
      await c.screenshot('sign-in-wrong-password');
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'makes the first sign-in choose a new password, then shows the console (%s)',
    async (lang) => {
      const c = await env.open(lang, { path: '/a/acme/clusters' });
      await signInAs(c, `dana-${lang}`, 'first-passphrase');
      await c.page.getByRole('heading', { name: c.t('changePassword.title') }).waitFor();
      await c.screenshot('change-password');
      // The server's own rule, shown at the field it names.
      await c.changePassword('first-passphrase', `my-dana-${lang}-pass`);
      await expect
        .poll(() => c.page.getByText('must not contain the username').isVisible())
        .toBe(true);
      await c.changePassword('first-passphrase', 'a-passphrase-of-my-own');
      await c.mainNav.waitFor();
      // The link the user opened is where they land.
      expect(new URL(c.page.url()).pathname).toBe('/a/acme/clusters');
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'switches accounts and areas, the URL naming both (%s)',
    async (lang) => {
      const c = await env.open(lang);
      await c.signIn(`dana-${lang}`, 'a-passphrase-of-my-own');
      const { page, t } = c;
      await page.waitForURL('**/a/acme/apps');
      await expect.poll(() => page.title()).toContain(t('nav.apps'));
      await page.getByRole('link', { name: t('nav.clusters') }).click();
      await page.waitForURL('**/a/acme/clusters');
      await expect.poll(() => page.title()).toContain(t('nav.clusters'));

      await c.pick(page.getByLabel(t('shell.account')), `globex · ${t('roles.viewer')}`);
      await page.waitForURL('**/a/globex/clusters');
      await page.getByRole('link', { name: t('nav.audit') }).click();
      await page.waitForURL('**/a/globex/audit');
      await c.screenshot('shell-navigation');
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'remembers the language chosen across a reload (%s)',
    async (lang) => {
      const c = await env.open(lang);
      await c.signIn(`dana-${lang}`, 'a-passphrase-of-my-own');
      const { page, t } = c;
      const next = other(lang);
      const there = translator(next);
      await c.pick(page.getByLabel(t('shell.language')), next === 'zh' ? '简体中文' : 'English');
      await page.getByRole('link', { name: there('nav.clusters') }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(next === 'zh' ? 'zh-CN' : 'en');
      await page.reload();
      await page.getByRole('link', { name: there('nav.clusters') }).waitFor();
      expect(await page.getByRole('link', { name: t('nav.clusters') }).count()).toBe(0);
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'signs out back to the sign-in form, for good (%s)',
    async (lang) => {
      const c = await env.open(lang);
      await c.signIn(`dana-${lang}`, 'a-passphrase-of-my-own');
      const { page, t } = c;
      await page.getByRole('button', { name: t('shell.signOut') }).click();
      await page.getByRole('heading', { name: t('signIn.title') }).waitFor();
      await page.goto(`${env.url}/a/acme/apps`);
      await page.getByRole('heading', { name: t('signIn.title') }).waitFor();
      expect(await c.mainNav.count()).toBe(0);
      await c.close();
    },
    60_000,
  );

  /**
   * Aborts the requests for the clusters area's chunk (the first `failures` of them, as a
   * dropped connection would), opens the area, and returns how many requests were made.
   */
  async function openClustersFailing(c: ConsolePage, failures: number): Promise<() => number> {
    let requests = 0;
    await c.page.route('**/assets/ClustersArea-*.js', (route) => {
      requests++;
      return requests <= failures ? route.abort('internetdisconnected') : route.continue();
    });
    await c.signIn(`dana-${c.lang}`, 'a-passphrase-of-my-own');
    await c.page.waitForURL('**/a/acme/apps');
    await c.openArea('clusters');
    return () => requests;
  }

  it.each(languages)(
    'loads a part of the console that failed to arrive again by itself (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas: { clusters: clusterMessages } });
      const requests = await openClustersFailing(c, 1);
      await c.explained('reloaded-area', () =>
        c.page.getByRole('heading', { name: c.t('clusters.title') }).waitFor(),
      );
      expect(requests()).toBe(2);
      expect(new URL(c.page.url()).pathname).toBe('/a/acme/clusters');
      expect(await c.page.getByText(c.t('shell.updated')).count()).toBe(0);
      await c.close();
    },
    60_000,
  );

  it.each(languages)(
    'offers a reload, and does not loop, when loading it again does not help (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas: { clusters: clusterMessages } });
      const requests = await openClustersFailing(c, Number.POSITIVE_INFINITY);
      await c.page.getByText(c.t('shell.updated')).waitFor();
      await c.page.getByRole('button', { name: c.t('shell.reload') }).waitFor();
      // Once by itself after the first failure, then it stops and leaves it to the person.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(requests()).toBe(2);
      await c.screenshot('area-failed-to-load');
      await c.page.unrouteAll();
      await c.page.getByRole('button', { name: c.t('shell.reload') }).click();
      await c.page.getByRole('heading', { name: c.t('clusters.title') }).waitFor();
      await c.close();
    },
    60_000,
  );

  it('animates nothing for a person who asked their system for less motion', async () => {
    const transition = async (reducedMotion: 'reduce' | 'no-preference') => {
      const c = await env.open('en', { reducedMotion });
      const button = c.page.getByRole('button', { name: c.t('signIn.submit') });
      // Runs in the page; the test's own typings know no DOM.
      const duration = await button.evaluate((el) => {
        const page = globalThis as unknown as {
          getComputedStyle(el: unknown): { transitionDuration: string };
        };
        return page.getComputedStyle(el).transitionDuration;
      });
      await c.close();
      return duration;
    };
    expect(await transition('no-preference')).not.toMatch(/^0s(, 0s)*$/);
    expect(await transition('reduce')).toMatch(/^0s(, 0s)*$/);
  }, 60_000);

  it('fits a 1280×720 laptop screen without a horizontal scroll bar', async () => {
    const c = await env.open('zh');
    await c.signIn('dana-zh', 'a-passphrase-of-my-own');
    const overflow = await c.page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);
    await c.close();
  }, 60_000);
});
