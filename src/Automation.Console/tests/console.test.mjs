// End-to-end tests of the web console in headless Chromium against the real system (silo + API + PostgreSQL, started
// by scripts/console-test.sh). Each test drives the browser the way a user would; the API is used only to set up
// definitions, users and workflows the scenario needs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { call, currentStep, launch, shot, signIn, totp, unexpected, watch } from './support.mjs';
import { approval, chain, hold, wide } from './definitions.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const adminUser = process.env.CONSOLE_ADMIN_USER ?? 'admin';
const adminPassword = process.env.CONSOLE_ADMIN_PASSWORD;
const run = Date.now().toString(36);
const operator = { username: `ops-${run}`, password: `Operator-${run}-pass!` };
const viewer = { username: `view-${run}`, password: `Viewer-${run}-pass!` };
// A 401 is the expected answer to a password without its MFA code, and to a refresh with a revoked token.
const expected401 = [/Failed to load resource: the server responded with a status of 401/];

let admin;
let mfaSecret;
let lastStep = 0;
let browser;
let page;
let problems;

/** A TOTP code for a step after every step used so far (the API refuses a step twice). */
async function nextCode() {
  let step = currentStep();
  if (step <= lastStep) {
    // One step ahead is accepted (clock drift); two are not: wait for the clock when both were used.
    if (lastStep + 1 > step + 1) await new Promise((r) => setTimeout(r, (lastStep - step) * 30_000 + 1_000));
    step = Math.max(currentStep(), lastStep + 1);
  }
  lastStep = step;
  return totp(mfaSecret, step);
}

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

async function waitForStatus(status, timeout = 30_000) {
  await page.locator('[data-testid=workflow-status]', { hasText: status }).waitFor({ timeout });
}

before(async () => {
  assert.ok(adminPassword, 'CONSOLE_ADMIN_PASSWORD is required');
  admin = await signIn(adminUser, adminPassword);
  await call('PUT', '/api/v1/definitions/console-chain', { token: admin, body: chain });
  await call('PUT', '/api/v1/definitions/console-hold', { token: admin, body: hold });
  await call('PUT', '/api/v1/definitions/console-approval', { token: admin, body: approval });
  await call('PUT', '/api/v1/definitions/console-wide', { token: admin, body: wide() });
  await call('POST', '/api/v1/users', { token: admin, body: { ...operator, roles: ['operator'] } });
  await call('POST', '/api/v1/users', { token: admin, body: { ...viewer, roles: ['viewer'] } });
  // The operator turns MFA on, as a user would with an authenticator app.
  const opToken = await signIn(operator.username, operator.password);
  mfaSecret = (await call('POST', '/api/v1/auth/mfa/enrol', { token: opToken })).secret;
  await call('POST', '/api/v1/auth/mfa/confirm', { token: opToken, body: { code: await nextCode() } });
  browser = await launch();
  page = await browser.context.newPage();
  problems = await watch(page);
});

after(async () => {
  await browser?.close();
});

describe('web console', () => {
  test('signs in with password and MFA code, shows the shell', async () => {
    await page.goto('/');
    await page.getByLabel('Username').fill(operator.username);
    await page.getByLabel('Password').fill(operator.password);
    await shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('MFA code').fill(await nextCode());
    await shot(page, '02-mfa');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    assert.equal(await page.locator('.who').textContent(), operator.username);
    assert.ok(await page.getByRole('link', { name: 'Definitions' }).isVisible());
  });

  test('start form validates the input against the schema, then starts; the run page shows the completed DAG', async () => {
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page.getByLabel('Definition').selectOption('console-chain');
    await page.locator('#input').fill('{"count": -1, "extra": 1}');
    const errors = page.locator('[data-testid=input-errors]');
    await errors.waitFor();
    const text = await errors.textContent();
    assert.match(text, /\$\.input\.name Required property 'name' is missing/);
    assert.match(text, /\$\.input\.count/);
    assert.match(text, /\$\.input\.extra Property is not allowed/);
    await shot(page, '03-start-invalid');
    await page.getByRole('button', { name: 'Start' }).click();
    assert.equal(new URL(page.url()).pathname, '/start', 'an invalid input is not sent');

    await page.getByLabel('Workflow id (optional)').fill(`chain-${run}`);
    await page.getByLabel('Tags (optional)').fill('console:test');
    await page.locator('#input').fill('{"name": "Ada", "count": 2}');
    await errors.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(`**/workflows/chain-${run}`);
    await waitForStatus('Completed');
    const finish = page.locator('svg.dag g.node[data-step=finish]');
    await finish.waitFor();
    assert.match(await finish.getAttribute('class'), /st-Completed/);
    assert.equal(await page.locator('svg.dag g.node').count(), 5);
    assert.equal(await page.locator('svg.dag path.edge').count(), 5);
    // Keyboard: a node is focusable and Enter selects its step.
    await page.locator('svg.dag g.node[data-step=left]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#step-heading', { hasText: 'left' }).waitFor();
    assert.match(await page.locator('section.step').textContent(), /"side": "left"/);
    await shot(page, '04-run-graph');
    await axe('run page');

    await page.getByRole('tab', { name: 'Timeline' }).click();
    assert.equal(await page.locator('.gantt-row').count(), 5);
    assert.ok(await page.locator('.gantt-bar.st-Completed').count() >= 5);
    await shot(page, '05-run-timeline');
    await page.getByRole('tab', { name: /History/ }).click();
    assert.match(await page.locator('table.history').textContent(), /WorkflowCompleted/);
    await shot(page, '06-run-history');
  });

  test('the list filters by definition and status chip, pages with the cursor, and cancels a selection', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) {
      const started = await call('POST', '/api/v1/workflows', { token: admin, body: { definition: 'console-hold', workflowId: `hold-${run}-${i}`, tags: ['console:bulk'] } });
      ids.push(started.workflowId);
    }
    await call('POST', `/api/v1/workflows/${ids[3]}/signals/go`, { token: admin, body: { ok: 1 } });
    await page.goto(`/workflows?definition=console-hold`);
    await page.locator(`tr[data-workflow="${ids[0]}"]`).waitFor();
    // The chips count the definition's workflows per status: 3 running, 1 completed (the signalled one).
    await page.locator('.chip[data-status=Running] .count', { hasText: '3' }).waitFor();
    await page.locator('.chip[data-status=Completed] .count', { hasText: '1' }).waitFor();
    await page.locator('.chip[data-status=all] .count', { hasText: '4' }).waitFor();
    await page.locator('.chip[data-status=Running]').click();
    await page.waitForURL(/status=Running/);
    await page.locator(`tr[data-workflow="${ids[3]}"]`).waitFor({ state: 'detached' });
    assert.equal(await page.locator('tbody tr[data-workflow]').count(), 3);
    assert.equal(await page.locator('.chip[data-status=Running]').getAttribute('aria-pressed'), 'true');
    await shot(page, '07-list-running');
    await axe('workflow list');

    assert.equal(await page.getByRole('button', { name: 'Previous' }).isDisabled(), true);

    await page.getByRole('checkbox', { name: `Select ${ids[0]}` }).check();
    await page.getByRole('checkbox', { name: `Select ${ids[1]}` }).check();
    await page.getByRole('button', { name: 'Cancel selected' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('console test');
    await shot(page, '08-bulk-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid=bulk-result]', { hasText: 'Cancel: 2 done' }).waitFor();
    await page.locator(`tr[data-workflow="${ids[0]}"]`).waitFor({ state: 'detached' });
    const snapshot = await call('GET', `/api/v1/workflows/${ids[0]}`, { token: admin });
    assert.equal(snapshot.status, 'Cancelled');
  });

  test('pages through the list with the cursor', async () => {
    for (let i = 0; i < 27; i++) {
      await call('POST', '/api/v1/workflows', { token: admin, body: { definition: 'console-chain', workflowId: `page-${run}-${String(i).padStart(2, '0')}`, input: { name: 'p' } } });
    }
    await page.goto(`/workflows?idPrefix=page-${run}`);
    await page.locator('tbody tr[data-workflow]').first().waitFor();
    assert.equal(await page.locator('tbody tr[data-workflow]').count(), 25);
    const first = await page.locator('tbody tr[data-workflow]').first().getAttribute('data-workflow');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-workflow]').length === 2);
    assert.equal(await page.getByRole('button', { name: 'Next' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Page 1').waitFor();
    await page.locator(`tr[data-workflow="${first}"]`).waitFor();
  });

  test('cancels a running workflow from its run page, and approves a waiting approval', async () => {
    const id = `hold-${run}-2`;
    await page.goto(`/workflows/${id}`);
    await waitForStatus('Running');
    assert.match(await page.locator('svg.dag g.node[data-step=hold]').getAttribute('class'), /st-Waiting/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await waitForStatus('Cancelled');
    await shot(page, '09-run-cancelled');

    const started = await call('POST', '/api/v1/workflows', { token: admin, body: { definition: 'console-approval', workflowId: `approve-${run}` } });
    await page.goto(`/workflows/${started.workflowId}`);
    await page.locator('#step-heading', { hasText: 'ask' }).waitFor();
    await page.locator('section.step').getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').getByLabel(/Reason/).fill('looks good');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await waitForStatus('Completed');
    const snapshot = await call('GET', `/api/v1/workflows/${started.workflowId}`, { token: admin });
    assert.equal(snapshot.steps[0].output.by, operator.username);
  });

  test('definitions list, versions and graph preview', async () => {
    await call('PUT', '/api/v1/definitions/console-chain', { token: admin, body: { ...chain, description: 'Console test: version 2' } });
    await page.getByRole('link', { name: 'Definitions' }).click();
    await page.getByRole('link', { name: 'console-chain' }).click();
    await page.getByRole('heading', { name: 'Version 2' }).waitFor();
    assert.equal(await page.locator('svg.dag g.node').count(), 5);
    await page.getByLabel('Compare with').selectOption('1');
    await page.getByText('Changes from v1 to v2').waitFor();
    await shot(page, '10-definition');
    await axe('definition page');
  });

  test('dark theme and phone width: the menu folds, pages stay usable', async () => {
    await page.getByRole('button', { name: /dark theme/ }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await page.goto(`/workflows/chain-${run}`);
    await waitForStatus('Completed');
    await shot(page, '11-run-dark');
    await axe('run page, dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/workflows');
    await page.locator('tbody tr[data-workflow]').first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Definitions' }).isVisible(), false);
    await page.getByRole('button', { name: 'Menu' }).click();
    assert.equal(await page.getByRole('link', { name: 'Definitions' }).isVisible(), true);
    await shot(page, '12-phone-list');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at phone width`);
    await page.getByRole('button', { name: /light theme/ }).click();
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  test('keyboard: the skip link is the first stop and moves focus to the page', async () => {
    await page.goto('/workflows');
    await page.locator('tbody tr[data-workflow]').first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  test('an expired session asks to sign in again over the page and keeps the form', async () => {
    await page.goto('/start?definition=console-chain');
    await page.getByLabel('Workflow id (optional)').fill('kept-after-sign-in');
    // The page has read the definition's versions with the valid session (on a slow machine the list could still be
    // loading when the tokens below are replaced: then option 1 never appears and the select below waits forever).
    await page.locator('select[name=version] option[value="1"]').waitFor({ state: 'attached' });
    // The session ends: the access token is no longer accepted and the refresh token is refused.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('automation.session'));
      sessionStorage.setItem('automation.session', JSON.stringify({ ...s, accessToken: 'expired', refreshToken: 'rt_revoked' }));
    });
    await page.getByLabel('Version').selectOption('1'); // the page reads the version from the API
    const overlay = page.getByRole('dialog', { name: 'Session expired' });
    await overlay.waitFor();
    await shot(page, '15-session-expired');
    await overlay.getByLabel('Username').fill(operator.username);
    await overlay.getByLabel('Password').fill(operator.password);
    await overlay.getByRole('button', { name: 'Sign in' }).click();
    await overlay.getByLabel('MFA code').fill(await nextCode());
    await overlay.getByRole('button', { name: 'Verify' }).click();
    await overlay.waitFor({ state: 'detached' }).catch(async (err) => {
      // Say what the overlay shows (a refused code, a 429...) instead of only that it stayed.
      throw new Error(`the overlay stayed: ${(await overlay.innerText().catch(() => '?')).replace(/\s+/g, ' ')}`, { cause: err });
    });
    assert.equal(await page.getByLabel('Workflow id (optional)').inputValue(), 'kept-after-sign-in');
  });

  test('a viewer sees no actions it may not take', async () => {
    const context = page.context();
    const viewerPage = await context.newPage();
    const viewerProblems = await watch(viewerPage);
    // sessionStorage is per tab: the new tab starts signed out.
    await viewerPage.goto('/workflows?definition=console-hold');
    await viewerPage.getByLabel('Username').fill(viewer.username);
    await viewerPage.getByLabel('Password').fill(viewer.password);
    await viewerPage.getByRole('button', { name: 'Sign in' }).click();
    await viewerPage.locator('tbody tr[data-workflow]').first().waitFor();
    assert.equal(await viewerPage.getByRole('link', { name: 'Start', exact: true }).count(), 0);
    assert.equal(await viewerPage.getByRole('button', { name: 'Cancel selected' }).count(), 0);
    assert.equal(await viewerPage.getByRole('checkbox').count(), 0);
    await viewerPage.goto(`/workflows/hold-${run}-2`);
    await viewerPage.locator('[data-testid=workflow-status]').waitFor();
    assert.equal(await viewerPage.getByRole('button', { name: 'Retry' }).count(), 0);
    await shot(viewerPage, '13-viewer-run');
    assert.deepEqual(unexpected(viewerProblems, expected401), []);
    await viewerPage.close();
  });

  test('operations pages: services (healthy and unhealthy), alerts, agents and queues', async () => {
    await call('PUT', '/api/v1/services/console-api', { token: admin, body: { description: 'The API itself', owner: 'console-test',
      probe: { type: 'http', url: `${process.env.CONSOLE_BASE_URL}/health`, interval: '1s' } } });
    await call('PUT', '/api/v1/services/console-down', { token: admin, body: { probe: { type: 'tcp', host: '127.0.0.1', port: 1, interval: '1s' },
      thresholds: { degradedAfter: 1, unhealthyAfter: 1, recoverAfter: 1 } } });
    await page.goto('/services');
    // The operations pages do not poll: press Refresh until the list (the registry's snapshots, pushed after each
    // probe) shows what the probes found, for up to about a minute.
    const refreshUntil = async (locator) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await locator.waitFor({ timeout: 2_000 });
          return;
        } catch (err) {
          if (attempt >= 30) throw err;
          await page.getByRole('button', { name: 'Refresh' }).click({ timeout: 5_000 }).catch(() => {});
        }
      }
    };
    await refreshUntil(page.locator('tr[data-service=console-api] .badge', { hasText: 'Healthy' }));
    await refreshUntil(page.locator('tr[data-service=console-down] .badge', { hasText: /Unhealthy|Degraded/ }));
    await shot(page, '16-services');
    await axe('services page');
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
    // console-down is unhealthy: one alert, which the operator acknowledges.
    const alertRow = page.locator('tr[data-alert=console-down]').first();
    await refreshUntil(alertRow);
    await alertRow.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('dialog').getByLabel(/Reason/).fill('looking at it');
    await page.getByRole('dialog').getByRole('button', { name: 'Acknowledge' }).click();
    await refreshUntil(alertRow.getByText(`acknowledged by ${operator.username}`));
    await shot(page, '17-alerts');
    await axe('alerts page');
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agents and queues' }).waitFor();
    await page.getByRole('heading', { name: 'Queues', exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Agents' }).getAttribute('aria-current'), 'page');
    await shot(page, '18-agents');
  });

  test('a 500-step run page renders (measured, not asserted)', async () => {
    const started = await call('POST', '/api/v1/workflows', { token: admin, body: { definition: 'console-wide', workflowId: `wide-${run}` } });
    await call('GET', `/api/v1/workflows/${started.workflowId}?wait=60s`, { token: admin });
    const begin = Date.now();
    await page.goto(`/workflows/${started.workflowId}`);
    await page.locator('workflow-run[data-render-ms]').waitFor({ timeout: 30_000 });
    const total = Date.now() - begin;
    const inPage = await page.locator('workflow-run').getAttribute('data-render-ms');
    assert.equal(await page.locator('svg.dag g.node').count(), 500);
    console.log(`500-step run page: ${inPage} ms from the page's first request to the drawn graph, ${total} ms including navigation`);
    await shot(page, '14-run-500-steps');
  });

  test('no CSP violation, uncaught exception or console error on any page', () => {
    assert.deepEqual(unexpected(problems, expected401), []);
  });
});
