import { expect, test } from './fixtures';
import { dragRow, fetchBuddiesVCard, openSeededDraft, publishFromDialog, registerXmppUser, resetDraft, row } from './buddies-support';

const bot = 'Bot for Test: All possibilities';
const botAddress = '29ed6653-29db-47ff-ba44-344853fcbc61';

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

test('drag a channel into a group, publish the group on web: the web preview changes, mobile does not, and a real XMPP client receives the new tree', async ({
  page,
}) => {
  const web = page.getByRole('region', { name: 'Web chat preview' });
  const mobile = page.getByRole('region', { name: 'Mobile app preview' });
  await expect(web.getByText(bot, { exact: true })).toBeVisible();
  await expect(web.getByText('Mobile Ticketing')).toHaveCount(0);

  await dragRow(page, row(page, bot), row(page, 'Mobile Ticketing'), 0.5, { hold: true });
  await expect(page.locator('.bt-ghost')).toContainText(`Move "${bot}" into "Mobile Ticketing"`);
  await page.mouse.up();
  await expect(row(page, bot)).toHaveAttribute('aria-level', '2');
  // Inside a group that web does not show, the channel is hidden on web, and the row says why.
  await expect(web.getByText(bot, { exact: true })).toHaveCount(0);
  await expect(row(page, bot)).toHaveAttribute('title', /hidden on web: its group "Mobile Ticketing" is not published on web/);

  const mobileBefore = await mobile.innerText();
  await row(page, 'Mobile Ticketing').getByRole('button', { name: 'Publish Mobile Ticketing on web' }).click();
  await expect(row(page, 'Mobile Ticketing').getByRole('button', { name: 'Publish Mobile Ticketing on web' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(web.getByText('Mobile Ticketing')).toBeVisible();
  await expect(web.getByText(bot, { exact: true })).toBeVisible();
  await expect(web.getByText('ATM Milano')).toHaveCount(0);
  expect(await mobile.innerText()).toBe(mobileBefore);

  await page.getByRole('button', { name: 'Publish…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`${bot}: top level #2 → in mobile_ticketing_group #3`)).toBeVisible();
  await expect(dialog.getByText('Mobile Ticketing: web hidden → published')).toBeVisible();
  await publishFromDialog(page);

  const served = (await fetchBuddiesVCard(await registerXmppUser())) as {
    items: { address: string; webIsPublished: boolean; items?: { address: string }[] }[];
  };
  const group = served.items.find((item) => item.address === 'mobile_ticketing_group');
  expect(group?.webIsPublished).toBe(true);
  expect(group?.items?.map((item) => item.address)).toEqual(['atm_milano', 'atm_firenze', botAddress]);
  expect(served.items.map((item) => item.address)).not.toContain(botAddress);
});
