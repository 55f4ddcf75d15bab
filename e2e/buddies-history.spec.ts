import { adminCredentials, expect, test } from './fixtures';
import {
  domain,
  fetchBuddiesVCard,
  openSeededDraft,
  publishFromDialog,
  registerXmppUser,
  resetDraft,
  row,
  serverDraft,
} from './buddies-support';

test.beforeEach(({ page }) => openSeededDraft(page));
test.afterEach(async ({ page }) => resetDraft(page));

const fibraAddress = 'ffc2b639-bbc0-47c1-acd3-e9a4e74f865c';

test('history: diff two published versions, roll back to the older one as a new version, and a real XMPP client receives it', async ({
  page,
}) => {
  // Version A: Liam renamed. Version B: A with Fibra Fastweb published on web too.
  await row(page, 'Liam').click();
  const panel = page.getByRole('form', { name: 'Node details' });
  await panel.getByLabel('Name').fill('Liam (version A)');
  await panel.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('button', { name: 'Publish…' }).click();
  await expect(page.getByRole('dialog').getByText('Liam (version A): name “Liam” → “Liam (version A)”')).toBeVisible();
  const versionA = await publishFromDialog(page);

  await row(page, 'Fibra Fastweb').getByRole('button', { name: 'Publish Fibra Fastweb on web' }).click();
  await page.getByRole('button', { name: 'Publish…' }).click();
  await expect(page.getByRole('dialog').getByText('Fibra Fastweb: web hidden → published')).toBeVisible();
  const versionB = await publishFromDialog(page);
  expect(versionB).toBe(versionA + 1);

  await page.getByRole('link', { name: 'History' }).click();
  const versions = page.getByRole('table', { name: 'Published versions' });
  await expect(versions.getByRole('row').nth(1)).toContainText(`${versionB} live`);
  // From the newer to the older one (the page opens on the previous version against the draft):
  // exactly the one change between them, nothing of what they share.
  await page.getByLabel('From').selectOption({ label: `Version ${versionB}` });
  await page.getByLabel('to', { exact: true }).selectOption({ label: `Version ${versionA}` });
  await expect(page.getByLabel('Differences').getByRole('listitem')).toHaveText(['Fibra Fastweb: web published → hidden']);

  await versions.getByRole('button', { name: `Roll back to ${versionA}` }).click();
  await page
    .getByRole('dialog', { name: `Roll back to version ${versionA}?` })
    .getByRole('button', { name: `Roll back to ${versionA}` })
    .click();
  const versionC = versionB + 1;
  await expect(page.getByRole('status').filter({ hasText: 'published again' })).toHaveText(
    `Version ${versionA} published again as version ${versionC}`,
  );

  // The history lists the new version as live, marked as re-publishing A, with its author and time.
  const newest = versions.getByRole('row').nth(1);
  await expect(newest.getByRole('cell').nth(0).locator('strong')).toHaveText(String(versionC));
  await expect(newest.getByRole('cell').nth(0)).toContainText('live');
  await expect(newest.getByRole('cell').nth(0)).toContainText(`re-publishes ${versionA}`);
  await expect(newest.getByRole('cell').nth(1)).toHaveText(adminCredentials.email);
  const listed = (await (await page.request.get(`/api/domains/${domain}/buddies/versions`)).json()).versions[0];
  expect(listed).toMatchObject({ number: versionC, rolledBackFrom: versionA, publishedBy: adminCredentials.email });
  expect(Date.now() - Date.parse(listed.publishedAt)).toBeLessThan(60_000);
  await expect(newest.getByRole('cell').nth(2)).toHaveText(
    await page.evaluate((iso) => new Date(iso).toLocaleString(), listed.publishedAt),
  );

  // The rolled-back tree is what clients receive, and the draft again.
  const exportOf = async (version: number) => (await page.request.get(`/api/domains/${domain}/buddies/export?version=${version}`)).json();
  const versionAJson = await exportOf(versionA);
  expect(await exportOf(versionC)).toEqual(versionAJson);
  const served = await fetchBuddiesVCard(await registerXmppUser());
  expect(served).toEqual(versionAJson);
  const servedFibra = (served.items as { address: string; webIsPublished: boolean }[]).find((item) => item.address === fibraAddress);
  expect(servedFibra?.webIsPublished).toBe(false);
  expect(JSON.stringify(served)).toContain('Liam (version A)');
  const draft = await serverDraft(page);
  expect(draft.items.find((item) => item.address === fibraAddress)?.webIsPublished).toBe(false);

  await page.getByRole('link', { name: '← Back to the editor' }).click();
  await expect(row(page, 'Liam (version A)')).toBeVisible();
  await expect(row(page, 'Fibra Fastweb').getByRole('button', { name: 'Publish Fibra Fastweb on web' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByText(`Clients receive version ${versionC}`)).toBeVisible();
});
