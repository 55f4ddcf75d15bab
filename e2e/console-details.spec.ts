import { expect, test } from './fixtures';
import { domain, openSeededDraft, resetDraft, row, serverDraft } from './buddies-support';

/** What a demanding operator notices: audit wording, the simulator in words, role changes confirmed, tags and previews that fit. */

test('audit rows name the operator and say which version a publish made and what changed in it', async ({ page, signedInAs }) => {
  await openSeededDraft(page);
  try {
    const editor = await signedInAs('editor');
    const api = `/api/domains/${domain}/buddies`;
    // Earlier tests may leave the draft apart from the live version: publish it first, so that the
    // version under test differs from the one before it by exactly the edit below.
    const baseline = await editor.request.post(`${api}/publish`, { data: { revision: (await serverDraft(editor)).revision } });
    expect([200, 400], await baseline.text()).toContain(baseline.status());
    const draft = await serverDraft(editor);
    const liam = draft.items.find((item) => item.info.name === 'Liam')!;
    const edited = await editor.request.post(`${api}/ops`, {
      data: {
        revision: draft.revision,
        op: { kind: 'setFlag', addresses: [liam.address], flag: 'webIsPublished', value: !liam.webIsPublished },
      },
    });
    expect(edited.ok(), await edited.text()).toBe(true);
    const published = await editor.request.post(`${api}/publish`, { data: { revision: (await serverDraft(editor)).revision } });
    expect(published.ok(), await published.text()).toBe(true);
    const number = (await published.json()).version.number as number;

    await page.goto('/audit');
    const entry = page.getByRole('table', { name: 'Audit entries' }).getByRole('row', { name: new RegExp(`buddies #${number}\\b`) });
    await expect(entry.getByRole('cell').nth(1)).toHaveText('E2E editor');
    await expect(entry).toContainText(`published version ${number}: ~1 node`);
    await expect(entry).not.toContainText('created');
  } finally {
    await resetDraft(page);
  }
});

test('the simulator says in words what a client is told, with the message and the download link', async ({ page }) => {
  await page.goto('/version-rules');
  const simulator = page.getByRole('region', { name: 'Simulator' });
  await simulator.getByLabel('osCode').fill('ANDROID');
  await simulator.getByLabel('packageName').fill('it.monksoftware.eime');
  await simulator.getByLabel('apiVersion').fill('2');
  const verdict = simulator.getByRole('status');
  for (const [build, words, message] of [
    ['141', 'Must upgrade', 'Unaccepted version of client'],
    ['155', 'Should upgrade', 'A new version of the app is available'],
    ['160', 'Up to date', null],
  ] as const) {
    await simulator.getByLabel('buildNumber').fill(build);
    await simulator.getByRole('button', { name: 'Simulate' }).click();
    await expect(verdict).toContainText(words);
    if (message) {
      await expect(verdict).toContainText(message);
      await expect(verdict.getByRole('link', { name: 'http://liam.monksoftware.it/current.apk' })).toHaveAttribute(
        'href',
        'http://liam.monksoftware.it/current.apk',
      );
    } else await expect(verdict.getByRole('link')).toHaveCount(0);
  }
  await simulator.getByText('Raw payload').click();
  await expect(simulator.getByLabel('Simulated payload')).toBeVisible();
});

test("changing an operator's role asks first, and the action buttons stay on one line", async ({ page, signedInAs }) => {
  await signedInAs('viewer');
  await page.goto('/operators');
  const operatorRow = page.getByRole('table', { name: 'Operators' }).getByRole('row').filter({ hasText: 'E2E viewer' }).last();
  const role = operatorRow.getByRole('combobox', { name: /^Role of / });
  // From the keyboard, as an operator changes a select: the arrow picks the next role.
  await role.focus();
  await page.keyboard.press('ArrowDown');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('viewer → editor');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(role).toHaveValue('viewer');
  await expect(role).toBeFocused();

  await role.selectOption('editor');
  await page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(role).toHaveValue('editor');
  await page.reload();
  await expect(
    page.getByRole('table', { name: 'Operators' }).getByRole('row').filter({ hasText: 'E2E viewer' }).last().getByRole('combobox'),
  ).toHaveValue('editor');

  await page.setViewportSize({ width: 1100, height: 900 });
  for (const button of await page.getByRole('table', { name: 'Operators' }).getByRole('button').all()) {
    const height = (await button.boundingBox())!.height;
    const lineHeight = await button.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
    expect(height, `"${await button.innerText()}" on one line`).toBeLessThan(lineHeight * 2);
  }
});

test('rows tag only what the toggles do not say; the mobile preview shows names that fit; the DESC JSON wraps its long lines', async ({
  page,
}) => {
  await openSeededDraft(page);
  try {
    const tags = page.locator('.bt-row .bt-hidden');
    const draft = await serverDraft(page);
    // Every tag says something the row's own toggles do not: hidden although its flag is on.
    for (const tag of await tags.all()) await expect(tag).not.toHaveText(/^(web|mobile)(, (web|mobile))?$/);
    const groupName = draft.items.find((item) => item.type === 'group')!.info.name;
    await row(page, groupName)
      .getByRole('button', { name: `Publish ${groupName} on mobile` })
      .click();
    await expect(page.getByText('All changes saved to the draft')).toBeVisible();
    const child = draft.items.find((item) => item.type === 'group')!.items.find((item) => item.mobileIsPublished)!;
    await expect(row(page, child.info.name).locator('.bt-hidden')).toContainText('mobile');

    const mobile = page.getByRole('region', { name: 'Mobile app preview' });
    await page.getByRole('region', { name: 'Previews' }).scrollIntoViewIfNeeded();
    for (const name of await mobile.locator('.bt-name').all())
      expect(await name.evaluate((element) => element.scrollWidth <= element.clientWidth), `${await name.innerText()} fits`).toBe(true);

    const json = page.getByRole('region', { name: 'DESC JSON' }).locator('pre');
    expect(await json.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  } finally {
    await resetDraft(page);
  }
});
