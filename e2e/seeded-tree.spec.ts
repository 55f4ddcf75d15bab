import { expect, test } from './fixtures';

test('a first start shows the seeded buddies tree of the spec examples', async ({ page }) => {
  await page.goto('/buddies');
  const tree = page.getByLabel('Buddies tree');
  for (const name of [
    'bot-for-test-all-possibilities-facebook',
    'Fibra Fastweb',
    'Mobile Ticketing',
    'ATM Milano',
    'ATAF Firenze',
    'Liam',
  ]) {
    await expect(tree.getByText(name, { exact: true })).toBeVisible();
  }
});
