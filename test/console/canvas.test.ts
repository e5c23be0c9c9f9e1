import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as appsMessages from '../../apps/console/src/areas/apps/messages.js';
import * as canvasMessages from '../../apps/console/src/canvas/messages.js';
import { TEST_IMAGES } from '../harness/engine.js';
import {
  buttonName,
  type ConsoleEnv,
  type ConsolePage,
  languages,
  requireBrowser,
  startConsole,
} from './browser.js';

/**
 * The ISV flow on the orchestration canvas, in a real browser and both languages: create
 * an app with the wizard, a version, a three-node graph drawn with the mouse (drag from
 * the palette, connect handle to handle), a validation error seen on the node and the
 * field and then fixed, save, publish, the version read-only; then an upgrade and the
 * diff of the two. The images are the local test images, so the version deploys here.
 */
const noBrowser = requireBrowser();
const areas = { apps: appsMessages, canvas: canvasMessages };

const flowNode = (page: Page, name: string) =>
  page.locator('.react-flow__node', { has: page.getByTestId(`node-${name}`) });

/** Drags a palette item onto the graph at (x, y) of the graph's box. */
async function dropFromPalette(page: Page, item: string, x: number, y: number) {
  await page
    .getByTestId(`palette-${item}`)
    .dragTo(page.getByTestId('rf__wrapper'), { targetPosition: { x, y } });
}

async function centre(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** `dependent` deploys after `dependency`: drag from its left handle to the other's right one. */
async function connect(page: Page, dependent: string, dependency: string) {
  const from = await centre(flowNode(page, dependent).locator('.react-flow__handle-left'));
  const to = await centre(flowNode(page, dependency).locator('.react-flow__handle-right'));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

async function createApp(c: ConsolePage, name: string) {
  const { page, t } = c;
  await page
    .getByRole('button', { name: buttonName(t('apps.create')) })
    .first()
    .click();
  await page
    .locator('#distribution')
    .getByText(t('apps.distribution.instance'), { exact: true })
    .click();
  await page.getByRole('button', { name: buttonName(t('apps.wizard.next')) }).click();
  // Only the deployments an instance app allows are offered.
  await expect
    .poll(() => page.getByText(t('apps.deployment.cloud-external'), { exact: true }).count())
    .toBe(0);
  await page
    .locator('#deployment')
    .getByText(t('apps.deployment.edge-hosted'), { exact: true })
    .click();
  await page.getByRole('button', { name: buttonName(t('apps.wizard.next')) }).click();
  await page.getByLabel(t('apps.wizard.name'), { exact: true }).fill(name);
  await page.getByLabel(t('apps.wizard.displayName')).fill(`Shop ${c.lang}`);
  await page.getByRole('button', { name: buttonName(t('common.create')) }).click();
  await page.getByRole('heading', { name: t('apps.detail.versions') }).waitFor();
}

async function createVersion(c: ConsolePage, version: string) {
  const { page, t } = c;
  await page
    .getByRole('button', { name: buttonName(t('apps.detail.createVersion')) })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: t('apps.newVersion.version') }).fill(version);
  await dialog.getByRole('button', { name: buttonName(t('common.create')) }).click();
  await c.explained('create-version', () =>
    page.getByRole('tab', { name: t('canvas.tabs.canvas') }).waitFor(),
  );
}

const errorTag = (c: ConsolePage) => c.page.getByRole('status');

describe.skipIf(noBrowser)('the orchestration canvas', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    // BERTH_TEST_CONSOLE_DIR: a console built elsewhere (while others rebuild apps/console/dist).
    const dir = process.env.BERTH_TEST_CONSOLE_DIR;
    env = await startConsole(dir ? { env: { BERTH_CONSOLE_DIR: dir } } : {});
  }, 120_000);
  afterAll(() => env?.dispose());

  it.each(languages)(
    'builds, fixes, saves, publishes and diffs a three-node app (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas });
      const { page, t } = c;
      await c.signIn();
      const app = `shop-${lang}`;
      await c.openArea('apps');
      await page.getByRole('heading', { name: t('apps.title'), exact: true }).waitFor();
      if (lang === 'en') await c.screenshot('apps-empty');
      await createApp(c, app);
      await createVersion(c, '1.0.0');
      await expect.poll(() => page.getByText(t('canvas.graph.empty')).isVisible()).toBe(true);

      // Three nodes dragged from the palette; each gets a unique DNS-label name.
      await dropFromPalette(page, 'middleware-mysql', 100, 90);
      await dropFromPalette(page, 'init', 240, 260);
      await dropFromPalette(page, 'custom', 400, 90);
      for (const name of ['mysql', 'init', 'app']) await flowNode(page, name).waitFor();

      // The arrows point at what deploys first: app after mysql and init, init after mysql.
      await connect(page, 'app', 'mysql');
      await connect(page, 'app', 'init');
      await connect(page, 'init', 'mysql');
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
      // The layout puts what deploys first on the left: mysql, then init, then app.
      await page.getByRole('button', { name: buttonName(t('canvas.toolbar.layout')) }).click();
      await expect
        .poll(async () => {
          const xs = await Promise.all(
            ['mysql', 'init', 'app'].map(
              async (n) => (await flowNode(page, n).boundingBox())?.x ?? 0,
            ),
          );
          return (xs[0] ?? 0) < (xs[1] ?? 0) && (xs[1] ?? 0) < (xs[2] ?? 0);
        })
        .toBe(true);

      // Container nodes start without an image: the validator says so on the node and the field.
      await expect
        .poll(() => flowNode(page, 'app').locator('.berth-node-badge').isVisible())
        .toBe(true);
      await expect.poll(() => errorTag(c).textContent()).not.toBe(t('canvas.toolbar.valid'));
      await flowNode(page, 'app').click();
      const properties = page.getByRole('complementary', { name: t('canvas.props.title') });
      const imageField = properties.locator('.ant-form-item', {
        has: page.getByLabel(t('canvas.props.image')),
      });
      await expect
        .poll(() => imageField.getAttribute('class'))
        .toContain('ant-form-item-has-error');
      // The validator's words, in the console's language.
      expect(await imageField.textContent()).toContain(lang === 'zh' ? '必填' : 'is required');
      await c.screenshot('canvas-error');

      await properties.getByLabel(t('canvas.props.image')).fill(TEST_IMAGES.web);
      await expect
        .poll(() => imageField.getAttribute('class'))
        .not.toContain('ant-form-item-has-error');
      await flowNode(page, 'init').click();
      await properties.getByLabel(t('canvas.props.image')).fill(TEST_IMAGES.init);
      await expect.poll(() => errorTag(c).textContent()).toBe(t('canvas.toolbar.valid'));
      await expect.poll(() => flowNode(page, 'app').locator('.berth-node-badge').count()).toBe(0);

      // Undo brings the error back; redo fixes it again.
      await page.getByRole('button', { name: t('canvas.toolbar.undo') }).click();
      await expect.poll(() => errorTag(c).textContent()).not.toBe(t('canvas.toolbar.valid'));
      await page.getByRole('button', { name: t('canvas.toolbar.redo') }).click();
      await expect.poll(() => errorTag(c).textContent()).toBe(t('canvas.toolbar.valid'));

      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      await page.getByText(t('canvas.toolbar.saved'), { exact: true }).first().waitFor();
      await c.screenshot('canvas');

      await page.getByRole('button', { name: buttonName(t('canvas.toolbar.publish')) }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: buttonName(t('canvas.toolbar.publish')) })
        .click();
      const readOnly = t('canvas.readOnly', {
        version: '1.0.0',
        state: t('apps.versionState.published'),
      });
      await page.getByText(readOnly).waitFor();
      // Read-only: no palette, no save; a reload opens it read-only too.
      expect(await page.getByTestId('palette-custom').count()).toBe(0);
      await page.reload();
      await page.getByText(readOnly).waitFor();
      expect(await page.getByRole('button', { name: t('canvas.toolbar.save') }).count()).toBe(0);
      await flowNode(page, 'app').waitFor();
      await c.screenshot('canvas-published');

      // An upgrade that changes the app's image, then the two side by side.
      await page.getByRole('link', { name: `Shop ${lang}` }).click();
      await page.getByRole('link', { name: '1.0.0', exact: true }).waitFor();
      await page.getByRole('button', { name: buttonName(t('apps.detail.createVersion')) }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: t('apps.newVersion.version') }).fill('1.1.0');
      await dialog.getByRole('button', { name: buttonName(t('common.create')) }).click();
      await flowNode(page, 'app').click();
      await properties.getByLabel(t('canvas.props.image')).fill(TEST_IMAGES.web2);
      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      await page.getByText(t('canvas.toolbar.saved'), { exact: true }).first().waitFor();

      await page.getByRole('link', { name: `Shop ${lang}` }).click();
      await page.getByLabel(`${t('apps.detail.compare')} 1.0.0`).check();
      await page.getByLabel(`${t('apps.detail.compare')} 1.1.0`).check();
      await page.getByRole('button', { name: buttonName(t('apps.detail.compare')) }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('?from=1.0.0&to=1.1.0');
      const row = page.locator('.berth-diff tr', { hasText: 'nodes[2].image' });
      await row.waitFor();
      expect(await row.textContent()).toContain(TEST_IMAGES.web2);
      await expect.poll(() => page.locator('.berth-diff .ant-spin-spinning').count()).toBe(0);
      await page.waitForTimeout(400); // the table's fade-in, for a readable screenshot
      await c.screenshot('diff');

      await c.openArea('apps');
      await page.getByRole('link', { name: app }).waitFor();
      await c.screenshot('apps');
      await c.close();
    },
    120_000,
  );

  it.each(languages)(
    'edits one spec as YAML, declarations and graph; keyboard; a conflicting save (%s)',
    async (lang) => {
      const c = await env.open(lang, { areas });
      const { page, t } = c;
      await c.signIn();
      await c.openArea('apps');
      await createApp(c, `yaml-${lang}`);
      await createVersion(c, '1.0.0');
      const editorUrl = page.url();

      // YAML: text that does not parse says where; the other views wait until it does.
      await page.getByRole('tab', { name: t('canvas.tabs.yaml') }).click();
      const editor = page.locator('.cm-content');
      await editor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText('nodes:\n  - name: web\n    kind: custom: x\n');
      await page
        .getByText(t('canvas.yaml.parseError', { line: 3, message: '' }).trim())
        .first()
        .waitFor();
      expect(await page.getByRole('tab', { name: t('canvas.tabs.canvas') }).isDisabled()).toBe(
        true,
      );
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(
        `nodes:\n  - name: web\n    kind: custom\n    image: ${TEST_IMAGES.web}\n    ports:\n      - name: http\n        port: 8080\n        expose: true\n`,
      );
      await expect.poll(() => errorTag(c).textContent()).toBe(t('canvas.toolbar.valid'));

      // Declarations edit the same spec: a data model appears in the YAML.
      await page.getByRole('tab', { name: t('canvas.tabs.declarations') }).click();
      await page.getByRole('button', { name: buttonName(t('canvas.decl.addDataModel')) }).click();
      await page.getByLabel(t('canvas.decl.model')).fill('parking');
      await page.getByLabel(t('canvas.decl.modelVersion')).fill('1');
      await c.screenshot('declarations');
      // Unsaved edits: leaving for another page asks first; cancel stays.
      await c.openArea('apps');
      const leave = page.locator('.ant-modal-confirm', { hasText: t('canvas.save.leaveBody') });
      await leave.waitFor();
      await leave.getByRole('button', { name: buttonName(t('common.cancel')) }).click();
      await expect.poll(() => page.url()).toContain('/versions/1.0.0');
      await c.explained('stay-on-canvas', () =>
        page.getByRole('tab', { name: t('canvas.tabs.yaml') }).click(),
      );
      await expect.poll(() => editor.textContent()).toContain('model: parking');

      // The graph shows the YAML's node; Delete removes it, Ctrl+Z brings it back.
      await page.getByRole('tab', { name: t('canvas.tabs.canvas') }).click();
      await flowNode(page, 'web').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => flowNode(page, 'web').count()).toBe(0);
      await page.keyboard.press('ControlOrMeta+Z');
      await flowNode(page, 'web').waitFor();

      // The keyboard moves a node: focused (Tab reaches it), Enter selects it, arrows move it.
      const web = flowNode(page, 'web');
      await web.focus();
      await page.keyboard.press('Enter');
      const before = (await web.boundingBox())?.x ?? 0;
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await web.boundingBox())?.x ?? 0).toBeGreaterThan(before + 8);

      // Fields of the schema without a form of their own are generated: host access here.
      await web.click();
      const hostPid = page.getByLabel(t('canvas.props.hostPID'));
      await hostPid.click();
      expect(await hostPid.getAttribute('aria-checked')).toBe('true');
      await page.getByRole('tab', { name: t('canvas.tabs.yaml') }).click();
      await expect.poll(() => editor.textContent()).toContain('hostPID: true');
      await page.getByRole('tab', { name: t('canvas.tabs.canvas') }).click();
      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      await page.getByText(t('canvas.toolbar.saved'), { exact: true }).first().waitFor();

      // Someone else saves the same draft first, in another tab.
      const other = await c.context.newPage();
      await other.goto(editorUrl);
      await flowNode(other, 'web').click();
      await other.getByLabel(t('canvas.props.image')).fill(TEST_IMAGES.web2);
      await other.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      await other.getByText(t('canvas.toolbar.saved'), { exact: true }).first().waitFor();
      await other.close();

      // This tab's save is refused; its edits are offered as YAML, then the saved one loads.
      await flowNode(page, 'web').click();
      await page.getByLabel(t('canvas.props.replicas')).fill('2');
      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      const conflict = page.locator('.ant-modal-confirm');
      await conflict
        .locator('.ant-modal-confirm-title', { hasText: t('canvas.save.conflictTitle') })
        .waitFor();
      expect(await conflict.locator('textarea').inputValue()).toContain('replicas: 2');
      await c.screenshot('save-conflict');
      await conflict.getByRole('button', { name: buttonName(t('canvas.save.reload')) }).click();
      await expect.poll(() => flowNode(page, 'web').textContent()).toContain(TEST_IMAGES.web2);
      await c.close();
    },
    120_000,
  );

  it.each(languages)(
    "shows the server's refusal of a patch on the node and field (%s)",
    async (lang) => {
      const c = await env.open(lang, { areas });
      const { page, t } = c;
      await c.signIn();
      await c.openArea('apps');
      await createApp(c, `patch-${lang}`);
      await createVersion(c, '1.0.0');
      await page.getByRole('tab', { name: t('canvas.tabs.yaml') }).click();
      await page.locator('.cm-content').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(
        `nodes:\n  - name: web\n    kind: custom\n    image: ${TEST_IMAGES.web}\n`,
      );
      await expect.poll(() => errorTag(c).textContent()).toBe(t('canvas.toolbar.valid'));
      await page.getByRole('button', { name: buttonName(t('canvas.toolbar.publish')) }).click();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: buttonName(t('canvas.toolbar.publish')) })
        .click();
      await page
        .getByText(
          t('canvas.readOnly', { version: '1.0.0', state: t('apps.versionState.published') }),
        )
        .waitFor();

      await page.getByRole('link', { name: `Shop ${lang}` }).click();
      await page.getByRole('link', { name: '1.0.0', exact: true }).waitFor();
      await page.getByRole('button', { name: buttonName(t('apps.detail.createVersion')) }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(t('apps.versionKind.patch'), { exact: true }).click();
      await dialog.getByRole('textbox', { name: t('apps.newVersion.version') }).fill('1.0.1');
      await dialog.getByRole('button', { name: buttonName(t('common.create')) }).click();

      // Valid as a spec, but a patch may change only image tags: the server says where.
      await flowNode(page, 'web').click();
      const properties = page.getByRole('complementary', { name: t('canvas.props.title') });
      await properties.getByLabel(t('canvas.props.replicas')).fill('3');
      await expect.poll(() => errorTag(c).textContent()).toBe(t('canvas.toolbar.valid'));
      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      const replicas = properties.locator('.ant-form-item', {
        has: page.getByLabel(t('canvas.props.replicas')),
      });
      await expect.poll(() => replicas.getAttribute('class')).toContain('ant-form-item-has-error');
      expect(await replicas.textContent()).toContain(
        lang === 'zh' ? '补丁版本中不允许' : 'not allowed in a patch',
      );
      await flowNode(page, 'web').locator('.berth-node-badge').waitFor();
      await c.screenshot('canvas-patch-refused');

      // An image tag is what a patch may change.
      await page.getByRole('button', { name: t('canvas.toolbar.undo') }).click();
      await properties.getByLabel(t('canvas.props.image')).fill(TEST_IMAGES.web2);
      await page.getByRole('button', { name: t('canvas.toolbar.save') }).click();
      await page.getByText(t('canvas.toolbar.saved'), { exact: true }).first().waitFor();
      expect(await flowNode(page, 'web').locator('.berth-node-badge').count()).toBe(0);
      await c.close();
    },
    120_000,
  );
});
