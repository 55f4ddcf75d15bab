import { expect, test } from './fixtures';
import { openSeededDraft, resetDraft, row, serverDraft } from './buddies-support';

/** Typed side-panel changes are never dropped silently: another row, a console link and leaving the page all ask. */
test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

const panel = (page: import('@playwright/test').Page) => page.getByRole('form', { name: 'Node details' });
const liamName = async (page: import('@playwright/test').Page) =>
  (await serverDraft(page)).items.find((item) => item.address === 'liam')?.info.name;

test('clicking another row asks first: keep editing, discard, or save and go', async ({ page }) => {
  await row(page, 'Liam').click();
  await panel(page).getByLabel('Name').fill('Liam Monk');
  // A flag toggled in the tree meanwhile does not wipe what was typed.
  await row(page, 'Liam').getByRole('button', { name: 'Publish Liam on web' }).click();
  await expect(panel(page).getByLabel('Name')).toHaveValue('Liam Monk');
  await expect(panel(page).getByLabel('Published on web')).toBeChecked();

  await row(page, 'Fibra Fastweb').click();
  const ask = page.getByRole('dialog', { name: 'Save your changes to "Liam"?' });
  await expect(ask).toContainText('You changed Name');
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(panel(page).getByLabel('Name')).toHaveValue('Liam Monk');

  await row(page, 'Fibra Fastweb').click();
  await ask.getByRole('button', { name: 'Save changes' }).click();
  await expect(panel(page).getByLabel('Name')).toHaveValue('Fibra Fastweb');
  await expect(row(page, 'Liam Monk')).toBeVisible();
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  expect(await liamName(page)).toBe('Liam Monk');

  await panel(page).getByLabel('Status').fill('typed, then discarded');
  await row(page, 'Liam Monk').click();
  await page
    .getByRole('dialog', { name: 'Save your changes to "Fibra Fastweb"?' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await expect(panel(page).getByLabel('Name')).toHaveValue('Liam Monk');
  const fibra = (await serverDraft(page)).items.find((item) => item.info.name === 'Fibra Fastweb');
  expect(fibra?.info.status).not.toBe('typed, then discarded');
});

test('a console link asks before leaving the editor, and saving goes on to the page', async ({ page }) => {
  await row(page, 'Liam').click();
  await panel(page).getByLabel('Name').fill('Liam Monk');
  await page.getByRole('link', { name: 'Channels' }).click();
  const ask = page.getByRole('dialog', { name: 'Save your changes to "Liam"?' });
  await expect(ask).toBeVisible();
  await expect(page).toHaveURL(/\/buddies/);
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(panel(page).getByLabel('Name')).toHaveValue('Liam Monk');

  await page.getByRole('link', { name: 'Channels' }).click();
  await ask.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\/channels/);
  await expect.poll(() => liamName(page)).toBe('Liam Monk');
});

test('leaving the page with typed changes asks the browser to confirm', async ({ page }) => {
  await row(page, 'Liam').click();
  await panel(page).getByLabel('Name').fill('Liam Monk');
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);
  await expect(panel(page).getByLabel('Name')).toHaveValue('Liam Monk');
});
