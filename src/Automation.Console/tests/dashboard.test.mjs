// Browser tests of the dashboard home page, the system page and a service's detail page (issue 14, items 4 and 6),
// against the real system started by scripts/console-test.sh. Workflows and services are set up through the API;
// everything checked is what the pages show.
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
const operator = { username: `dash-ops-${run}`, password: `Operator-${run}-pass!` };
const passing = `dash-ok-${run}`;
const failing = `dash-fail-${run}`;
const api = `dash-api-${run}`;
const web = `dash-web-${run}`;

let admin;
let browser;
const problems = [];
// Provoked on purpose: the operator's /system (403).
const expected403 = [/Failed to load resource: the server responded with a status of 403/];

async function axe(page, name) {
  await page.evaluate(axeSource); // through the DevTools protocol: not subject to the page's CSP
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe on ${name}: ${JSON.stringify(serious, null, 1)}`);
}

/** How many pixels of the first chart's canvas are painted: uPlot drew the axes and lines when this is large. */
async function painted(page, scope = 'time-chart') {
  return page.locator(`${scope} canvas`).first().evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
}

const tileValue = async (page, id) => Number((await page.locator(`[data-testid=${id}] .tile-value`).textContent()).trim());

/** Sets the theme (not a toggle: the choice is kept in localStorage, shared by the tests' pages). */
async function setTheme(page, theme) {
  const toggle = page.getByRole('button', { name: `Switch to ${theme} theme`, exact: true });
  if (await toggle.count()) await toggle.click();
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/** Opens a page signed in, in the light theme; its problems are collected when the test closes it. */
async function open(username, password, url) {
  const opened = await openSignedIn(browser, username, password, url);
  await setTheme(opened.page, 'light');
  return opened;
}

/** Both themes and a phone's width: screenshots of each, axe in dark. */
async function themes(page, name) {
  await setTheme(page, 'dark');
  await shot(page, `${name}-dark`);
  await axe(page, `${name}, dark`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1360, height: 900 });
  await setTheme(page, 'light');
}

before(async () => {
  assert.ok(adminPassword, 'CONSOLE_ADMIN_PASSWORD is required');
  admin = await signIn(adminUser, adminPassword);
  await call('POST', '/api/v1/users', { token: admin, body: { ...operator, roles: ['operator'] } });
  await call('PUT', `/api/v1/definitions/${passing}`, { token: admin, body: { steps: [{ id: 'a', type: 'transform', with: { value: { ok: true } } }] } });
  // Without input.name the template fails, and so does the workflow.
  await call('PUT', `/api/v1/definitions/${failing}`, { token: admin, body: { steps: [{ id: 'b', type: 'transform', with: { value: 'Hi {{ input.name }}' } }] } });
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await call('POST', '/api/v1/workflows', { token: admin, body: { definition: passing } })).workflowId);
  for (let i = 0; i < 4; i++) ids.push((await call('POST', '/api/v1/workflows', { token: admin, body: { definition: failing } })).workflowId);
  for (const id of ids) await call('GET', `/api/v1/workflows/${id}?wait=30s`, { token: admin });
  await call('PUT', `/api/v1/services/${api}`, { token: admin, body: { description: 'The API itself', owner: 'dashboard-test',
    probe: { type: 'http', url: `${baseUrl}/health`, interval: '1s' } } });
  await call('PUT', `/api/v1/services/${web}`, { token: admin, body: { description: 'Depends on the API', dependsOn: [api],
    probe: { type: 'http', url: `${baseUrl}/health`, interval: '1s' } } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

describe('dashboard, system and service pages', () => {
  test('the dashboard at / shows the workflows just run, their chart and the failing definition', async () => {
    const { page, problems: seen } = await open(operator.username, operator.password, '/');
    try {
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Dashboard', exact: true }).getAttribute('aria-current'), 'page');
      await page.locator('[data-testid=started]').waitFor();
      assert.ok((await tileValue(page, 'started')) >= 7, 'the seven workflows started in the last hour');
      assert.ok((await tileValue(page, 'completed')) >= 3);
      assert.ok((await tileValue(page, 'failed')) >= 4);
      assert.ok(Number(await page.locator('time-chart').first().getAttribute('data-points')) > 50, 'a point per minute of the hour');
      assert.ok((await painted(page)) > 500, 'the chart canvas is drawn');
      const failingLink = page.locator('[data-testid=top-failing]').getByRole('link', { name: failing, exact: true });
      await failingLink.waitFor();
      await page.locator('[data-testid=services-by-status]').waitFor();
      assert.equal(await page.locator('[data-testid=omitted]').count(), 0, 'the operator may read every section');
      await page.getByRole('group', { name: 'Time window' }).getByRole('button', { name: '15m', exact: true }).click();
      await page.locator('time-chart[label$="last 15m"][data-points="61"]').waitFor(); // 15 s buckets over 15 minutes
      assert.equal(await page.getByRole('button', { name: '15m', exact: true }).getAttribute('aria-pressed'), 'true');
      assert.ok((await tileValue(page, 'failed')) >= 4, 'the failures of a minute ago are in the last 15 minutes too');
      await page.getByRole('button', { name: '1h', exact: true }).click();
      await page.locator('time-chart[label$="last 1h"]').waitFor();
      await shot(page, '40-dashboard');
      await axe(page, 'dashboard');
      await themes(page, '40-dashboard');
      await failingLink.click();
      await page.waitForURL((url) => url.pathname === '/workflows' && url.searchParams.get('definition') === failing && url.searchParams.get('status') === 'Failed');
    } finally {
      problems.push(seen);
      await page.close();
    }
  });

  test('the system page shows the silos and PostgreSQL healthy to an admin', async () => {
    const { page, problems: seen } = await open(adminUser, adminPassword, '/');
    try {
      await page.getByRole('link', { name: 'System', exact: true }).click();
      await page.getByRole('heading', { name: 'System', exact: true }).waitFor();
      await page.locator('[data-testid=silos] tbody tr', { hasText: 'Active' }).first().waitFor();
      assert.ok((await tileValue(page, 'active-silos')) >= 1);
      assert.equal((await page.locator('[data-testid=postgres-status] .tile-value').textContent()).trim(), 'Healthy');
      assert.ok((await page.locator('[data-testid=api-version]').textContent()).trim().length > 0);
      // The Orleans dashboard opens in a new tab with the signed-in user's session (a cookie valid only under it).
      const link = page.getByRole('link', { name: 'Open the Orleans dashboard', exact: true });
      assert.equal(await link.getAttribute('href'), '/dashboard/');
      const [dashboard] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      // Its script polls its JSON endpoints: one of them answered with the cookie alone.
      const data = await dashboard.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/dashboard/')
        && ['fetch', 'xhr'].includes(r.request().resourceType()));
      assert.equal(data.status(), 200, `${data.url()} answered ${data.status()}`);
      assert.equal((await dashboard.request.get('/dashboard/')).status(), 200, 'the page itself, with the same cookie jar');
      assert.equal((await dashboard.request.get('/api/v1/workflows')).status(), 401, 'the cookie is no way into the API');
      await dashboard.close();
      await shot(page, '41-system');
      await axe(page, 'system page');
      await themes(page, '41-system');
    } finally {
      problems.push(seen);
      await page.close();
    }
  });

  test('the operator sees no System link and the API refuses the overview', async () => {
    const { page, problems: seen } = await open(operator.username, operator.password, '/');
    try {
      await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'System', exact: true }).count(), 0);
      // The URL typed in: the API's 403 is shown as the forbidden page, naming the permission.
      await page.goto('/system');
      await page.getByRole('heading', { name: 'You do not have permission to see the system overview', exact: true }).waitFor();
      assert.equal(await page.getByTestId('missing-permission').textContent(), 'cluster:read');
      await axe(page, 'system page, forbidden');
      await shot(page, '43-system-forbidden');
    } finally {
      problems.push(unexpected(seen, expected403));
      await page.close();
    }
  });

  test('a service detail page draws its latency chart, sets and ends a maintenance window', async () => {
    const { page, problems: seen } = await open(operator.username, operator.password, '/services');
    try {
      await page.getByRole('link', { name: api, exact: true }).click();
      await page.getByRole('heading', { name: api, exact: true }).waitFor();
      // The page refreshes itself every 10 s; the probe runs every second and its minutes are written as it goes.
      await page.locator('time-chart:not([data-points="0"])').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid=probe-status]', { hasText: 'Healthy' }).waitFor({ timeout: 60_000 });
      assert.ok((await painted(page)) > 500, 'the latency chart is drawn');
      assert.equal(await page.locator('dag-view g.node').count(), 2, 'the service and the one that depends on it');
      assert.match(await page.locator('dag-view svg').getAttribute('aria-label'), /^Services .* depends on and that depend on it/);
      // The chart in words, for screen readers (the canvas has none).
      assert.match(await page.getByTestId('chart-summary').textContent(), /p50: latest [\d.]+ ms, lowest [\d.]+ ms, highest [\d.]+ ms/);
      await page.locator('[data-testid=transitions] tbody tr').first().waitFor();

      await page.getByLabel('Reason').fill('upgrading the API');
      await page.getByRole('button', { name: 'Set maintenance window', exact: true }).click();
      await page.locator('[data-testid=maintenance-window]', { hasText: 'upgrading the API' }).waitFor();
      await page.locator('[data-testid=service-status]', { hasText: 'Maintenance' }).waitFor();
      await shot(page, '42-service-detail');
      await axe(page, 'service detail');
      await themes(page, '42-service-detail');
      await page.getByRole('button', { name: 'End maintenance now', exact: true }).click();
      await page.getByText('No maintenance window.').waitFor();
      await page.locator('[data-testid=service-status]', { hasText: 'Maintenance' }).waitFor({ state: 'detached' });

      // To the other service through the graph: the same element shows it, with a fresh form and none of the first's answers.
      await page.getByLabel('Reason').fill('typed for the first service');
      await page.locator(`dag-view g.node[data-step="${web}"]`).click();
      await page.getByRole('heading', { name: web, exact: true }).waitFor();
      await page.locator('[data-testid=transitions]').waitFor();
      assert.equal(await page.getByLabel('Reason').inputValue(), '', 'the form starts empty for the other service');
      assert.equal(await page.getByText('Maintenance window ended.').count(), 0, 'the first service\'s message is gone');
    } finally {
      problems.push(seen);
      await page.close();
    }
  });

  test('no CSP violation, uncaught exception or console error on any page', () => {
    assert.deepEqual(unexpected(problems.flat()), []);
  });
});
