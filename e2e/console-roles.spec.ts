import { expect, test } from './fixtures';
import { openSeededDraft, resetDraft, row, tree } from './buddies-support';

/**
 * What a viewer may not do is not offered: the buddies editor is read-only (previews, diff and
 * history stay). Channels and version rules: version-rules.spec.ts and channels.spec.ts. The server refuses anyway.
 */

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

test('a viewer gets a read-only buddies editor that still shows previews, diff and history, and says why', async ({ signedInAs }) => {
  const viewer = await signedInAs('viewer');
  await viewer.goto('/buddies');
  await expect(row(viewer, 'Liam')).toBeVisible();
  await expect(
    viewer.getByText('You are a viewer: you can look at the draft, its previews and its history, not change them.'),
  ).toBeVisible();

  const toolbar = viewer.getByRole('toolbar', { name: 'Draft actions' });
  for (const name of ['+ Group', '+ Channel', 'Undo', 'Redo', 'Import…', 'Publish…'])
    await expect(toolbar.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(toolbar.getByRole('link', { name: 'Export draft' })).toBeVisible();

  // Rows: no drag handles, no selection boxes, no toggles; the flags are still there to read.
  await expect(tree(viewer).getByRole('button', { name: /^Drag / })).toHaveCount(0);
  await expect(tree(viewer).getByRole('checkbox')).toHaveCount(0);
  await expect(tree(viewer).getByRole('button', { name: /^Publish .* on (web|mobile)$/ })).toHaveCount(0);
  await expect(row(viewer, 'Liam').getByText('Mobile', { exact: true })).toBeVisible();

  // The side panel shows every field, none editable, and no Save, Duplicate or Delete.
  await row(viewer, 'Liam').click();
  const panel = viewer.getByRole('form', { name: 'Node details' });
  await expect(panel.getByLabel('Name')).toHaveValue('Liam');
  await expect(panel.getByLabel('Name')).not.toBeEditable();
  await expect(panel.getByLabel('Type')).toBeDisabled();
  await expect(panel.getByLabel('Published on web')).toBeDisabled();
  for (const name of ['Save changes', 'Revert', 'Duplicate', 'Delete']) await expect(panel.getByRole('button', { name })).toHaveCount(0);

  // Keyboard moves and deletes are not offered either: nothing is sent.
  const place = await row(viewer, 'Liam').getAttribute('aria-posinset');
  const writes: string[] = [];
  viewer.on('request', (request) => void (request.method() !== 'GET' && writes.push(request.url())));
  await row(viewer, 'Liam').press('Alt+ArrowUp');
  await row(viewer, 'Liam').press('Delete');
  await viewer.keyboard.press('Control+z');
  await expect(row(viewer, 'Liam')).toHaveAttribute('aria-posinset', place!);
  expect(writes).toEqual([]);

  const previews = viewer.getByRole('region', { name: 'Previews' });
  await expect(previews.getByRole('region', { name: 'Mobile app preview' })).toContainText('Liam');

  await toolbar.getByRole('link', { name: 'History' }).click();
  const versions = viewer.getByRole('table', { name: 'Published versions' });
  await expect(versions.getByRole('row').nth(1)).toContainText('live');
  await expect(versions.getByRole('button', { name: /^Roll back/ })).toHaveCount(0);
  await expect(viewer.getByLabel('Differences')).toBeAttached();
});
