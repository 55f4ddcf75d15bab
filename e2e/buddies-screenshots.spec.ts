import { expect, screenshotPath, test } from './fixtures';
import { openSeededDraft, resetDraft, row } from './buddies-support';

/** The screenshots of docs/buddies.md at desktop width (1440 px, playwright.config.ts); see screenshotPath. */

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

test('screenshots of the editor, the previews, the publish dialog and the history', async ({ page }, testInfo) => {
  await row(page, 'Mobile Ticketing').click();
  await expect(page.getByRole('form', { name: 'Node details' })).toBeVisible();
  await row(page, 'Fibra Fastweb').getByRole('checkbox').check();
  await row(page, 'Liam').getByRole('checkbox').check();
  await expect(page.getByRole('toolbar', { name: 'Selected nodes' })).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'buddies-editor.png') });

  const previews = page.getByRole('region', { name: 'Previews' });
  await previews.scrollIntoViewIfNeeded();
  await expect(previews.getByRole('region', { name: 'Web chat preview' })).toBeVisible();
  await previews.screenshot({ path: screenshotPath(testInfo, 'buddies-previews.png') });

  await page.evaluate(() => window.scrollTo(0, 0));
  await row(page, 'Liam').getByRole('button', { name: 'Publish Liam on web' }).click();
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  await page.getByRole('button', { name: 'Publish…' }).click();
  await expect(page.getByRole('dialog').getByText('Liam: web hidden → published')).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'buddies-publish-dialog.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('table', { name: 'Published versions' })).toBeVisible();
  await page.screenshot({ path: screenshotPath(testInfo, 'buddies-history.png') });
});
