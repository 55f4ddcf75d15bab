import { randomBytes } from 'node:crypto';
import { adminCredentials, expect, test } from './fixtures';

test('the audit page shows who changed a rule and a channel, with before and after, and filters', async ({ page }) => {
  const packageName = `com.example.audit${randomBytes(3).toString('hex')}`;
  const channel = `audit-${randomBytes(3).toString('hex')}`;
  const rule = {
    osCode: 'IOS',
    packageName,
    minBuild: 10,
    minApiVersion: null,
    recommendedBuild: 20,
    downloadLink: 'https://example.org/ios',
    mustUpgradeMessage: 'Update now',
    shouldUpgradeMessage: 'Update soon',
  };
  const created = await (await page.request.post('/api/version-rules', { data: rule })).json();
  expect((await page.request.put(`/api/version-rules/${created.rule.id}`, { data: { ...rule, minBuild: 12 } })).ok()).toBe(true);
  const made = await (
    await page.request.post('/api/domains/localhost/channels', { data: { name: channel, description: 'audited' } })
  ).json();

  // Rows name the operator (the admin's name; their email is the filter's value).
  const { operator: me } = await (await page.request.get('/api/auth/me')).json();
  expect(me.name).not.toBe('');
  await page.goto('/audit');
  const entries = page.getByRole('table', { name: 'Audit entries' });
  const filters = page.getByRole('group', { name: 'Filters' });
  await filters.getByLabel('Object type').selectOption('version_rule');
  const update = entries.getByRole('row', { name: new RegExp(`version_rule #${created.rule.id} update\\b`) });
  await expect(update.getByRole('cell').nth(1)).toHaveText(me.name);
  await expect(update).toContainText('changed minBuild');
  await update.getByText('changed minBuild', { exact: true }).click();
  await expect(update.locator('pre').first()).toContainText('"minBuild": 10');
  await expect(update.locator('pre').nth(1)).toContainText('"minBuild": 12');
  await expect(entries.getByRole('row', { name: / channel #/ })).toHaveCount(0);

  await filters.getByLabel('Object type').selectOption('channel');
  await filters.getByLabel('Domain').selectOption('localhost');
  await filters.getByLabel('Operator').selectOption(adminCredentials.email);
  const channelRow = entries.getByRole('row', { name: new RegExp(`localhost channel #${made.channel.id} create\\b`) });
  await expect(channelRow.getByRole('cell').nth(1)).toHaveText(me.name);
  await channelRow.getByText('created', { exact: true }).click();
  await expect(channelRow.locator('pre').nth(1)).toContainText(`"name": "${channel}"`);
});
