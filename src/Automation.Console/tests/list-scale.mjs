// Run by scripts/list-scale.sh (not a test file: it measures, asserts nothing about time). Opens the console's
// workflows list against a visibility table of 100,000 rows and reports how long the page takes to show rows and
// chips, to filter by a chip, and to turn pages.
import { launch, openSignedIn, unexpected } from './support.mjs';

const runs = 5;
const browser = await launch();
try {
  const { page, problems } = await openSignedIn(browser, process.env.CONSOLE_ADMIN_USER ?? 'admin', process.env.CONSOLE_ADMIN_PASSWORD);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const timed = async (action, ready) => {
    const begin = Date.now();
    await action();
    await ready();
    return Date.now() - begin;
  };
  const rowsAndChips = async () => {
    await page.locator('tbody tr[data-workflow]').first().waitFor();
    await page.locator('.chips button[data-status=Failed] .count').waitFor();
  };
  const open = [];
  const chip = [];
  const next = [];
  for (let i = 0; i < runs; i++) {
    open.push(await timed(() => page.goto('/workflows'), rowsAndChips));
    chip.push(await timed(() => page.locator('.chips button[data-status=Failed]').click(),
      () => page.locator('.chips button[data-status=Failed][aria-pressed=true]').waitFor().then(() => page.locator('table.list[aria-busy=false] tbody tr[data-workflow]').first().waitFor())));
    const first = await page.locator('tbody tr[data-workflow]').first().getAttribute('data-workflow');
    next.push(await timed(() => page.getByRole('button', { name: 'Next', exact: true }).click(),
      () => page.waitForFunction((id) => document.querySelector('table.list[aria-busy=false] tbody tr[data-workflow]')?.getAttribute('data-workflow') !== id, first)));
  }
  console.log(`Console /workflows in headless Chromium (median of ${runs}): open to rows and chips ${median(open)} ms, `
    + `Failed chip to filtered rows ${median(chip)} ms, Next page ${median(next)} ms`);
  const bad = unexpected(problems);
  if (bad.length) {
    console.error(bad.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
