import { registerXmppUser } from './buddies-support';
import { connectE2eAccount, expect, test } from './fixtures';

test('the status page shows the connected XMPP component and counts a command a real client sent', async ({ page }) => {
  const client = await connectE2eAccount(await registerXmppUser());
  try {
    expect((await client.command('cmd_get_channels', {})).payload).toMatchObject({ status: 0 });
  } finally {
    await client.stop();
  }
  await page.goto('/status');
  await expect(page.getByRole('status')).toContainText('The XMPP service is connected as xmpp-service.localhost');
  await expect(page.getByRole('table', { name: 'Workers' }).getByText('connected', { exact: true })).toBeVisible();
  // The worker writes its per-minute counters every few seconds and the page polls: wait for that row.
  const row = page.getByRole('table', { name: 'Commands in the last hour' }).getByRole('row', { name: /cmd_get_channels/ });
  await expect(row).toBeVisible({ timeout: 30_000 });
  expect(Number(await row.getByRole('cell').nth(1).textContent())).toBeGreaterThanOrEqual(1);
});
