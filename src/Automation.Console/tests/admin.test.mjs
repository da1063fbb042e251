// Browser tests of the schedules pages, the admin pages (users, roles, API keys) and the 403 page, against the real
// system started by scripts/console-test.sh. The API is used only to set up a definition and a viewer, and to check
// from outside what the pages did (an API key works, then is refused once revoked).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { baseUrl, call, launch, openSignedIn, shot, signIn, unexpected } from './support.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const adminUser = process.env.CONSOLE_ADMIN_USER ?? 'admin';
const adminPassword = process.env.CONSOLE_ADMIN_PASSWORD;
const run = Date.now().toString(36);
const definition = `admin-sched-${run}`;
const scheduleId = `nightly-${run}`;
const viewer = { username: `adm-view-${run}`, password: `Viewer-${run}-pass!` };
const newUser = { username: `adm-ops-${run}`, password: `Operator-${run}-pass!` };
const keyName = `ci-${run}`;
const roleName = `auditor-${run}`;
// Provoked on purpose: the bad cron expression (400), and the viewer's page data (403).
const expected400 = [/Failed to load resource: the server responded with a status of 400/];
const expected403 = [/Failed to load resource: the server responded with a status of 403/];

let browser;
let page;
let problems;

async function axe(target, name) {
  await target.evaluate(axeSource); // through the DevTools protocol: not subject to the page's CSP
  const result = await target.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 1)}`);
}

async function withApiKey(key, path) {
  const response = await fetch(baseUrl + path, { headers: { Authorization: `ApiKey ${key}` } });
  return response.status;
}

before(async () => {
  assert.ok(adminPassword, 'CONSOLE_ADMIN_PASSWORD is required');
  const admin = await signIn(adminUser, adminPassword);
  await call('PUT', `/api/v1/definitions/${definition}`, {
    token: admin,
    body: { description: 'Admin test: started by a schedule', steps: [{ id: 'tick', type: 'transform', with: { value: { n: '{{ input.n }}' } } }] },
  });
  await call('POST', '/api/v1/users', { token: admin, body: { ...viewer, roles: ['viewer'] } });
  browser = await launch();
  ({ page, problems } = await openSignedIn(browser, adminUser, adminPassword, '/schedules'));
});

after(async () => {
  await browser?.close();
});

describe('schedules and administration', () => {
  test('admin creates a schedule in the form: a bad cron is refused at the field, then its next fires show', async () => {
    await page.getByRole('heading', { name: 'Schedules', exact: true }).waitFor();
    await page.getByRole('link', { name: 'New schedule', exact: true }).click();
    await page.getByLabel('Schedule id', { exact: true }).fill(scheduleId);
    await page.getByLabel('Cron expression').fill('61 * * * *');
    await page.getByLabel('Definition', { exact: true }).selectOption(definition);
    await page.getByLabel('Input of every run (JSON)').fill('{"n": 7}');
    await page.getByRole('button', { name: 'Create schedule', exact: true }).click();
    const cronErrors = page.locator('[data-field="$.cron"]');
    await cronErrors.waitFor();
    assert.match(await cronErrors.textContent(), /cron/i, 'the server names the cron expression');
    assert.equal(await page.getByLabel('Cron expression').getAttribute('aria-invalid'), 'true');
    assert.equal(new URL(page.url()).pathname, '/schedules/new', 'nothing was created');

    await page.getByLabel('Cron expression').fill('0 3 * * 1-5');
    await page.getByTestId('cron-sentence').filter({ hasText: '03:00' }).waitFor();
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Create schedule', exact: true }).click();
    await page.waitForURL(`**/schedules/${scheduleId}`);
    await page.getByRole('heading', { name: `Schedule ${scheduleId}`, exact: true }).waitFor();
    const fires = page.getByTestId('next-fires').locator('li');
    await fires.first().waitFor();
    assert.equal(await fires.count(), 10, 'the API answers the next 10 fire times');
    assert.match(await fires.first().textContent(), /03:00:00/, 'shown in the schedule\'s time zone');
    await axe(page, 'schedule page');

    // Edit: the form starts from the schedule; the change shows on its page.
    await page.getByRole('link', { name: `Edit ${scheduleId}`, exact: true }).click();
    await page.getByRole('heading', { name: `Edit schedule ${scheduleId}`, exact: true }).waitFor();
    assert.equal(await page.getByLabel('Cron expression').inputValue(), '0 3 * * 1-5');
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Berlin');
    await page.getByLabel('Cron expression').fill('30 4 * * 1-5');
    await shot(page, '65-schedule-form');
    await axe(page, 'schedule form');
    // Leaving with the change unsaved asks first; "Back" stays on the form with it.
    await page.getByRole('link', { name: 'Cancel', exact: true }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Back', exact: true }).click();
    await leave.waitFor({ state: 'hidden' });
    assert.equal(await page.getByLabel('Cron expression').inputValue(), '30 4 * * 1-5');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`**/schedules/${scheduleId}`);
    await page.getByTestId('next-fires').locator('li', { hasText: '04:30:00' }).first().waitFor();
    assert.match(await page.locator('.schedule-grid').textContent(), /At 04:30, Monday through Friday/);

    await page.getByRole('link', { name: 'Schedules', exact: true }).click();
    const row = page.locator(`tr[data-schedule="${scheduleId}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId('next-fires').locator('li').count(), 3);
    assert.match(await row.textContent(), /Europe\/Berlin/);
    await shot(page, '60-schedules');
    await axe(page, 'schedules list');
  });

  test('pauses and resumes it, triggers it now and follows the link to the started run', async () => {
    const row = page.locator(`tr[data-schedule="${scheduleId}"]`);
    await row.getByRole('button', { name: 'Pause', exact: true }).click();
    await row.locator('.badge', { hasText: 'paused' }).waitFor();
    assert.match(await row.textContent(), /none while paused/);
    await row.getByRole('button', { name: 'Resume', exact: true }).click();
    await row.locator('.badge', { hasText: 'active' }).waitFor();
    await row.getByTestId('next-fires').locator('li').first().waitFor();

    await row.getByRole('button', { name: 'Trigger now', exact: true }).click();
    const link = page.getByTestId('triggered-run');
    await link.waitFor();
    const workflowId = (await link.textContent()).trim();
    assert.ok(workflowId.startsWith(`${scheduleId}:manual-`), workflowId);
    await link.click();
    await page.waitForURL(`**/workflows/${encodeURIComponent(workflowId)}`);
    await page.locator('[data-testid=workflow-status]', { hasText: 'Completed' }).waitFor({ timeout: 30_000 });
  });

  test('deletes the schedule from its page after a confirmation: the list says so', async () => {
    await page.goto(`/schedules/${scheduleId}`);
    await page.getByRole('heading', { name: `Schedule ${scheduleId}`, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/schedules');
    await page.getByRole('status').filter({ hasText: `Deleted schedule ${scheduleId}` }).waitFor();
    await page.getByRole('heading', { name: 'Schedules', exact: true }).waitFor();
    assert.equal(await page.locator(`tr[data-schedule="${scheduleId}"]`).count(), 0);
  });

  test('admin creates a user with the operator role (a bad username is refused before sending)', async () => {
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New user', exact: true }).click();
    await page.getByLabel('Username').fill('not a name');
    await page.getByLabel('Password', { exact: true }).fill(newUser.password);
    await page.locator('input[name=roles][value=operator]').check();
    await page.getByRole('button', { name: 'Create user', exact: true }).click();
    await page.locator('#user-name-errors').waitFor();
    assert.match(await page.locator('#user-name-errors').textContent(), /letters, digits/);

    await page.getByLabel('Username').fill(newUser.username);
    await page.getByRole('button', { name: 'Create user', exact: true }).click();
    const row = page.locator(`tr[data-user="${newUser.username}"]`);
    await row.waitFor();
    assert.equal((await row.locator('.tag').allTextContents()).join(','), 'operator');
    await signIn(newUser.username, newUser.password); // the account works
    await shot(page, '61-users');
    await axe(page, 'users');
  });

  test('admin creates an API key (the key shown once) and revokes it', async () => {
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New API key', exact: true }).click();
    await page.getByLabel('Name (what it is for)').fill(keyName);
    await page.locator('input[name=permission][value="definitions:read"]').check();
    await page.getByRole('button', { name: 'Create key', exact: true }).click();
    const panel = page.getByTestId('new-key');
    await panel.waitFor();
    assert.match(await panel.textContent(), /you will not see it again/);
    const key = await page.locator('#new-key').inputValue();
    assert.match(key, /^ak_[0-9a-f]{16}_/);
    assert.equal(await withApiKey(key, '/api/v1/definitions'), 200, 'the key works');
    await panel.getByRole('button', { name: 'Copy', exact: true }).click();
    await panel.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    await shot(page, '62-api-keys');
    await axe(page, 'API keys');

    await panel.getByRole('button', { name: 'Done, I copied it', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'New API key'); // focus is not lost to the page
    assert.ok(!(await page.content()).includes(key), 'the key is not shown again');
    const id = key.split('_')[1];
    const row = page.locator(`tr[data-key="${id}"]`);
    assert.match(await row.textContent(), new RegExp(`ak_${id}_…`));
    await row.getByRole('button', { name: `Revoke ${keyName}`, exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.locator('.badge', { hasText: 'revoked' }).waitFor();
    assert.equal(await withApiKey(key, '/api/v1/definitions'), 401, 'a revoked key is refused');
  });

  test('admin creates a custom role with one permission', async () => {
    await page.getByRole('link', { name: 'Roles', exact: true }).click();
    await page.getByRole('heading', { name: 'Roles', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New role', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(roleName);
    await page.getByRole('button', { name: 'Create role', exact: true }).click();
    await page.locator('#role-permissions-errors').waitFor();
    assert.match(await page.locator('#role-permissions-errors').textContent(), /at least one permission/);

    await page.locator('input[name=permission][value="audit:read"]').check();
    await page.getByRole('button', { name: 'Create role', exact: true }).click();
    const row = page.locator(`tr[data-role="${roleName}"]`);
    await row.waitFor();
    assert.deepEqual(await row.locator('code.grant').allTextContents(), ['audit:read']);
    await axe(page, 'roles');
  });

  test('a viewer opening /admin/users sees the 403 page naming users:admin, and no Admin link', async () => {
    const { page: viewerPage, problems: viewerProblems } = await openSignedIn(browser, viewer.username, viewer.password, '/admin/users');
    try {
      await viewerPage.getByRole('heading', { name: 'You do not have permission to see the users', exact: true }).waitFor();
      assert.equal(await viewerPage.getByTestId('missing-permission').textContent(), 'users:admin');
      assert.match(await viewerPage.getByTestId('forbidden').textContent(), /your role \(viewer\) does not grant/);
      assert.equal(await viewerPage.getByRole('link', { name: 'Admin', exact: true }).count(), 0);
      assert.ok(await viewerPage.getByRole('link', { name: 'Go to the home page', exact: true }).isVisible());
      await shot(viewerPage, '63-forbidden');
      await axe(viewerPage, 'forbidden page');

      // The viewer reads schedules but changes nothing: no New, Pause, Trigger or Delete.
      await viewerPage.getByRole('link', { name: 'Schedules', exact: true }).click();
      await viewerPage.getByRole('heading', { name: 'Schedules', exact: true }).waitFor();
      assert.equal(await viewerPage.getByRole('link', { name: 'New schedule', exact: true }).count(), 0);
      assert.equal(await viewerPage.getByRole('button', { name: 'Pause', exact: true }).count(), 0);

      // Phone width, dark theme: the 403 page and the schedules list stay within the screen.
      await viewerPage.getByRole('button', { name: /dark theme/ }).click();
      await viewerPage.setViewportSize({ width: 390, height: 844 });
      const overflow = await viewerPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the schedules page scrolls sideways by ${overflow} px`);
      await viewerPage.goto('/admin/roles');
      await viewerPage.getByTestId('missing-permission').waitFor();
      await shot(viewerPage, '64-forbidden-phone-dark');
      await axe(viewerPage, 'forbidden page, dark, phone');

      // The schedule form is not offered, and its URL says what is missing.
      await viewerPage.goto('/schedules/new');
      await viewerPage.getByRole('heading', { name: 'You do not have permission to see this form', exact: true }).waitFor();
      assert.equal(await viewerPage.getByTestId('missing-permission').textContent(), 'schedules:write');
      await viewerPage.setViewportSize({ width: 1360, height: 900 });
      await viewerPage.getByRole('button', { name: 'Switch to light theme', exact: true }).click(); // the theme is shared by the tests' tabs
      assert.deepEqual(unexpected(viewerProblems, expected403), []);
    } finally {
      await viewerPage.close();
    }
  });

  test('no CSP violation, uncaught exception or console error', () => {
    assert.deepEqual(unexpected(problems, expected400), []);
  });
});
