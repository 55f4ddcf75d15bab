import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { domain, dragRow, openSeededDraft, resetDraft, row, serverDraft } from './buddies-support';

/** Layouts that hold from 900 px up, a read-only view on a 768 px tablet, and tables whose rows line up. */

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

/** Renames Liam in the draft and publishes it, through the API. */
async function publishRenamedLiam(page: Page, name: string) {
  const api = `/api/domains/${domain}/buddies`;
  const draft = await serverDraft(page);
  const liam = draft.items.find((item) => item.info.name.startsWith('Liam'))!;
  const renamed = await page.request.post(`${api}/ops`, {
    data: { revision: draft.revision, op: { kind: 'update', address: liam.address, fields: { name } } },
  });
  expect(renamed.ok(), await renamed.text()).toBe(true);
  const published = await page.request.post(`${api}/publish`, { data: { revision: (await serverDraft(page)).revision } });
  expect(published.ok(), await published.text()).toBe(true);
}

const box = async (locator: Locator) => (await locator.boundingBox())!;

/** A row's name gets readable width, and its Mobile and Web toggles lie wholly inside the row and the tree. */
async function expectRowHolds(page: Page, name: string, controls: 'toggles' | 'flags') {
  const target = row(page, name);
  const rowBox = await box(target);
  const scroller = await box(page.getByRole('tree', { name: 'Buddies tree' }));
  const nameBox = await box(target.locator('.bt-name'));
  expect(nameBox.width, `${name}: the name's width`).toBeGreaterThanOrEqual(110);
  const nameText = target.locator('.bt-name');
  expect(await nameText.evaluate((element) => element.scrollWidth <= element.clientWidth), `${name} is not cut`).toBe(true);
  const flags =
    controls === 'toggles'
      ? [target.getByRole('button', { name: `Publish ${name} on mobile` }), target.getByRole('button', { name: `Publish ${name} on web` })]
      : [target.getByText('Mobile', { exact: true }), target.getByText('Web', { exact: true })];
  for (const flag of flags) {
    await expect(flag).toBeVisible();
    const flagBox = await box(flag);
    expect(flagBox.x).toBeGreaterThanOrEqual(rowBox.x);
    expect(flagBox.x + flagBox.width).toBeLessThanOrEqual(Math.min(rowBox.x + rowBox.width, scroller.x + scroller.width) + 0.5);
    expect(await flag.evaluate((element) => element.scrollWidth <= element.clientWidth), 'the toggle text is not cut').toBe(true);
  }
}

for (const width of [900, 1100]) {
  test(`at ${width} px the tree keeps names readable and the toggles whole, with a node open in the panel`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await row(page, 'Mobile Ticketing').click();
    await expect(page.getByRole('form', { name: 'Node details' })).toBeVisible();
    for (const name of ['Mobile Ticketing', 'Fibra Fastweb', 'Liam']) await expectRowHolds(page, name, 'toggles');
  });
}

test('on a 768 px tablet a viewer reads the tree, its flags and the panel', async ({ signedInAs }) => {
  const viewer = await signedInAs('viewer');
  await viewer.setViewportSize({ width: 768, height: 1024 });
  await viewer.goto('/buddies');
  await expect(row(viewer, 'Liam')).toBeVisible();
  for (const name of ['Mobile Ticketing', 'Fibra Fastweb', 'Liam']) await expectRowHolds(viewer, name, 'flags');
  await row(viewer, 'Liam').click();
  const panel = viewer.getByRole('form', { name: 'Node details' });
  await panel.scrollIntoViewIfNeeded();
  expect((await box(panel.getByLabel('Name'))).width).toBeGreaterThanOrEqual(200);
  expect(await viewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test('the drag ghost keeps its text inside its box, and the refused sign is an SVG icon, not an emoji', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await dragRow(page, row(page, 'Liam'), row(page, 'Fibra Fastweb'), 0.5, { hold: true });
  const ghost = page.locator('.bt-ghost');
  await expect(ghost).toContainText('Not allowed');
  const ghostBox = await box(ghost);
  for (const text of [ghost.locator('strong'), ghost.locator('.bt-ghost-note')]) {
    const textBox = await box(text);
    expect(textBox.x + textBox.width, 'the text ends inside the ghost').toBeLessThanOrEqual(ghostBox.x + ghostBox.width + 0.5);
    expect(textBox.y + textBox.height).toBeLessThanOrEqual(ghostBox.y + ghostBox.height + 0.5);
    expect(
      await text.evaluate((element) => element.scrollWidth <= element.clientWidth + 1 && element.scrollHeight <= element.clientHeight + 1),
    ).toBe(true);
  }
  expect(await ghost.innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
  await expect(ghost.locator('svg')).toHaveCount(1);
  await page.mouse.up();
  expect(await page.locator('main').innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
});

test('history: the rows of every column line up and "Roll back to N" stays on one line', async ({ page }) => {
  // Two versions at least, so that the older one offers a roll back.
  for (const name of ['Liam (history A)', 'Liam (history B)']) await publishRenamedLiam(page, name);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.getByRole('link', { name: 'History' }).click();
  const versions = page.getByRole('table', { name: 'Published versions' });
  const rollBack = versions.getByRole('button', { name: /^Roll back to \d+$/ }).first();
  await expect(rollBack).toBeVisible();
  const lineHeight = await rollBack.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
  const padding = await rollBack.evaluate((element) => {
    const style = getComputedStyle(element);
    return (
      parseFloat(style.paddingTop) +
      parseFloat(style.paddingBottom) +
      parseFloat(style.borderTopWidth) +
      parseFloat(style.borderBottomWidth)
    );
  });
  expect((await box(rollBack)).height, 'one line of text').toBeLessThan(padding + lineHeight * 1.5);
  for (const tableRow of await versions.getByRole('row').all()) {
    const cells = await tableRow.locator('th, td').all();
    const bottoms = await Promise.all(cells.map(async (cell) => Math.round((await box(cell)).y + (await box(cell)).height)));
    expect(new Set(bottoms).size, `the cells of "${await tableRow.innerText()}" end on one line`).toBe(1);
    const displays = await Promise.all(cells.map((cell) => cell.evaluate((element) => getComputedStyle(element).display)));
    expect(displays.every((display) => display === 'table-cell')).toBe(true);
  }
});
