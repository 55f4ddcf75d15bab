import { expect, screenshotPath, test } from './fixtures';

/** The screenshots of docs/console.md at desktop width (1440 px, playwright.config.ts); see screenshotPath. */

test('screenshots of sign-in, version rules with the simulator, channels, operators, audit and status', async ({
  page,
  browser,
}, testInfo) => {
  const anonymous = await browser.newPage();
  await anonymous.goto('/sign-in');
  await anonymous.screenshot({ path: screenshotPath(testInfo, 'console-sign-in.png') });
  await anonymous.close();

  await page.goto('/version-rules');
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await simulator.getByLabel('osCode').fill('ANDROID');
  await simulator.getByLabel('packageName').fill('it.monksoftware.eime');
  await simulator.getByLabel('buildNumber').fill('1');
  await simulator.getByLabel('apiVersion').fill('1');
  await simulator.getByRole('button', { name: 'Simulate' }).click();
  await expect(simulator.getByRole('status')).toContainText('Must upgrade');
  await page.screenshot({ path: screenshotPath(testInfo, 'console-version-rules.png'), fullPage: true });

  await page.goto('/channels?domain=localhost');
  await expect(page.getByRole('table', { name: 'Channels' }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'console-channels.png') });

  await page.goto('/operators');
  await expect(page.getByRole('table', { name: 'Operators' }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'console-operators.png') });

  await page.goto('/audit');
  await expect(page.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1)).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'console-audit.png') });

  await page.goto('/status');
  await expect(page.getByRole('status')).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'console-status.png'), fullPage: true });
});
