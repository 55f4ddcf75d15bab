import { expect, test } from './fixtures';
import specExamples from '../server/seed/spec-examples.json' with { type: 'json' };
import { dragRow, openSeededDraft, resetDraft, row, tree } from './buddies-support';

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

test("imports the spec's Mobile Ticketing example into the draft, and lists a bad document's errors before sending anything", async ({ page }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('textbox', { name: 'JSON', exact: true }).fill(JSON.stringify(specExamples.mobileTicketing, null, 2));
  await expect(page.getByText('3 nodes ready to import')).toBeVisible();
  await page.getByRole('button', { name: 'Replace the draft' }).click();
  await expect(tree(page).getByRole('treeitem')).toHaveText([/Mobile Ticketing/, /ATM Milano/, /ATAF Firenze/]);
  await expect(row(page, 'ATM Milano')).toHaveAttribute('aria-level', '2');
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  await page.reload();
  await expect(tree(page).getByRole('treeitem')).toHaveCount(3);

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('textbox', { name: 'JSON', exact: true }).fill("{ items: [ { address: 'liam', type: 'channel', items: [ {address: 'x', type: 'channel'} ] } ] }");
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('cannot contain items');
  await expect(page.getByRole('button', { name: 'Replace the draft' })).toBeDisabled();
});

test('undo and redo the last edits', async ({ page }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByRole('textbox', { name: 'JSON', exact: true }).fill(JSON.stringify(specExamples.liam));
  await page.getByRole('button', { name: 'Replace the draft' }).click();
  await expect(tree(page).getByRole('treeitem')).toHaveCount(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(tree(page).getByRole('treeitem')).toHaveCount(7);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(tree(page).getByRole('treeitem')).toHaveCount(1);
});

test('refuses a drop onto a channel while dragging, and sends nothing', async ({ page }) => {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') writes.push(request.url());
  });
  const order = await tree(page).getByRole('treeitem').allInnerTexts();
  await dragRow(page, row(page, 'Liam'), row(page, 'Fibra Fastweb'), 0.5, { hold: true });
  await expect(page.locator('.bt-ghost')).toContainText('Not allowed: "Fibra Fastweb" is a channel, only groups contain nodes');
  await expect(row(page, 'Fibra Fastweb')).toHaveClass(/drop-refused/);
  await page.mouse.up();
  await expect(row(page, 'Fibra Fastweb')).not.toHaveClass(/drop-refused/);
  expect(await tree(page).getByRole('treeitem').allInnerTexts()).toEqual(order);
  expect(writes).toEqual([]);
});

test('moves rows with the keyboard: Alt+arrows, and the accessible drag (space, arrows, space) with announcements', async ({ page }) => {
  await row(page, 'Liam').click();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(row(page, 'Liam')).toHaveAttribute('aria-posinset', '4');
  await expect(row(page, 'Liam')).toBeFocused();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(row(page, 'Liam')).toHaveAttribute('aria-posinset', '5');

  await row(page, 'Liam').getByRole('button', { name: 'Drag Liam' }).focus();
  await page.keyboard.press('Space');
  // The screen reader hears each step; two thirds of a row up is the bottom edge of the group's last node.
  await expect(page.getByText('Picked up Liam.')).toBeAttached();
  // dnd-kit starts listening for the arrow keys in a timer after the pick-up: let the page run its queued timers.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve)));
  const ghost = page.locator('.bt-ghost');
  for (const step of [1, 2]) {
    // Each step moves from where the dragged row is drawn: wait for it to be drawn there.
    const before = (await ghost.boundingBox())!.y;
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await ghost.boundingBox())!.y, { message: `step ${step}` }).toBeLessThan(before - 10);
  }
  await expect(page.locator('.bt-ghost')).toContainText('Move "Liam" into "Mobile Ticketing", position 3');
  await expect(page.getByRole('status').filter({ hasText: 'Move "Liam" into "Mobile Ticketing", position 3' })).toBeAttached();
  await page.keyboard.press('Space');
  await expect(row(page, 'Liam')).toHaveAttribute('aria-level', '2');
  await expect(row(page, 'Liam')).toHaveAttribute('aria-posinset', '3');

  await row(page, 'Liam').click();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(row(page, 'Liam')).toHaveAttribute('aria-level', '1');
});

test('validates the side panel as you type, beside each field', async ({ page }) => {
  await row(page, 'Liam').click();
  const panel = page.getByRole('form', { name: 'Node details' });
  await panel.getByLabel('Address', { exact: true }).fill('atm_milano');
  await expect(panel.getByText('Another node in this domain has this address')).toBeVisible();
  await panel.getByLabel('Address', { exact: true }).fill('');
  await expect(panel.getByText('Address is required')).toBeVisible();
  await panel.getByLabel('Address', { exact: true }).fill('liam-renamed');
  await panel.getByLabel('Thumb URL').fill('not a url');
  await expect(panel.getByText('Enter a full http:// or https:// URL, or leave it empty')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await panel.getByLabel('Thumb URL').fill('https://example.com/liam.png');
  await panel.getByLabel('Name').fill('Liam Monk');
  await panel.getByRole('button', { name: 'Save changes' }).click();
  await expect(row(page, 'Liam Monk')).toBeVisible();
  await page.reload();
  await expect(row(page, 'Liam Monk')).toBeVisible();
});

test('a stale write from a second browser is refused with a clear message and the fresh draft', async ({ page, signedInAs }) => {
  const second = await signedInAs('editor');
  await second.goto('/buddies');
  await expect(row(second, 'Liam')).toBeVisible();

  await row(page, 'Liam').getByRole('button', { name: 'Publish Liam on web' }).click();
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  await expect(row(page, 'Liam').getByRole('button', { name: 'Publish Liam on web' })).toHaveAttribute('aria-pressed', 'true');

  await row(second, 'Fibra Fastweb').getByRole('button', { name: 'Publish Fibra Fastweb on web' }).click();
  await expect(second.getByRole('alert').filter({ hasText: 'Someone else changed this draft since you loaded it' })).toBeVisible();
  await expect(row(second, 'Liam').getByRole('button', { name: 'Publish Liam on web' })).toHaveAttribute('aria-pressed', 'true');
  await expect(row(second, 'Fibra Fastweb').getByRole('button', { name: 'Publish Fibra Fastweb on web' })).toHaveAttribute('aria-pressed', 'false');
});
