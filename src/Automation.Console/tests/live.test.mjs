// Browser tests of live updates and the notification centre (issue 14 item 5), against the real system started by
// scripts/console-test.sh: pages move without reload when the grains change state, and workflow failures, raised
// alerts and approvals waiting for the user pop up as toasts and land in the notification history.
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
const user = { username: `live-${run}`, password: `Notify-${run.split("").reverse().join("")}-pw!` };
const forMe = `live-mine-${run}`; // an approval the operator role decides
const notMine = `live-admins-${run}`; // an approval only admins decide: rejected, it fails the workflow

let admin;
let userToken;
let browser;
let page;
let problems;

async function axe(name) {
  await page.evaluate(axeSource); // through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 1)}`);
}

async function start(definition, suffix) {
  const workflowId = `${definition}-${suffix}`;
  await call('POST', '/api/v1/workflows', { token: admin, body: { definition, workflowId } });
  return workflowId;
}

const toast = (key) => page.locator(`.toasts .toast[data-key="${key}"]`);

before(async () => {
  assert.ok(adminPassword, 'CONSOLE_ADMIN_PASSWORD is required');
  admin = await signIn(adminUser, adminPassword);
  await call('PUT', `/api/v1/definitions/${forMe}`, { token: admin, body: {
    description: 'Live test: an approval for operators',
    steps: [
      { id: 'ask', type: 'wait', with: { approval: { approvers: ['role:operator'], message: 'Release it?' } } },
      { id: 'done', type: 'transform', dependsOn: ['ask'], with: { value: { ok: true } } },
    ],
  } });
  await call('PUT', `/api/v1/definitions/${notMine}`, { token: admin, body: {
    description: 'Live test: an approval for admins',
    steps: [{ id: 'gate', type: 'wait', with: { approval: { approvers: ['role:admin'], message: 'Admins only' } } }],
  } });
  await call('POST', '/api/v1/users', { token: admin, body: { ...user, roles: ['operator'] } });
  userToken = await signIn(user.username, user.password);
  browser = await launch();
  ({ page, problems } = await openSignedIn(browser, user.username, user.password, '/workflows'));
  await page.locator('[data-testid=live-indicator].live-live').waitFor();
});

after(async () => {
  await browser?.close();
});

describe('live updates and notifications', () => {
  test('an approval waiting for me toasts; its run page reaches Completed without reload', async () => {
    const id = await start(forMe, 'a');

    await toast(`approval:${id}:ask`).waitFor();
    await shot(page, '50-live-toast');
    await toast(`approval:${id}:ask`).getByRole('link').click(); // in-app navigation: the live connection stays
    await page.locator('[data-testid=workflow-status]', { hasText: 'Running' }).waitFor();
    await page.locator('[data-testid=run-updates]', { hasText: 'Live: updates as the workflow changes.' }).waitFor();
    await call('POST', `/api/v1/workflows/${id}/approvals/ask`, { token: userToken, body: { decision: 'approve' } });
    await page.locator('[data-testid=workflow-status]', { hasText: 'Completed' }).waitFor();

    const refreshes = Number(await page.locator('workflow-run').getAttribute('data-live-refreshes'));
    assert.ok(refreshes >= 1, 'the run page refetched on a live event');
    await shot(page, '50-live-run');
    await axe('run page, live');
  });

  test('the workflows list updates a row without reload', async () => {
    const id = await start(notMine, 'list');
    await page.getByRole('link', { name: 'Workflows', exact: true }).click();
    await page.locator(`tr[data-workflow="${id}"] .badge`, { hasText: 'Running' }).waitFor();

    await call('POST', `/api/v1/workflows/${id}/approvals/gate`, { token: admin, body: { decision: 'reject', comment: 'not now' } });

    await page.locator(`tr[data-workflow="${id}"] .badge`, { hasText: 'Failed' }).waitFor();
  });

  test('a failing workflow toasts and lands in the notification history', async () => {
    const id = await start(notMine, 'b');
    await call('POST', `/api/v1/workflows/${id}/approvals/gate`, { token: admin, body: { decision: 'reject', comment: 'too risky' } });

    const failure = page.locator('.toasts .toast', { hasText: `Workflow failed: ${id}` });
    await failure.waitFor();
    await page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ }).click();
    const entry = page.locator('#notifications-panel .notification', { hasText: `Workflow failed: ${id}` });
    await entry.waitFor();
    assert.match(await entry.textContent(), /too risky/);
    await shot(page, '50-live-notifications');
    await axe('notification centre');
    await page.getByRole('button', { name: 'Mark all read', exact: true }).click();
    await page.getByRole('button', { name: 'Notifications, 0 unread', exact: true }).waitFor();
  });

  test('preferences switch workflow failures off: a failure no longer toasts, an approval still does', async () => {
    await page.locator('#notifications-panel').getByLabel('Workflow failures').uncheck();
    await page.getByRole('button', { name: 'Save preferences', exact: true }).click();
    await page.getByText('Preferences saved.', { exact: true }).waitFor();
    const saved = await call('GET', '/api/v1/auth/me/preferences', { token: userToken });
    assert.equal(saved.workflowFailures, false);
    await page.getByRole('button', { name: 'Close notifications', exact: true }).click();

    const failing = await start(notMine, 'c');
    await call('POST', `/api/v1/workflows/${failing}/approvals/gate`, { token: admin, body: { decision: 'reject' } });
    // Changes arrive in order on the one stream: once a later approval has toasted, the failure was seen and skipped.
    const later = await start(forMe, 'd');
    await toast(`approval:${later}:ask`).waitFor();

    assert.equal(await page.locator('.toasts .toast', { hasText: failing }).count(), 0);
    await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    assert.equal(await page.locator('#notifications-panel .notification', { hasText: failing }).count(), 0);
  });

  test('services and alerts pages update without reload; a raised alert toasts', async () => {
    const service = `live-down-${run}`;
    await page.getByRole('button', { name: 'Close notifications', exact: true }).click(); // toasts show while it is closed
    await page.getByRole('link', { name: 'Services', exact: true }).click();
    await page.getByRole('heading', { name: 'Services', exact: true }).waitFor();

    await call('PUT', `/api/v1/services/${service}`, { token: admin, body: { probe: { type: 'tcp', host: '127.0.0.1', port: 1, interval: '1s' },
      thresholds: { degradedAfter: 1, unhealthyAfter: 1, recoverAfter: 1 } } });
    await page.locator(`tr[data-service="${service}"] .badge`, { hasText: 'Unhealthy' }).waitFor();
    await page.locator('.toasts .toast', { hasText: service }).waitFor();
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    const row = page.locator(`tr[data-alert="${service}"]`).first();
    await row.waitFor();
    const alerts = await call('GET', `/api/v1/alerts?source=${service}`, { token: admin });
    await call('POST', `/api/v1/alerts/${alerts.items[0].id}/acknowledge`, { token: admin, body: { comment: 'seen' } });

    await row.getByText(`acknowledged by ${adminUser}`).waitFor();
    await call('DELETE', `/api/v1/services/${service}`, { token: admin });
  });

  test('looks right in the dark theme and at phone width', async () => {
    await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    await page.getByRole('button', { name: 'Switch to dark theme', exact: true }).click();
    await shot(page, '50-live-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#notifications-panel').waitFor();
    await shot(page, '50-live-phone');
    await axe('notification centre, phone, dark');
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.getByRole('button', { name: 'Switch to light theme', exact: true }).click();
  });

  test('no CSP violation, page error or console error', () => {
    assert.deepEqual(unexpected(problems), []);
  });
});
