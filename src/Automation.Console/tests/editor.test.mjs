// The definition editor in headless Chromium against the real system: an operator writes a new definition by typing,
// sees a bad step's error at its line and in the list, fixes it, watches the preview, registers it, then edits it into
// version 2; a viewer gets no way to edit. Each test works on its own definition (the ones it does not write itself
// are registered through the API in before()), so one failing test does not fail the others. Run by
// scripts/console-test.sh with the other browser test files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { call, launch, openSignedIn, shot, signIn, unexpected } from './support.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const adminUser = process.env.CONSOLE_ADMIN_USER ?? 'admin';
const adminPassword = process.env.CONSOLE_ADMIN_PASSWORD;
const run = Date.now().toString(36);
const operator = { username: `edit-ops-${run}`, password: `Operator-${run}-pass!` };
const viewer = { username: `edit-view-${run}`, password: `Viewer-${run}-pass!` };
const name = `editor-${run}`; // written in the editor by the first test
const edited = `editor-v2-${run}`; // registered as version 1 in before(), edited into version 2
const viewed = `editor-view-${run}`; // registered in two versions in before(), read by the viewer

// Line 5 holds the bad step: it depends on a step that does not exist.
const withBadStep = [
  '{',
  '"description": "Written in the editor",',
  '"steps": [',
  '{ "id": "fetch", "type": "transform", "with": { "value": 1 } },',
  '{ "id": "report", "type": "transform", "dependsOn": ["fetch", "missing"], "with": { "value": 2 } }',
  ']',
  '}',
];
const fixed = `{
  "description": "Written in the editor",
  "steps": [
    { "id": "fetch", "type": "transform", "with": { "value": 1 } },
    { "id": "shape", "type": "transform", "dependsOn": ["fetch"], "with": { "value": 2 } },
    { "id": "report", "type": "transform", "dependsOn": ["fetch", "shape"], "with": { "value": 3 } }
  ]
}
`;

let browser;
const problems = [];

async function axe(page, label) {
  await page.evaluate(axeSource); // through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe on ${label}: ${JSON.stringify(serious, null, 1)}`);
}

/** Replaces the editor's whole text, as a paste would. */
async function replaceText(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

before(async () => {
  assert.ok(adminPassword, 'CONSOLE_ADMIN_PASSWORD is required');
  const admin = await signIn(adminUser, adminPassword);
  await call('POST', '/api/v1/users', { token: admin, body: { ...operator, roles: ['operator'] } });
  await call('POST', '/api/v1/users', { token: admin, body: { ...viewer, roles: ['viewer'] } });
  const document = JSON.parse(fixed);
  await call('PUT', `/api/v1/definitions/${edited}`, { token: admin, body: document });
  await call('PUT', `/api/v1/definitions/${viewed}`, { token: admin, body: document });
  await call('PUT', `/api/v1/definitions/${viewed}`, { token: admin, body: { ...document, description: 'Version 2' } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

describe('definition editor', () => {
  test('an operator writes a definition by typing, fixes a bad step, sees the preview and registers it', async () => {
    const { page, problems: seen } = await openSignedIn(browser, operator.username, operator.password, '/definitions');
    try {
      await page.getByRole('link', { name: 'New definition', exact: true }).click();
      await page.getByRole('heading', { name: 'New definition', exact: true }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // Typed key by key, as a user would (Enter lets the editor indent each line).
      for (const [i, line] of withBadStep.entries()) {
        await page.keyboard.type(line);
        if (i < withBadStep.length - 1) await page.keyboard.press('Enter');
      }

      // The API's error for the missing dependency: in the list with its line and path, and underlined on line 5.
      const entry = page.locator('.editor-problems li', { hasText: '$.steps[1].dependsOn[1]' });
      await entry.waitFor();
      assert.match(await entry.textContent(), /Line 5/);
      assert.match(await entry.textContent(), /missing/);
      await page.locator('.cm-line').nth(4).locator('.cm-lintRange-error').waitFor();
      assert.match(await page.locator('.cm-line').nth(4).locator('.cm-lintRange-error').textContent(), /"missing"/);
      await page.locator('.cm-gutter-lint .cm-lint-marker-error').first().waitFor(); // and a marker in the gutter
      assert.ok(await page.getByRole('button', { name: 'Register new version', exact: true }).isDisabled());
      await shot(page, '30-editor-error');

      // Clicking the entry puts the cursor on the problem.
      await entry.getByRole('button').click();
      await page.locator('.cm-activeLine', { hasText: '"missing"' }).waitFor();
      assert.ok(await page.locator('.cm-editor.cm-focused').isVisible());

      // A syntax error is found without the API: a stray character at the end.
      await page.keyboard.press('Control+End');
      await page.keyboard.type('x');
      await page.locator('.editor-problems li', { hasText: 'Malformed JSON' }).waitFor();
      await page.keyboard.press('Backspace');

      await replaceText(page, fixed);
      await page.locator('#editor-status', { hasText: 'Valid. Registering creates version 1.' }).waitFor();
      assert.equal(await page.locator('.editor-problems li').count(), 0);
      await page.locator('.editor-preview svg.dag g.node[data-step=report]').waitFor();
      assert.equal(await page.locator('.editor-preview svg.dag g.node').count(), 3);
      assert.equal(await page.locator('.editor-preview svg.dag path.edge').count(), 3);
      // A step chosen in the preview with the keyboard: the cursor goes to where it is written.
      await page.locator('.editor-preview svg.dag g.node[data-step=shape]').focus();
      await page.keyboard.press('Enter');
      await page.locator('.cm-activeLine', { hasText: '"id": "shape"' }).waitFor();
      await axe(page, 'definition editor');
      await shot(page, '30-editor-valid');

      await page.getByRole('button', { name: 'Register new version', exact: true }).click();
      await page.waitForURL(`**/definitions/${name}/edit`);
      await page.locator('.notice.success', { hasText: `Registered ${name} version 1.` }).waitFor();
      await page.locator('#editor-status', { hasText: 'The same as version 1: nothing to register.' }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Register new version', exact: true }).isDisabled());
    } finally {
      problems.push(...seen);
      await page.close();
    }
  });

  test('the operator edits a definition into version 2, with a warning before leaving unsaved changes', async () => {
    const { page, problems: seen } = await openSignedIn(browser, operator.username, operator.password, '/definitions');
    try {
      await page.locator(`a[data-edit="${edited}"]`).click();
      await page.getByRole('heading', { name: `Edit ${edited}`, exact: true }).waitFor();
      await page.locator('.cm-content', { hasText: 'Written in the editor' }).waitFor();
      await page.locator('#editor-status', { hasText: 'nothing to register' }).waitFor();
      await replaceText(page, fixed.replace('Written in the editor', 'Written in the editor, version 2'));
      await page.locator('#editor-status', { hasText: 'Registering adds version 2' }).waitFor();

      // Leaving through the menu asks first; "Back" stays with the text.
      await page.getByRole('link', { name: 'Workflows', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Leave without registering?' });
      await dialog.waitFor();
      await shot(page, '30-editor-leave');
      await dialog.getByRole('button', { name: 'Back', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(new URL(page.url()).pathname, `/definitions/${edited}/edit`);

      // Dark theme at phone width: the preview stacks under the editor.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: 'Menu', exact: true }).click();
      await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).click();
      await page.getByRole('button', { name: 'Menu', exact: true }).click();
      const editorBox = await page.locator('json-editor').boundingBox();
      const previewBox = await page.locator('.editor-preview').boundingBox();
      assert.ok(previewBox.y >= editorBox.y + editorBox.height, 'the preview is under the editor at phone width');
      assert.ok(editorBox.width <= 390, 'the editor fits the phone width');
      await shot(page, '30-editor-dark-phone');
      await axe(page, 'definition editor, dark, phone width');
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.getByRole('button', { name: 'Switch to light theme', exact: true }).click();

      await page.keyboard.press('Control+S'); // registers, like the button
      await page.locator('.notice.success', { hasText: `Registered ${edited} version 2.` }).waitFor();
      await page.getByRole('link', { name: 'See version 2', exact: true }).click();
      await page.getByRole('heading', { name: edited, exact: true }).waitFor();
      // The page shows the latest version once it has read it: v2, selected.
      await page.locator('table.list button[aria-pressed=true]', { hasText: /^v2$/ }).waitFor();
      assert.match(await page.locator('table.list').textContent(), new RegExp(operator.username));
      await shot(page, '30-editor-versions');
    } finally {
      problems.push(...seen);
      await page.close();
    }
  });

  test('with unsaved changes the skip link and Back to it ask nothing; Back away asks, and Leave returns to the list\'s entry', async () => {
    const { page, problems: seen } = await openSignedIn(browser, operator.username, operator.password, '/definitions');
    // The position in the tab's history (Navigation API), to tell going back to an entry from pushing a new one.
    // eslint-disable-next-line no-undef
    const position = () => page.evaluate(() => navigation.currentEntry.index);
    try {
      await page.locator(`a[data-edit="${viewed}"]`).waitFor();
      const list = await position();
      await page.locator(`a[data-edit="${viewed}"]`).click();
      await page.locator('#editor-status', { hasText: 'nothing to register' }).waitFor();
      await replaceText(page, fixed.replace('Written in the editor', 'Changed, not registered'));
      await page.locator('#editor-status', { hasText: 'Registering adds version 3' }).waitFor();
      const dialog = page.getByRole('dialog', { name: 'Leave without registering?' });

      // The skip link only moves focus to the content (the browser's fragment navigation), then Back undoes that.
      await page.locator('a.skip').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main' && location.hash === '#main');
      assert.equal(await page.locator('dialog[open]').count(), 0, 'the skip link is no navigation');
      await page.evaluate(() => history.back());
      await page.waitForFunction(() => location.hash === '');
      assert.equal(await page.locator('dialog[open]').count(), 0, 'Back from #main stays on the page');
      assert.equal(new URL(page.url()).pathname, `/definitions/${viewed}/edit`);

      // Back to the list asks; leaving goes back to the list's own entry (a new one pushed after the editor's would
      // make the next Back reopen the editor).
      await page.evaluate(() => history.back());
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
      await page.waitForURL('**/definitions');
      await page.getByRole('heading', { name: 'Definitions', exact: true }).waitFor();
      assert.equal(await position(), list, 'at the list\'s own history entry');
    } finally {
      problems.push(...seen);
      await page.close();
    }
  });

  test('an editor chunk that cannot be loaded (an old tab after a deploy) is reported, with a reload', async () => {
    const { page, problems: seen } = await openSignedIn(browser, operator.username, operator.password, '/definitions');
    try {
      await page.route('**/assets/definition-editor-*.js', (route) => route.abort());
      await page.getByRole('link', { name: 'New definition', exact: true }).click();
      const failed = page.getByTestId('editor-load-failed');
      await failed.waitFor();
      assert.match(await failed.textContent(), /Could not load the editor — reload the page/);
      await page.getByRole('button', { name: 'Reload the page', exact: true }).waitFor();
      await shot(page, '30-editor-chunk-failed');
    } finally {
      // The aborted chunk is logged by the browser; nothing else may be.
      problems.push(...unexpected(seen, [/Failed to load resource: net::ERR_FAILED/]));
      await page.close();
    }
  });

  test('a viewer sees no way to edit', async () => {
    const { page, problems: seen } = await openSignedIn(browser, viewer.username, viewer.password, `/definitions/${viewed}`);
    try {
      await page.getByRole('heading', { name: viewed, exact: true }).waitFor();
      await page.getByRole('button', { name: 'v2', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
      await page.getByRole('link', { name: 'Definitions', exact: true }).click();
      await page.getByRole('link', { name: viewed, exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'New definition', exact: true }).count(), 0);
      assert.equal(await page.locator('a[data-edit]').count(), 0);
      const editorCalls = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith(`/api/v1/definitions/${viewed}`)) editorCalls.push(r.url());
      });
      await page.goto(`/definitions/${viewed}/edit`);
      await page.getByTestId('forbidden').waitFor();
      assert.equal(await page.getByTestId('missing-permission').textContent(), 'definitions:write');
      // A barrier, not 'networkidle' (the live event stream never idles): Playwright reports requests in order, so
      // every request the page made before this one has been seen once it completes.
      await page.evaluate(() => fetch('/health').then((r) => r.text()));
      assert.deepEqual(editorCalls, [], 'the page neither loads nor validates what the viewer may not edit');
    } finally {
      problems.push(...seen);
      await page.close();
    }
  });

  test('no CSP violation, uncaught exception or console error', () => {
    assert.deepEqual(unexpected(problems), []);
  });
});
