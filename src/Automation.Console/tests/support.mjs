// Helpers for the console's browser tests: the API over fetch (set-up only), TOTP codes, and a Chromium launched
// from Debian's package through playwright-core (never a downloaded browser).
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const baseUrl = process.env.CONSOLE_BASE_URL ?? 'http://127.0.0.1:5000';
export const artifacts = process.env.CONSOLE_ARTIFACTS ?? path.resolve('artifacts/console');
mkdirSync(artifacts, { recursive: true });

export async function call(method, url, { token, body, expect = [200, 201, 202, 204] } = {}) {
  const response = await fetch(baseUrl + url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  }
  return json;
}

export async function signIn(username, password, mfaCode) {
  const answer = await call('POST', '/api/v1/auth/token', { body: { username, password, ...(mfaCode ? { mfaCode } : {}) } });
  return answer.accessToken;
}

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), for the time step `step`. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}
export const currentStep = () => Math.floor(Date.now() / 30_000);

export async function launch() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CONSOLE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1360, height: 900 },
    baseURL: baseUrl,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Watches a page for what must never happen: a Content-Security-Policy violation, an uncaught exception, a console
 * error. Failed requests the test provokes on purpose (a 401 while signing in with MFA) are listed in `allowed`.
 */
export async function watch(page) {
  const problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || (msg.type() === 'warning' && /Content.Security.Policy/i.test(msg.text()))) {
      problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location().url})`);
    }
  });
  return problems;
}

export function unexpected(problems, allowed = []) {
  return problems.filter((p) => !allowed.some((a) => a.test(p)));
}

export async function shot(page, name) {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens a new tab of `browser` signed in through the sign-in page as `username` (an account without MFA), waits
 * for the shell, and returns the page with its problem watcher. For test files other than console.test.mjs: each
 * file runs in its own process (scripts/console-test.sh runs every tests/*.test.mjs, one at a time) against the
 * same system, so each creates the users it needs with names unique to the run.
 */
export async function openSignedIn(browser, username, password, url = '/') {
  const page = await browser.context.newPage();
  const problems = await watch(page);
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.who').waitFor();
  return { page, problems };
}
