import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './axe';
import { openSeededDraft, resetDraft, row, tree } from './buddies-support';

/**
 * Every console page passes axe with no serious or critical violation, for the admin and in the
 * viewer's read-only editor (first-run-setup.spec.ts checks /setup); dialogs keep focus inside and
 * give it back; the editor works from the keyboard alone.
 */

test('the sign-in page', async ({ browser }) => {
  const context = await browser.newContext();
  const anonymous = await context.newPage();
  await anonymous.goto('/sign-in');
  await expect(anonymous.getByRole('button', { name: /sign in/i })).toBeVisible();
  await expectNoSeriousViolations(anonymous, '/sign-in');
  await context.close();
});

test('the buddies editor, its dialogs and the history, as the admin', async ({ page }) => {
  test.slow(); // four axe runs
  await openSeededDraft(page);
  try {
    await row(page, 'Mobile Ticketing').click();
    await expect(page.getByRole('form', { name: 'Node details' })).toBeVisible();
    await expectNoSeriousViolations(page, '/buddies with a node open');
    await page.getByRole('button', { name: 'Publish…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousViolations(page, 'the publish dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import…' }).click();
    await expectNoSeriousViolations(page, 'the import dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'History' }).click();
    await expect(page.getByRole('table', { name: 'Published versions' }).getByRole('row').nth(1)).toBeVisible();
    await expectNoSeriousViolations(page, '/buddies/history');
  } finally {
    await resetDraft(page);
  }
});

test('version rules with the form open and a simulation', async ({ page }) => {
  await page.goto('/version-rules');
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await simulator.getByLabel('packageName').fill('it.monksoftware.eime');
  await simulator.getByLabel('buildNumber').fill('141');
  await simulator.getByLabel('apiVersion').fill('1');
  await simulator.getByRole('button', { name: 'Simulate' }).click();
  await expect(simulator.getByRole('status')).toBeVisible();
  await page.getByRole('button', { name: 'New rule' }).click();
  await expectNoSeriousViolations(page, '/version-rules with the form and a simulation');
});

test('channels and a channel', async ({ page }) => {
  await page.goto('/channels?domain=localhost');
  const channels = page.getByRole('table', { name: 'Channels' });
  await expect(channels.getByRole('row').nth(1)).toBeVisible();
  await expectNoSeriousViolations(page, '/channels');
  await channels.getByRole('row').nth(1).getByRole('link').click();
  await expect(page.getByRole('table', { name: 'Subscribers' })).toBeVisible();
  await expectNoSeriousViolations(page, '/channels/[id]');
});

test('operators, audit, status and your account', async ({ page }) => {
  test.slow(); // four pages and four axe runs
  for (const [path, ready] of [
    ['/operators', page.getByRole('table', { name: 'Operators' }).getByRole('row').nth(1)],
    ['/audit', page.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1)],
    ['/status', page.getByRole('status')],
    ['/account', page.getByRole('button', { name: /password/i })],
  ] as const) {
    await page.goto(path);
    await expect(ready.first()).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
});

test("the viewer's read-only editor and history", async ({ page, signedInAs }) => {
  test.slow(); // two pages and two axe runs on a shared machine
  await openSeededDraft(page);
  const viewer = await signedInAs('viewer');
  await viewer.goto('/buddies');
  await row(viewer, 'Liam').click();
  await expect(viewer.getByRole('form', { name: 'Node details' })).toBeVisible();
  await expectNoSeriousViolations(viewer, "the viewer's /buddies");
  await viewer.getByRole('link', { name: 'History' }).click();
  await expect(viewer.getByRole('table', { name: 'Published versions' }).getByRole('row').nth(1)).toBeVisible();
  await expectNoSeriousViolations(viewer, "the viewer's /buddies/history");
});

test('a dialog keeps focus inside while open and gives it back to what opened it', async ({ page }) => {
  await openSeededDraft(page);
  try {
    const opener = page.getByRole('button', { name: 'Import…' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Import buddies JSON' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('JSON')).toBeFocused();
    // Tab through more controls than the dialog has: focus never leaves it.
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement)), `after ${step + 1} tabs`).toBe(true);
    }
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press('Shift+Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement)), `after ${step + 1} shift-tabs`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();

    // A click on the dialog's own edge keeps it; a click on the backdrop closes it.
    await page.keyboard.press('Enter');
    const edge = (await dialog.boundingBox())!;
    await page.mouse.click(edge.x + 3, edge.y + 3);
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, edge.y + edge.height / 2);
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();

    // The same with a confirmation: deleting a group from the keyboard.
    await row(page, 'Mobile Ticketing').click();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete the group "Mobile Ticketing"?' });
    await expect(confirm).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(row(page, 'Mobile Ticketing')).toBeFocused();
  } finally {
    await resetDraft(page);
  }
});

test('the editor works from the keyboard alone: Tab into the tree, arrows to a row, toggle its web flag, edit a field', async ({
  page,
}) => {
  await openSeededDraft(page);
  try {
    await page.getByRole('button', { name: 'Publish…' }).focus();
    await page.keyboard.press('Tab');
    await expect(tree(page).getByRole('treeitem').first()).toBeFocused();
    const liam = row(page, 'Liam');
    const rows = tree(page).getByRole('treeitem');
    const liamAt = (await rows.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')))).indexOf('Liam');
    for (let index = 1; index <= liamAt; index++) {
      await page.keyboard.press('ArrowDown');
      await expect(rows.nth(index)).toBeFocused();
    }
    await expect(liam).toBeFocused();
    await expect(liam).toHaveAttribute('aria-selected', 'true');
    // Tab from the row reaches its controls in order; Space operates them.
    const web = liam.getByRole('button', { name: 'Publish Liam on web' });
    for (let step = 0; step < 6 && !(await web.evaluate((element) => element === document.activeElement)); step++)
      await page.keyboard.press('Tab');
    await expect(web).toBeFocused();
    await page.keyboard.press('Space');
    await expect(web).toHaveAttribute('aria-pressed', 'true');
    const name = page.getByRole('form', { name: 'Node details' }).getByLabel('Name');
    for (let step = 0; step < 12 && !(await name.evaluate((element) => element === document.activeElement)); step++)
      await page.keyboard.press('Tab');
    await expect(name).toBeFocused();
    await page.keyboard.press('End');
    await page.keyboard.type(' Monk');
    await page.keyboard.press('Enter');
    await expect(row(page, 'Liam Monk')).toBeVisible();
  } finally {
    await resetDraft(page);
  }
});
