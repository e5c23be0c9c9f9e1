import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BerthClient, createClient } from '@berth/client';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { en } from '../../apps/console/src/i18n/en.js';
import { zh } from '../../apps/console/src/i18n/zh.js';
import { templates } from '../../apps/server/src/testing/templates.js';
import { ServerProcess } from '../harness/server-process.js';

/**
 * The web console's browser tests: Debian's Chromium driven by playwright-core against a
 * real control plane (`npm start`'s launcher: the server serving apps/console/dist and
 * the embedded agent of the node `local`). A test file does:
 *
 *   const noBrowser = requireBrowser();
 *   describe.skipIf(noBrowser)('…', () => {
 *     let env: ConsoleEnv;
 *     beforeAll(async () => { env = await startConsole(); }, 120_000);
 *     afterAll(() => env?.dispose());
 *     it.each(languages)('… (%s)', async (lang) => {
 *       const c = await env.open(lang);      // fresh browser context in that language
 *       await c.signIn();                    // the admin, through the forced change if due
 *       await c.page.getByRole('link', { name: c.t('nav.clusters') }).click();
 *       await c.screenshot('clusters');      // test-results/screenshots/clusters-<lang>.png
 *       await c.close();                     // fails on any uncaught error in the page
 *     });
 *   });
 */

export type Language = 'en' | 'zh';
export const languages: Language[] = ['en', 'zh'];

export const chromiumPath = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(root, 'test-results', 'screenshots');
const consoleIndex = join(root, 'apps/console/dist/index.html');
const serverBundle = join(root, 'apps/server/dist/berth-server.mjs');
const agentEntry = join(root, 'apps/agent/dist/index.js');

/** The admin's first-start password (BERTH_ADMIN_PASSWORD) and the one the harness changes it to. */
export const initialAdminPassword = 'console-first-start';
export const adminPassword = 'harbour-lights-at-dusk';

function isCi(): boolean {
  return ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
}

/**
 * Why the browser tests cannot run here, or undefined when they can: Chromium and the
 * built server, agent and console must be there. Under CI=true a missing piece throws
 * (CI installs Chromium and builds first); elsewhere it warns loudly and returns the
 * reason, for `describe.skipIf`.
 */
export function requireBrowser(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) {
    missing.push(`no Chromium at ${chromiumPath} (apt-get install chromium fonts-noto-cjk)`);
  }
  for (const [file, what] of [
    [serverBundle, 'the server bundle'],
    [agentEntry, 'the agent'],
    [consoleIndex, 'the console'],
  ] as const) {
    if (!existsSync(file)) missing.push(`${what} is not built (${file}): run npm run build`);
  }
  if (missing.length === 0) return undefined;
  const reason = missing.join('; ');
  if (isCi()) throw new Error(`the console's browser tests need, under CI: ${reason}`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING browser tests: ${reason}\n${'!'.repeat(78)}\n`);
  return reason;
}

interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * A button's accessible name: antd may put a space between two CJK characters of a
 * button, and an icon adds its own label ("plus") in front.
 */
export function buttonName(text: string): RegExp {
  const chars = [...text].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(?:[\\w-]+ )?\\s*${chars.join('\\s?')}\\s*$`);
}

/**
 * The console's own strings in `lang` (`t('nav.clusters')`), so one test reads the same
 * in both languages. An area's strings are found once the test passes its messages
 * module: `translator(lang, { clusters: clusterMessages })`.
 * @throws when a key does not exist, so a renamed string fails loudly.
 */
export function translator(
  lang: Language,
  areas: Record<string, { en: object; zh: object }> = {},
): (key: string, vars?: Record<string, string | number>) => string {
  const tree: Tree = { ...(lang === 'zh' ? zh : en) } as unknown as Tree;
  for (const [area, messages] of Object.entries(areas)) {
    tree[area] = messages[lang] as unknown as Tree;
  }
  return (key, vars = {}) => {
    const text = lookup(tree, key);
    if (text === undefined) throw new Error(`no console string "${key}" in ${lang}`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}

export interface OpenOptions {
  /** 1280×720 (a laptop) unless given. */
  viewport?: { width: number; height: number };
  /** The area strings `t()` should know, e.g. `{ clusters: clusterMessages }`. */
  areas?: Record<string, { en: object; zh: object }>;
  /** The path to open first (`/`). */
  path?: string;
  /** The motion preference the browser reports: `reduce` unless given. */
  reducedMotion?: 'reduce' | 'no-preference';
}

/** One browser tab in its own context (cookies, storage) showing the console in `lang`. */
export class ConsolePage {
  /** Uncaught exceptions in the page: any of them fails the test at close(). */
  readonly pageErrors: string[] = [];
  /** Messages the page logged as errors (failed requests included): for diagnosis. */
  readonly consoleErrors: string[] = [];
  readonly t: ReturnType<typeof translator>;

  constructor(
    readonly env: ConsoleEnv,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly lang: Language,
    areas: OpenOptions['areas'],
  ) {
    this.t = translator(lang, areas);
    page.on('pageerror', (error) => this.pageErrors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
  }

  /** The console's main navigation (its areas), by its name in this page's language. */
  get mainNav(): Locator {
    return this.page.getByRole('navigation', { name: this.t('nav.label') });
  }

  /** Goes to an area by its link in the main navigation (`apps`, `clusters`…). */
  async openArea(area: string): Promise<void> {
    await this.mainNav.getByRole('link', { name: this.t(`nav.${area}`), exact: true }).click();
  }

  /** Opens `path` of the console and waits for the page's scripts to settle. */
  async goto(path: string): Promise<void> {
    await this.page.goto(this.env.url + path, { waitUntil: 'domcontentloaded' });
  }

  /**
   * Signs in (the admin unless told otherwise) and, on the admin's first sign-in, goes
   * through the forced password change; resolves once the console's navigation shows.
   */
  async signIn(username = 'admin', password?: string): Promise<void> {
    const { page, t, env } = this;
    const isAdmin = username === 'admin';
    const pass = password ?? env.adminPassword;
    await page.getByLabel(t('signIn.username')).fill(username);
    await page.getByLabel(t('signIn.password')).fill(pass);
    await page.getByRole('button', { name: t('signIn.submit') }).click();
    const nav = this.mainNav;
    const change = page.getByRole('heading', { name: t('changePassword.title') });
    await nav.or(change).first().waitFor();
    if (isAdmin && (await change.isVisible())) {
      await this.changePassword(pass, adminPassword);
      env.adminPassword = adminPassword;
    }
    await this.explained('sign-in', () => nav.waitFor());
  }

  /** Runs `step`; when it fails, saves a screenshot named after it (failed-<name>-<lang>.png). */
  async explained<T>(name: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const shot = await this.screenshot(`failed-${name}`).catch(() => 'none');
      // What a screenshot cannot show: where the page was and what it complained of.
      const logged = [...this.pageErrors, ...this.consoleErrors].slice(-10).join('\n  ');
      throw new Error(
        `${(error as Error).message}
url: ${this.page.url()}
screenshot: ${shot}
page errors and console errors (last 10):
  ${logged || 'none'}`,
        { cause: error },
      );
    }
  }

  /** Fills and submits the change-password form shown at a forced change. */
  async changePassword(current: string, next: string): Promise<void> {
    const { page, t } = this;
    await page.getByLabel(t('changePassword.current')).fill(current);
    await page.getByLabel(t('changePassword.next'), { exact: true }).fill(next);
    await page.getByLabel(t('changePassword.repeat')).fill(next);
    await page.getByRole('button', { name: t('changePassword.submit') }).click();
  }

  /**
   * Chooses `label` in an antd Select: opens it and clicks the visible option (antd also
   * renders a hidden list of options for screen readers, which a click cannot reach).
   */
  async pick(select: Locator, label: string): Promise<void> {
    await select.click();
    await this.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: label })
      .first()
      .click();
  }

  /** Saves test-results/screenshots/<name>-<lang>.png; returns its path. */
  async screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<string> {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}-${this.lang}.png`);
    // Finished animations: a dialog half faded in tells nothing.
    await this.page.screenshot({
      path,
      fullPage: options.fullPage ?? false,
      animations: 'disabled',
    });
    return path;
  }

  /** Closes the tab's context; throws if the page had uncaught errors. */
  async close(): Promise<void> {
    await this.context.close();
    if (this.pageErrors.length > 0) {
      throw new Error(
        `uncaught errors in the console page (${this.lang}):\n${this.pageErrors.join('\n')}\n` +
          `console errors:\n${this.consoleErrors.join('\n')}`,
      );
    }
  }
}

/** A control plane with its local agent, and a Chromium to look at its console with. */
export class ConsoleEnv {
  constructor(
    readonly server: ServerProcess,
    readonly browser: Browser,
    /** The admin's password now (the harness changes it at the first sign-in). */
    public adminPassword: string,
  ) {}

  private adminToken: Promise<string> | undefined;

  get url(): string {
    return this.server.url;
  }

  /**
   * The API as the platform admin (a personal access token), for arranging what a test
   * needs; the first-start password is changed on first use, as the console would.
   */
  async api(account?: string): Promise<BerthClient> {
    this.adminToken ??= (async () => {
      const anonymous = createClient({ server: this.url });
      const login = await anonymous.auth.login({ username: 'admin', password: this.adminPassword });
      const session = createClient({ server: this.url, token: login.token });
      if (login.mustChangePassword) {
        await session.auth.changePassword({
          currentPassword: this.adminPassword,
          newPassword: adminPassword,
        });
        this.adminPassword = adminPassword;
      }
      return (await session.tokens.create({ name: 'browser tests' })).token;
    })();
    return createClient({ server: this.url, token: await this.adminToken, account });
  }

  /**
   * A fresh browser context in `lang`: the console's language is set in localStorage
   * before its scripts run (only when none is remembered yet, so a switch in the page
   * survives a reload), and the browser's locale matches.
   */
  async open(lang: Language, options: OpenOptions = {}): Promise<ConsolePage> {
    const context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 720 },
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
      // The copy buttons of the console write to the clipboard.
      permissions: ['clipboard-read', 'clipboard-write'],
      // The console then turns antd's animations off (as for a person who asked for less
      // motion): no click lands on a dialog that is still fading out.
      reducedMotion: options.reducedMotion ?? 'reduce',
    });
    // Well below the test's own timeout, so a failure names the element it waited for.
    context.setDefaultTimeout(15_000);
    await context.addInitScript((language) => {
      // Runs in the page; the test's own typings know no DOM.
      const { localStorage: storage } = globalThis as unknown as { localStorage: WebStorage };
      if (!storage.getItem('berth.language')) storage.setItem('berth.language', language);
    }, lang);
    const page = await context.newPage();
    const opened = new ConsolePage(this, context, page, lang, options.areas);
    await opened.goto(options.path ?? '/');
    return opened;
  }

  /** Closes the browser, stops the server and removes its data. */
  async dispose(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server.dispose();
  }
}

/**
 * Starts `npm start`'s launcher (server and local agent) on a free port with a known
 * first-start admin password, and Chromium. Takes ~5–10 s; call it in `beforeAll`.
 */
export async function startConsole(
  options: { env?: Record<string, string> } = {},
): Promise<ConsoleEnv> {
  const [server, browser] = await Promise.allSettled([
    ServerProcess.start({
      templates: templates(),
      launcher: true,
      embedded: true,
      adminPassword: initialAdminPassword,
      env: { BERTH_BUILD_ON_START: '0', BERTH_LOG_LEVEL: 'warn', ...options.env },
    }),
    chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
  if (server.status === 'rejected' || browser.status === 'rejected') {
    if (server.status === 'fulfilled') await server.value.dispose();
    if (browser.status === 'fulfilled') await browser.value.close();
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  }
  return new ConsoleEnv(server.value, browser.value, initialAdminPassword);
}
