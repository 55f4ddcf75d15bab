import { randomBytes } from 'node:crypto';
import { registerXmppUser } from './buddies-support';
import { connectE2eAccount, expect, test } from './fixtures';

test('a rule created in the console: the simulator and a real XMPP client get the same answer', async ({ page }) => {
  const packageName = `com.example.e2e${randomBytes(3).toString('hex')}`;
  await page.goto('/version-rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'New version rule' });
  await form.getByLabel('OS code').fill('android');
  await form.getByLabel('Package name').fill(packageName);
  await form.getByLabel('Minimum build').fill('100');
  await form.getByLabel('Minimum API version').fill('2');
  await form.getByLabel('Recommended build').fill('90');
  await form.getByLabel('Download link').fill('not a link');
  await form.getByLabel('Must-upgrade message').fill('Please update: this build is no longer supported');
  await form.getByLabel('Should-upgrade message').fill('A better build is out');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByText('The recommended build cannot be below the minimum build.')).toBeVisible();
  await expect(form.getByText('Give a http:// or https:// link to download the app.')).toBeVisible();

  await form.getByLabel('Recommended build').fill('150');
  await form.getByLabel('Download link').fill('https://downloads.example.org/app.apk');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form).toHaveCount(0);
  const row = page.getByRole('row', { name: `ANDROID ${packageName}` });
  await expect(row).toContainText('https://downloads.example.org/app.apk');

  const account = await registerXmppUser();
  const client = await connectE2eAccount(account);
  try {
    const simulator = page.getByRole('region', { name: 'Simulator' });
    await simulator.getByLabel('osCode').fill('Android');
    await simulator.getByLabel('packageName').fill(packageName);
    for (const [buildNumber, apiVersion, status] of [
      [99, 2, -1],
      [120, 1, -1],
      [120, 2, 1],
      [150, 2, 0],
    ] as const) {
      await simulator.getByLabel('buildNumber').fill(String(buildNumber));
      await simulator.getByLabel('apiVersion').fill(String(apiVersion));
      const answer = page.waitForResponse('**/api/version-rules/simulate');
      await simulator.getByRole('button', { name: 'Simulate' }).click();
      await answer;
      const shown = JSON.parse((await simulator.getByLabel('Simulated payload').textContent()) ?? 'null');
      const received = (await client.command('cmd_check_client_version', { osCode: 'Android', packageName, buildNumber, apiVersion }))
        .payload;
      expect(received, `build ${buildNumber}, API ${apiVersion}`).toEqual(shown);
      expect(shown.status).toBe(status);
    }
  } finally {
    await client.stop();
  }
});

test('a viewer sees rules and can simulate, but cannot change anything, in the UI or through the API', async ({ signedInAs }) => {
  const viewer = await signedInAs('viewer');
  await viewer.goto('/version-rules');
  await expect(viewer.getByTestId('operator-role')).toHaveText('viewer');
  await expect(viewer.getByRole('table', { name: 'Version rules' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'New rule' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: 'Delete' })).toHaveCount(0);

  const simulated = await viewer.request.post('/api/version-rules/simulate', {
    data: { osCode: 'ANDROID', packageName: 'nothing.here', buildNumber: 1, apiVersion: 1 },
  });
  expect(await simulated.json()).toEqual({ payload: { status: 0, errorCode: null, errorMessage: [] } });

  const rule = {
    osCode: 'IOS',
    packageName: 'viewer.was.here',
    minBuild: 1,
    minApiVersion: null,
    recommendedBuild: null,
    downloadLink: 'https://example.org',
    mustUpgradeMessage: 'x',
    shouldUpgradeMessage: 'y',
  };
  const created = await viewer.request.post('/api/version-rules', { data: rule });
  expect(created.status()).toBe(403);
  expect((await created.json()).error).toContain('editor');
  const { rules } = await (await viewer.request.get('/api/version-rules')).json();
  expect(rules.length).toBeGreaterThan(0);
  expect((await viewer.request.delete(`/api/version-rules/${rules[0].id}`)).status()).toBe(403);

  await viewer.goto('/channels');
  await expect(viewer.getByRole('table', { name: 'Channels' })).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'New channel' })).toHaveCount(0);
  expect((await viewer.request.post('/api/domains/localhost/channels', { data: { name: 'viewer-channel' } })).status()).toBe(403);
});
