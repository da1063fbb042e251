// A duplicated tab starts with a copy of the first tab's sessionStorage: both hold the same refresh token, which the
// API rotates on every use and revokes the whole sign-in for when a spent one is used again. The tabs must share
// each rotation instead of both spending the token (src/session.ts): neither is signed out, whichever refreshes
// first and even when both refresh at the same moment.
// Also: a refresh the API cannot answer (a 5xx, no answer) keeps the session instead of asking to sign in again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, launch, openSignedIn, signIn, unexpected, watch } from './support.mjs';

const run = Date.now().toString(36);
const user = { username: `tabs-${run}`, password: `Duplicate-${run}-secret!` };
let browser;
let first;
let second;
const problems = [];
// The expired access tokens this test plants are answered 401 before each refresh.
const expected401 = [/Failed to load resource: the server responded with a status of 401/];
// The refresh answered 503 on purpose (by the test, in the browser) to show the session is kept.
const expected503 = [/Failed to load resource: the server responded with a status of 503/];

/** Replaces the tab's access token with one the API refuses (the refresh token stays) and reloads the page. */
async function expireAccessAndReload(page) {
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('automation.session'));
    sessionStorage.setItem('automation.session', JSON.stringify({ ...s, accessToken: 'expired' }));
  });
  await page.reload();
}

/** Waits until the tab shows who is signed in (the refresh worked) or asks to sign in (it did not); answers which. */
async function outcome(page) {
  const signedIn = page.locator('.who', { hasText: user.username });
  const asked = page.getByRole('dialog', { name: 'Session expired' }).or(page.getByLabel('Username'));
  await signedIn.or(asked).first().waitFor();
  return (await signedIn.count()) > 0 ? 'signed in' : 'asked to sign in';
}

before(async () => {
  const admin = await signIn(process.env.CONSOLE_ADMIN_USER ?? 'admin', process.env.CONSOLE_ADMIN_PASSWORD);
  await call('POST', '/api/v1/users', { token: admin, body: { ...user, roles: ['operator'] } });
  browser = await launch();
  const opened = await openSignedIn(browser, user.username, user.password, '/workflows');
  first = opened.page;
  problems.push(opened.problems);
  // "Duplicate tab": a new tab of the same origin starting with a copy of the first tab's sessionStorage.
  const copy = await first.evaluate(() => sessionStorage.getItem('automation.session'));
  second = await browser.context.newPage();
  const secondProblems = await watch(second);
  await second.addInitScript((value) => {
    if (!sessionStorage.getItem('automation.session')) sessionStorage.setItem('automation.session', value);
  }, copy);
  await second.goto('/workflows');
  assert.equal(await outcome(second), 'signed in');
  problems.push(secondProblems);
});

after(async () => {
  await browser?.close();
});

describe('duplicated tab', () => {
  test('one tab refreshes, then the other: both stay signed in with the same sign-in', async () => {
    await expireAccessAndReload(first);
    assert.equal(await outcome(first), 'signed in');
    // The second tab takes the rotated refresh token (delivered by broadcast, so waited for, not read at once).
    const rotated = await first.evaluate(() => JSON.parse(sessionStorage.getItem('automation.session')).refreshToken);
    await second.waitForFunction((rt) => JSON.parse(sessionStorage.getItem('automation.session')).refreshToken === rt, rotated, { timeout: 5_000 });
    await expireAccessAndReload(second);
    assert.equal(await outcome(second), 'signed in');
  });

  test('both tabs refresh at the same moment: one spends the token, the other takes its successor', async () => {
    await Promise.all([first, second].map((p) => expireAccessAndReload(p)));
    assert.deepEqual(await Promise.all([outcome(first), outcome(second)]), ['signed in', 'signed in']);
    // The sign-in was not revoked as a replay: a further refresh still works in each tab.
    for (const page of [first, second]) {
      await expireAccessAndReload(page);
      assert.equal(await outcome(page), 'signed in');
    }
  });

  test('a refresh the API cannot answer (503) keeps the session: the page says so, and trying again signs in nothing', async () => {
    await first.route('**/api/v1/auth/refresh', (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, title: 'Service Unavailable' }),
    }));
    try {
      await expireAccessAndReload(first);
      await first.getByRole('heading', { name: 'The API is unreachable', exact: true }).waitFor();
      assert.equal(await first.getByRole('dialog', { name: 'Session expired' }).count(), 0, 'no sign-in asked for');
      assert.ok(await first.evaluate(() => JSON.parse(sessionStorage.getItem('automation.session'))?.refreshToken), 'the refresh token is kept');
    } finally {
      await first.unroute('**/api/v1/auth/refresh');
    }
    await first.getByRole('button', { name: 'Try again', exact: true }).click();
    assert.equal(await outcome(first), 'signed in');
  });

  test('no CSP violation, uncaught exception or console error in either tab', () => {
    for (const list of problems) assert.deepEqual(unexpected(list, [...expected401, ...expected503]), []);
  });
});
