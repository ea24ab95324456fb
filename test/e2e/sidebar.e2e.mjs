// UI end-to-end tests of the Ownless sidebar, with the packaged .vsix in code-server (VS Code 1.100.3)
// and headless Chromium, on a copy of test/e2e/workspace: the "Ownless" activity-bar container, the
// Functions view (Workspace / Local runtime / AWS), Invoke locally from a function's inline action, the
// invoke panel (a webview: pick a saved event, Invoke, the response and the logs apart, status and
// durations; a second invoke is warm), and restricted mode, where Invoke is disabled.
//
//   npm run test:e2e          (all test/e2e/*.e2e.mjs; needs test/e2e/setup.sh)
//
// Screenshots for the README: media/screenshots/sidebar.png and invoke-result.png ($OWNLESS_SCREENSHOTS
// overrides the folder); a failing test leaves FAIL-<title>.png in lib's SHOTS_DIR.
// Every wait is on a DOM condition, never a sleep.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { E2E_DIR, REPO, SHOTS_DIR, extensionVsix, openVSCode } from './lib.mjs';

const FIXTURE = join(E2E_DIR, 'workspace');
const SCREENSHOTS = process.env.OWNLESS_SCREENSHOTS || join(REPO, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
// Added to the sandbox's copy only (test/e2e/workspace stays as ownless.e2e.mjs knows it): a handler
// for OrdersFunction that also logs, so the panel has a log line to show apart from the response, and
// a saved event where the picker looks for them (events/<function>/*.json beside the template).
const LOGGING_ORDERS = `export const handler = async (event) => {
  console.log('new order', event.httpMethod, event.path);
  return { statusCode: 201, body: JSON.stringify({ orderId: 'o-1001', received: JSON.parse(event.body ?? '{}') }) };
};
`;

const NEW_ORDER = `${JSON.stringify({ httpMethod: 'POST', path: '/orders', body: '{"item":"espresso","quantity":2}' }, null, 2)}\n`;

async function session(vsix, options = {}) {
  const vs = await openVSCode({
    vsix,
    folder: FIXTURE,
    files: { 'src/orders.mjs': LOGGING_ORDERS, 'events/OrdersFunction/new-order.json': NEW_ORDER },
    ...options,
  });
  await vs.page.setViewportSize(VIEWPORT);
  return vs;
}

async function screenshotOnFailure(vs, test) {
  if (vs && test.state === 'failed')
    await vs.screenshot(join(SHOTS_DIR, `FAIL-${test.title.replace(/[^\w.-]+/g, '-')}.png`));
}

/** Click the "Ownless" item of the activity bar and wait for the Functions view's tree. */
async function openOwnlessContainer(vs) {
  const page = vs.page;
  const item = page.locator('.activitybar .action-item a.action-label[aria-label^="Ownless"]');
  await item.click();
  await page
    .locator('.sidebar .composite.title', { hasText: /Ownless/i })
    .first()
    .waitFor();
  await functionsTree(vs).waitFor();
  return functionsTree(vs);
}

/** Drag the side bar's edge to `width` px (room for the functions' descriptions in the screenshot). */
async function widenSideBar(vs, width) {
  const page = vs.page;
  const box = await page.locator('.part.sidebar').boundingBox();
  const edge = box.x + box.width;
  await page.mouse.move(edge, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(
    (w) => Math.abs(document.querySelector('.part.sidebar').getBoundingClientRect().width - w) < 4,
    width,
  );
}

const functionsTree = (vs) => vs.page.locator('.sidebar [role="tree"][aria-label="Functions"]');

/** The tree's rows as { label, description, level, text }. */
async function rowsOf(tree) {
  return tree.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((r) => ({
      label: r.querySelector('.label-name')?.textContent.trim() ?? r.innerText.trim(),
      description: r.querySelector('.label-description')?.textContent.trim() ?? '',
      level: Number(r.getAttribute('aria-level') || 1),
      text: r.innerText.replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** A row of the tree by its label. */
const rowLabelled = (vs, label) =>
  functionsTree(vs).locator('.monaco-list-row', {
    has: vs.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
  });

/** The inline action `title` of a row (shown on hover). */
async function inlineAction(vs, row, title) {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label="${title}"]`);
  await action.waitFor({ state: 'visible' });
  return action;
}

/** The invoke panel's document: the webview's outer iframe, then its active frame. */
const webview = (vs) => vs.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** The result's metrics as { Status, Duration, 'Billed duration', 'Memory used', 'Init duration' }. */
async function metricsOf(frame) {
  return frame.locator('#metrics').evaluate((dl) => {
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) out[dt.textContent] = dt.nextElementSibling?.textContent;
    return out;
  });
}

describe('The Ownless sidebar in VS Code (packaged .vsix, code-server)', function () {
  let vsix;
  before(function () {
    this.timeout(300000); // vsce package runs the production build
    vsix = extensionVsix();
  });

  describe('a trusted workspace', function () {
    let vs;
    before(async () => {
      vs = await session(vsix);
    });
    afterEach(async function () {
      await screenshotOnFailure(vs, this.currentTest);
    });
    after(() => vs?.close());

    it('the Ownless container shows the Functions view: Workspace › template.yaml › its functions, Local runtime, AWS', async () => {
      const tree = await openOwnlessContainer(vs);
      await widenSideBar(vs, 420);
      await rowLabelled(vs, 'OrdersFunction').waitFor();
      await rowLabelled(vs, 'NotifyFunction').waitFor();
      const rows = await rowsOf(tree);
      const at = (label) => rows.find((r) => r.label === label);
      assert.deepEqual(
        rows.map((r) => [r.level, r.label]).slice(0, 5),
        [
          [1, 'Workspace'],
          [2, 'template.yaml'],
          [3, 'OrdersFunction'],
          [3, 'ReportsFunction'],
          [3, 'NotifyFunction'],
        ],
        JSON.stringify(rows),
      );
      assert.equal(at('OrdersFunction').description, 'nodejs22.x · 1 finding');
      assert.equal(at('ReportsFunction').description, 'nodejs22.x · 1 finding');
      assert.equal(at('NotifyFunction').description, 'python3.12 · 1 finding');
      assert.ok(at('Local runtime'), JSON.stringify(rows));
      assert.match(
        rows.find((r) => r.level === 2 && rows.indexOf(r) > rows.indexOf(at('Local runtime')))?.text ?? '',
        /^Not running: invoke a function to start it \(no Docker needed\)\.$/,
      );
      assert.ok(
        rows.some((r) => r.level === 1 && /^AWS default \/ /.test(r.label)),
        JSON.stringify(rows),
      );
      // the view title's actions
      for (const title of ['Refresh', 'Choose AWS profile and region'])
        await vs.page
          .locator(`.sidebar .pane-header .actions .action-label[aria-label="${title}"]`)
          .first()
          .waitFor({ state: 'attached' });
      await vs.openFile('template.yaml');
      await vs.page.locator('.monaco-editor .codelens-decoration', { hasText: 'Invoke' }).first().waitFor();
      // the inline actions show on the hovered row (and the activity bar's hover goes away)
      await (await inlineAction(vs, rowLabelled(vs, 'OrdersFunction'), 'Invoke locally')).waitFor();
      await vs.page.locator('.monaco-hover.workbench-hover').waitFor({ state: 'hidden' });
      await vs.screenshot(join(SCREENSHOTS, 'sidebar.png'));
    });

    it('clicking a function reveals it in its template', async () => {
      await rowLabelled(vs, 'NotifyFunction').click();
      await vs.page
        .locator('#status\\.editor\\.selection', { hasText: /Ln 27, Col 17 \(14 selected\)/ }) // its key
        .waitFor();
    });

    it('Invoke locally (inline action): pick a saved event, Invoke; the response and the logs apart, status and durations', async function () {
      this.timeout(120000);
      await (await inlineAction(vs, rowLabelled(vs, 'OrdersFunction'), 'Invoke locally')).click();
      const tab = vs.page.locator('.tabs-container .tab', { hasText: 'Invoke OrdersFunction (local)' });
      await tab.waitFor();
      const frame = webview(vs);
      await frame.locator('h1', { hasText: 'OrdersFunction (local)' }).waitFor();
      // the picker: saved events first, then samples for its event sources, then an empty event
      const options = frame.locator('#choice option');
      await options.first().waitFor({ state: 'attached' });
      const labels = await options.allInnerTexts();
      assert.ok(
        labels.includes('new-order — saved event · events/OrdersFunction/new-order.json'),
        JSON.stringify(labels),
      );
      assert.equal(labels.at(-1), 'Empty event — {}');
      // pick the empty event, then the saved one: the payload follows the choice
      await frame.locator('#choice').selectOption({ label: 'Empty event — {}' });
      assert.equal((await frame.locator('#payload').inputValue()).trim(), '{}');
      await frame
        .locator('#choice')
        .selectOption({ label: 'new-order — saved event · events/OrdersFunction/new-order.json' });
      assert.match(await frame.locator('#payload').inputValue(), /"path": "\/orders"/);

      await frame.locator('#invoke').click();
      await frame.locator('#metrics dt', { hasText: 'Status' }).waitFor({ timeout: 60000 });
      const cold = await metricsOf(frame);
      assert.equal(cold.Status, '200');
      assert.match(cold.Duration, /^[\d.]+ ms$/);
      assert.match(cold['Billed duration'], /^[\d.]+ ms$/);
      assert.match(cold['Memory used'], /^\d+ MB of 512 MB$/);
      assert.match(cold['Init duration'], /^[\d.]+ ms$/, 'a cold start');
      const response = JSON.parse(await frame.locator('#response').innerText());
      assert.equal(response.statusCode, 201);
      assert.deepEqual(JSON.parse(response.body), {
        orderId: 'o-1001',
        received: { item: 'espresso', quantity: 2 },
      });
      const logs = await frame.locator('#logs').innerText();
      assert.match(logs, /new order\s+POST\s+\/orders/);
      assert.match(logs, /^START RequestId: /m);
      assert.match(logs, /^REPORT RequestId: .*Init Duration: /m);
      assert.doesNotMatch(await frame.locator('#response').innerText(), /new order|RequestId/);
      await frame.locator('#history li').first().waitFor();
      assert.match(
        await frame.locator('#history li').first().innerText(),
        /^\d\d:\d\d:\d\d · 200 · [\d.]+ ms$/,
      );
      // for the screenshot: the template's editor closed (the panel gets the editor area), and the
      // Local runtime group showing the warm environment
      const templateTab = vs.page.locator('.tabs-container .tab[data-resource-name="template.yaml"]');
      await templateTab.hover();
      await templateTab.locator('.tab-actions .action-label').click();
      await vs.page.locator('.editor-group-container').nth(1).waitFor({ state: 'detached' });
      await functionsTree(vs)
        .locator('.monaco-list-row', { hasText: /OrdersFunction\s*warm · 1 invocation$/ })
        .waitFor();
      await vs.page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2); // no hover over the tree
      await vs.screenshot(join(SCREENSHOTS, 'invoke-result.png'));

      // again: a warm start (no Init Duration), and two entries in the history
      await frame.locator('#invoke').click();
      await frame.locator('#history li').nth(1).waitFor();
      await frame.locator('#metrics dd', { hasText: 'warm start' }).waitFor();
      const warm = await metricsOf(frame);
      assert.equal(warm.Status, '200');
      assert.equal(warm['Init duration'], 'warm start');
      assert.doesNotMatch(await frame.locator('#logs').innerText(), /Init Duration/);
    });

    it('the Local runtime group lists the warm environment', async () => {
      const row = functionsTree(vs).locator('.monaco-list-row', {
        hasText: /OrdersFunction\s*warm · 2 invocations/,
      });
      await row.waitFor({ timeout: 30000 });
    });
  });

  describe('an untrusted workspace (restricted mode)', function () {
    let vs;
    before(async () => {
      vs = await session(vsix, { workspaceTrust: true });
      await vs.answerTrustPrompt(false);
      await vs.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    });
    afterEach(async function () {
      await screenshotOnFailure(vs, this.currentTest);
    });
    after(() => vs?.close());

    it('lists the functions, but Invoke is disabled and the runtime and AWS say why', async () => {
      const tree = await openOwnlessContainer(vs);
      await rowLabelled(vs, 'OrdersFunction').waitFor();
      const rows = await rowsOf(tree);
      assert.ok(
        rows.filter((r) => r.text === 'Disabled: the workspace is not trusted.').length >= 1,
        JSON.stringify(rows),
      );
      const invoke = await inlineAction(vs, rowLabelled(vs, 'OrdersFunction'), 'Invoke locally');
      assert.ok(
        (await invoke.getAttribute('class')).split(/\s+/).includes('disabled') ||
          (await invoke.getAttribute('aria-disabled')) === 'true',
        `the inline Invoke is disabled: ${await invoke.evaluate((e) => e.outerHTML)}`,
      );
      await invoke.click({ force: true });
      // nothing opens: no invoke panel
      assert.equal(
        await vs.page.locator('.tabs-container .tab', { hasText: 'Invoke OrdersFunction' }).count(),
        0,
      );
    });
  });
});
