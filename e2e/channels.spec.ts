import { randomBytes } from 'node:crypto';
import { registerXmppUser } from './buddies-support';
import { connectE2eAccount, expect, test } from './fixtures';

test('a channel created in the console is listed to a real client, which subscribes and then shows in the console', async ({ page }) => {
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  await page.goto('/channels?domain=localhost');
  await page.getByRole('button', { name: 'New channel' }).click();
  const form = page.getByRole('form', { name: 'New channel' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Description').fill('Made by the browser test');
  await form.getByRole('button', { name: 'Create channel' }).click();
  const row = page.getByRole('row', { name });
  await expect(row.getByTestId('subscriber-count')).toHaveText('0');

  const account = await registerXmppUser();
  const client = await connectE2eAccount(account);
  try {
    const listed = (await client.command('cmd_get_channels', {})).payload;
    expect(listed).toMatchObject({ status: 0, errorCode: null, errorMessage: [] });
    expect(listed.channelList).toContain(name);
    // What the operator sees is what clients get: the same names in the same order.
    const { channels } = await (await page.request.get('/api/domains/localhost/channels')).json();
    expect(listed.channelList).toEqual(channels.map((channel: { name: string }) => channel.name));

    expect((await client.command('cmd_subscribe_to_channel', { channel: name })).payload).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
    });
    expect((await client.command('cmd_get_channels', { onlySubscribed: true })).payload.channelList).toEqual([name]);
  } finally {
    await client.stop();
  }

  await page.reload();
  await expect(row.getByTestId('subscriber-count')).toHaveText('1');
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name: `Channel ${name}` })).toBeVisible();
  const subscribers = page.getByRole('table', { name: 'Subscribers' });
  await expect(subscribers.getByRole('cell', { name: client.jid })).toBeVisible();
  await page.getByLabel('Search subscribers').fill('no-such-user');
  await expect(subscribers.getByRole('cell', { name: client.jid })).toHaveCount(0);
  await page.getByLabel('Search subscribers').fill(account.username);
  await expect(subscribers.getByRole('cell', { name: client.jid })).toBeVisible();

  await page.getByRole('link', { name: /Channels of localhost/ }).click();
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: `Edit channel ${name}` });
  await edit.getByLabel('Name').fill(`${name}-renamed`);
  await edit.getByRole('button', { name: 'Save channel' }).click();
  const renamed = page.getByRole('row', { name: `${name}-renamed` });
  await expect(renamed.getByTestId('subscriber-count')).toHaveText('1');

  await renamed.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete channel ${name}-renamed?` });
  await expect(dialog).toContainText('One user is subscribed');
  await dialog.getByRole('button', { name: 'Delete channel' }).click();
  await expect(renamed).toHaveCount(0);
});

test('a channel name with a character XML forbids is refused beside the field, and nothing is created', async ({ page }) => {
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  await page.goto('/channels?domain=localhost');
  await page.getByRole('button', { name: 'New channel' }).click();
  const form = page.getByRole('form', { name: 'New channel' });
  // U+FFFF typed or pasted: valid in the page and in JSON, but it would close every client's XMPP answers.
  await form.getByLabel('Name').fill(`${name}\uffff`);
  await form.getByRole('button', { name: 'Create channel' }).click();
  await expect(form).toContainText('Contains U+FFFF, a character that cannot be stored or sent to chat clients. Remove it.');
  await page.reload();
  await expect(page.getByRole('row', { name })).toHaveCount(0);
});
