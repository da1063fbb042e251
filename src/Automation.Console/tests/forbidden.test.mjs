// A role that may read definitions but not workflows: the workflows list and a run page show the 403 page naming the
// missing permission (never a blank page or a bare error line), and the navigation offers neither.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, launch, openSignedIn, signIn, unexpected } from './support.mjs';

const run = Date.now().toString(36);
const role = `definitions-reader-${run}`;
const user = { username: `reader-${run}`, password: `Forbidden-${run}-secret!` };
const expected403 = [/Failed to load resource: the server responded with a status of 403/];
let browser;

before(async () => {
  const admin = await signIn(process.env.CONSOLE_ADMIN_USER ?? 'admin', process.env.CONSOLE_ADMIN_PASSWORD);
  await call('PUT', `/api/v1/roles/${role}`, { token: admin, body: { permissions: ['definitions:read'] } });
  await call('POST', '/api/v1/users', { token: admin, body: { ...user, roles: [role] } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

describe('pages a role may not read', () => {
  test('the workflows list and a run page name workflows:read as missing', async () => {
    const { page, problems } = await openSignedIn(browser, user.username, user.password, '/workflows');
    try {
      await page.getByRole('heading', { name: 'You do not have permission to see the workflows', exact: true }).waitFor();
      assert.equal(await page.locator('[data-testid=missing-permission]').textContent(), 'workflows:read');
      assert.equal(await page.getByRole('link', { name: 'Workflows', exact: true }).count(), 0, 'no Workflows link in the navigation');
      await page.goto(`/workflows/any-${run}`);
      await page.getByRole('heading', { name: 'You do not have permission to see this workflow', exact: true }).waitFor();
      assert.equal(await page.locator('[data-testid=missing-permission]').textContent(), 'workflows:read');
      assert.deepEqual(unexpected(problems, expected403), []);
    } finally {
      await page.close();
    }
  });
});
