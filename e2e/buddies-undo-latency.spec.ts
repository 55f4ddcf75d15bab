import { expect, test } from './fixtures';
import { holdEdits, openSeededDraft, resetDraft, row, serverDraft, tree } from './buddies-support';
import type { BuddyItem } from '../lib/buddies/spec-json';

/**
 * Undo, redo and saves while the server is slow: every edit enters the history when it is made, the
 * saves go one at a time and in order, and a refused save takes back only itself (and what depends on it).
 * The server is made slow by holding each edit in the browser until the test lets it through.
 */
test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

const node = (items: BuddyItem[], address: string) =>
  items.flatMap((item) => [item, ...item.items]).find((item) => item.address === address);
const onWeb = (page: import('@playwright/test').Page, name: string) =>
  row(page, name).getByRole('button', { name: `Publish ${name} on web` });
const saved = (page: import('@playwright/test').Page) => expect(page.getByText('All changes saved to the draft')).toBeVisible();

test('Ctrl+Z right after a toggle undoes the toggle, not the edit before it, while the toggle is still being saved', async ({ page }) => {
  await row(page, 'Liam').click();
  const panel = page.getByRole('form', { name: 'Node details' });
  await panel.getByLabel('Name').fill('Liam Monk');
  await panel.getByRole('button', { name: 'Save changes' }).click();
  await saved(page);

  const edits = await holdEdits(page);
  await onWeb(page, 'Liam Monk').click();
  await expect(onWeb(page, 'Liam Monk')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Saving…')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(onWeb(page, 'Liam Monk')).toHaveAttribute('aria-pressed', 'false');
  await expect(row(page, 'Liam Monk')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('title', 'Redo: Published Liam Monk on web');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: Edited Liam');

  await edits.release();
  await edits.release();
  await saved(page);
  expect(edits.arrived.map(({ op }) => op)).toEqual([
    { kind: 'setFlag', addresses: ['liam'], flag: 'webIsPublished', value: true },
    { kind: 'setFlag', addresses: ['liam'], flag: 'webIsPublished', value: false },
  ]);
  expect(edits.mostInFlight()).toBe(1);
  expect(node((await serverDraft(page)).items, 'liam')).toMatchObject({ webIsPublished: false, info: { name: 'Liam Monk' } });
});

test('Ctrl+Z then Ctrl+Shift+Z at once keeps the redo, and the saves follow in order', async ({ page }) => {
  const edits = await holdEdits(page);
  await onWeb(page, 'Liam').click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(onWeb(page, 'Liam')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(onWeb(page, 'Liam')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: Published Liam on web');
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
  // One save at a time: the second waits for the first to be answered.
  await expect.poll(() => edits.arrived.length).toBe(1);

  for (let n = 0; n < 3; n += 1) await edits.release();
  await saved(page);
  expect(edits.arrived.map(({ op }) => (op as { value: boolean }).value)).toEqual([true, false, true]);
  expect(edits.mostInFlight()).toBe(1);
  expect(node((await serverDraft(page)).items, 'liam')?.webIsPublished).toBe(true);
});

test('a refused save rolls back only itself and the queued edit that depends on it, with the server’s message', async ({ page }) => {
  const edits = await holdEdits(page);
  await onWeb(page, 'Liam').click();
  await row(page, 'Mobile Ticketing').click();
  await page.getByRole('form', { name: 'Node details' }).getByRole('button', { name: 'Duplicate' }).click();
  await onWeb(page, 'Mobile Ticketing (copy)').click();
  await onWeb(page, 'Fibra Fastweb').click();
  await expect(onWeb(page, 'Mobile Ticketing (copy)')).toHaveAttribute('aria-pressed', 'true');

  await edits.release();
  // The server refuses the duplicate: it is sent for a node the server does not have.
  await edits.release({ kind: 'duplicate', address: 'no-such-node' });
  const alert = page.getByRole('alert').filter({ hasText: '"Duplicated Mobile Ticketing" was not saved' });
  await expect(alert).toContainText('No node has the address "no-such-node"');
  await expect(alert).toContainText('Not saved either, as they depended on it: "Published Mobile Ticketing (copy) on web"');
  await expect(row(page, 'Mobile Ticketing (copy)')).toHaveCount(0);
  await expect(onWeb(page, 'Liam')).toHaveAttribute('aria-pressed', 'true');
  await expect(onWeb(page, 'Fibra Fastweb')).toHaveAttribute('aria-pressed', 'true');

  await edits.release();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  expect(edits.arrived).toHaveLength(3);
  const { items } = await serverDraft(page);
  expect([node(items, 'liam')?.webIsPublished, node(items, 'ffc2b639-bbc0-47c1-acd3-e9a4e74f865c')?.webIsPublished]).toEqual([true, true]);
  expect(node(items, 'mobile_ticketing_group-copy')).toBeUndefined();
  await expect(tree(page).getByRole('treeitem')).toHaveCount(7);

  // The history holds what was saved, and nothing else.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: Published Fibra Fastweb on web');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: Published Liam on web');
  await edits.release();
  await saved(page);
  await expect(onWeb(page, 'Fibra Fastweb')).toHaveAttribute('aria-pressed', 'false');
});
