import { expect, test } from './fixtures';
import specExamples from '../server/seed/spec-examples.json' with { type: 'json' };
import { shape } from '../test/support/buddy-trees';
import { dragRow, openSeededDraft, resetDraft, row, serverDraft, tree } from './buddies-support';

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

test("imports the spec's Mobile Ticketing example into the draft, and lists a bad document's errors before sending anything", async ({
  page,
}) => {
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
  await page
    .getByRole('textbox', { name: 'JSON', exact: true })
    .fill("{ items: [ { address: 'liam', type: 'channel', items: [ {address: 'x', type: 'channel'} ] } ] }");
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
  await expect(second.getByText('Your last change was not saved')).toBeVisible();
  await expect(row(second, 'Liam').getByRole('button', { name: 'Publish Liam on web' })).toHaveAttribute('aria-pressed', 'true');
  await expect(row(second, 'Fibra Fastweb').getByRole('button', { name: 'Publish Fibra Fastweb on web' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('duplicates a group with its contents right after it, under free addresses', async ({ page }) => {
  await row(page, 'Mobile Ticketing').click();
  const panel = page.getByRole('form', { name: 'Node details' });
  await panel.getByRole('button', { name: 'Duplicate' }).click();
  await expect(row(page, 'Mobile Ticketing (copy)')).toHaveAttribute('aria-posinset', '5');
  await expect(tree(page).getByRole('treeitem', { name: 'ATM Milano', exact: true })).toHaveCount(2);
  await panel.getByRole('button', { name: 'Duplicate' }).click();
  await expect(tree(page).getByRole('treeitem', { name: 'Mobile Ticketing (copy)', exact: true })).toHaveCount(2);
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();

  const { items } = await serverDraft(page);
  expect(shape(items).slice(3, 6)).toEqual([
    ['mobile_ticketing_group', ['atm_milano', 'atm_firenze']],
    ['mobile_ticketing_group-copy-2', ['atm_milano-copy-2', 'atm_firenze-copy-2']],
    ['mobile_ticketing_group-copy', ['atm_milano-copy', 'atm_firenze-copy']],
  ]);
  expect(items[5]).toMatchObject({
    ...items[3],
    address: 'mobile_ticketing_group-copy',
    info: { ...items[3]!.info, name: 'Mobile Ticketing (copy)' },
    items: expect.any(Array),
  });
});

test('deleting a group asks what becomes of its nodes: cancel keeps all, "move up" keeps them a level up, "delete them too" deletes them', async ({
  page,
}) => {
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') writes.push(request.url());
  });
  const askToDelete = async () => {
    await row(page, 'Mobile Ticketing').click();
    await page.getByRole('form', { name: 'Node details' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the group "Mobile Ticketing"?' });
    await expect(dialog).toContainText('It contains 2 nodes. What should happen to them?');
    return dialog;
  };

  await (await askToDelete()).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(tree(page).getByRole('treeitem')).toHaveCount(7);
  expect(writes).toEqual([]);

  await (await askToDelete()).getByRole('button', { name: 'Keep them: move up a level' }).click();
  await expect(row(page, 'Mobile Ticketing')).toHaveCount(0);
  await expect(row(page, 'ATM Milano')).toHaveAttribute('aria-level', '1');
  await expect(row(page, 'ATM Milano')).toHaveAttribute('aria-posinset', '4');
  await expect(row(page, 'ATAF Firenze')).toHaveAttribute('aria-posinset', '5');
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  expect(shape((await serverDraft(page)).items).slice(3)).toEqual(['atm_milano', 'atm_firenze', 'liam']);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(row(page, 'ATM Milano')).toHaveAttribute('aria-level', '2');
  // The Delete key on the selected row asks the same.
  await row(page, 'Mobile Ticketing').click();
  await page.keyboard.press('Delete');
  await page.getByRole('dialog', { name: 'Delete the group "Mobile Ticketing"?' }).getByRole('button', { name: 'Delete them too' }).click();
  await expect(tree(page).getByRole('treeitem')).toHaveText([
    /bot-for-test-all-possibilities-facebook/,
    /Bot for Test/,
    /Fibra Fastweb/,
    /Liam/,
  ]);
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  expect(shape((await serverDraft(page)).items).slice(3)).toEqual(['liam']);
});

test('publishes and hides many selected nodes at once, in one edit that one undo reverts', async ({ page }) => {
  const edits: unknown[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/buddies/ops')) edits.push(request.postDataJSON().op);
  });
  const chosen = ['Fibra Fastweb', 'ATM Milano', 'Liam'];
  await row(page, 'Fibra Fastweb').getByRole('checkbox', { name: 'Select Fibra Fastweb' }).check();
  await row(page, 'ATM Milano').getByRole('checkbox', { name: 'Select ATM Milano' }).check();
  await row(page, 'Liam').click({ modifiers: ['ControlOrMeta'] });
  const selection = page.getByRole('toolbar', { name: 'Selected nodes' });
  await expect(selection).toContainText('3 selected');
  const flag = (name: string, client: 'mobile' | 'web') => row(page, name).getByRole('button', { name: `Publish ${name} on ${client}` });

  await selection.getByRole('button', { name: 'Publish on web' }).click();
  for (const name of chosen) await expect(flag(name, 'web')).toHaveAttribute('aria-pressed', 'true');
  await selection.getByRole('button', { name: 'Hide on mobile' }).click();
  for (const name of chosen) await expect(flag(name, 'mobile')).toHaveAttribute('aria-pressed', 'false');
  // Nodes that were not selected keep their flags.
  await expect(flag('ATAF Firenze', 'web')).toHaveAttribute('aria-pressed', 'false');
  await expect(flag('Mobile Ticketing', 'mobile')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  const addresses = ['ffc2b639-bbc0-47c1-acd3-e9a4e74f865c', 'atm_milano', 'liam'];
  expect(edits).toEqual([
    { kind: 'setFlag', addresses, flag: 'webIsPublished', value: true },
    { kind: 'setFlag', addresses, flag: 'mobileIsPublished', value: false },
  ]);
  const flagsOnServer = async () => {
    const nodes = (await serverDraft(page)).items.flatMap((item) => [item, ...item.items]);
    return addresses
      .map((address) => nodes.find((node) => node.address === address))
      .map((node) => [node?.mobileIsPublished, node?.webIsPublished]);
  };
  expect(await flagsOnServer()).toEqual([
    [false, true],
    [false, true],
    [false, true],
  ]);

  await page.getByRole('button', { name: 'Undo' }).click();
  for (const name of chosen) await expect(flag(name, 'mobile')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('All changes saved to the draft')).toBeVisible();
  expect(await flagsOnServer()).toEqual([
    [true, true],
    [true, true],
    [true, true],
  ]);
});

test('an edit the server refuses shows at once, then goes back to the server’s draft with the server’s message', async ({
  page,
  signedInAs,
}) => {
  const editor = await signedInAs('editor');
  await editor.goto('/buddies');
  const liamOnWeb = row(editor, 'Liam').getByRole('button', { name: 'Publish Liam on web' });
  await expect(liamOnWeb).toHaveAttribute('aria-pressed', 'false');
  // An admin makes this operator a viewer while their editor is open: the server refuses their next write.
  const { operator } = await (await editor.request.get('/api/auth/me')).json();
  expect((await page.request.patch(`/api/operators/${operator.id}`, { data: { role: 'viewer' } })).ok()).toBe(true);
  // The write waits until the test has seen the screen change before the server answers it.
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await editor.route('**/buddies/ops', async (route) => {
    await answered;
    await route.continue();
  });

  await liamOnWeb.click();
  await expect(liamOnWeb).toHaveAttribute('aria-pressed', 'true');
  await expect(editor.getByText('Saving…')).toBeVisible();
  answer();
  await expect(editor.getByRole('alert').filter({ hasText: 'This needs the editor role; you are signed in as viewer.' })).toBeVisible();
  await expect(editor.getByText('Your last change was not saved')).toBeVisible();
  await expect(liamOnWeb).toHaveAttribute('aria-pressed', 'false');
  const liam = (await serverDraft(page)).items.find((item) => item.address === 'liam');
  expect(liam?.webIsPublished).toBe(false);
});
