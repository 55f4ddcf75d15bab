/**
 * The buddies editor with big trees: first render, a drag and a publish for 500 and 5,000 nodes,
 * in Debian's Chromium against the real product (its own server, database and Prosody on free
 * ports). The peer of the first render, measured in the same browser and run, does the same work
 * without the editor: a page of the product's origin that reads the same draft from the API and
 * shows as many plain rows as the editor has in its DOM (it is virtualised: about two dozen).
 * Then one edit (a flag toggled) through the API at 50 and at 5,000 nodes, and their ratio.
 * Prints the figures and ratios; asserts nothing. Needs a build (`npm run bench` makes one).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { toSpecJson } from '@/lib/buddies/spec-json';
import { startProduct } from '@/test/support/product-process';

const sizes = [500, 5_000];
const admin = { email: 'bench@example.test', password: 'bench-password-0123456789' };

/** `size` nodes: groups of one group row and nine channels, all published on both clients. */
function benchTree(size: number): BuddyItem[] {
  const node = (address: string, name: string, type: 'group' | 'channel', items: BuddyItem[] = []): BuddyItem => ({
    address,
    serverAddress: type === 'channel' ? 'bench' : null,
    type,
    mobileIsPublished: true,
    webIsPublished: true,
    info: { name, status: `${type} ${address}`, imageUrl: '', thumbUrl: '', defaultMessage: '' },
    items,
  });
  return Array.from({ length: Math.ceil(size / 10) }, (_, g) =>
    node(
      `group-${g + 1}`,
      `Group ${g + 1}`,
      'group',
      Array.from({ length: 9 }, (_, c) => node(`channel-${g + 1}-${c + 1}`, `Channel ${g + 1}.${c + 1}`, 'channel')),
    ),
  );
}

const since = (start: number) => Math.round(performance.now() - start);
const api = '/api/domains/localhost/buddies';

/**
 * The peer of the editor's first render: a page of the same origin reads the same draft from the
 * API and shows `rows` plain rows of it, then waits for them to be painted. Measured in a page of
 * its own, closed at once: a page left open in front hides the editor's page, and Chromium then runs
 * a hidden page's animation frames about once a second, which made every Playwright click there
 * (it waits for two frames to see the button stand still) take ~2 s.
 */
async function plainListMs(context: BrowserContext, rows: number): Promise<number> {
  const page = await context.newPage();
  const start = performance.now();
  await page.goto('/api/health');
  // A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
  await page.evaluate(`(async () => {
    const draft = await (await fetch('${api}')).json();
    const names = [];
    const visit = (items) => items.forEach((item) => { if (names.length < ${rows}) { names.push(item.info.name); visit(item.items); } });
    visit(draft.items);
    const list = document.createElement('ul');
    list.innerHTML = names.map((name) => '<li>' + name + '</li>').join('');
    document.body.replaceChildren(list);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  })()`);
  const ms = since(start);
  await page.close();
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * One edit saved through the API: a channel's web flag toggled, answered; the median of 21 in a row,
 * each with the revision the one before produced. The same edit at 50 and at 5,000 nodes should cost
 * the same: an edit reads and writes only what it changes and answers only that.
 */
async function apiEditMs(page: Page, size: number): Promise<{ ms: number; answerBytes: number }> {
  await loadTree(page, size);
  let { revision } = await (await page.request.get(api)).json();
  const times: number[] = [];
  let answerBytes = 0;
  for (let n = 0; n < 21; n += 1) {
    const start = performance.now();
    const response = await page.request.post(`${api}/ops`, {
      data: { revision, op: { kind: 'setFlag', addresses: ['channel-1-1'], flag: 'webIsPublished', value: n % 2 === 0 ? false : true } },
    });
    const body = await response.body();
    times.push(performance.now() - start);
    if (!response.ok()) throw new Error(`edit failed: ${body.toString()}`);
    revision = JSON.parse(body.toString()).draft.revision;
    answerBytes = body.length;
  }
  return { ms: Number(median(times).toFixed(1)), answerBytes };
}

async function loadTree(page: Page, size: number): Promise<number> {
  const { revision } = await (await page.request.get(api)).json();
  const start = performance.now();
  const response = await page.request.post(`${api}/ops`, { data: { revision, op: { kind: 'import', json: toSpecJson(benchTree(size)) } } });
  if (!response.ok()) throw new Error(`import failed: ${await response.text()}`);
  return since(start);
}

async function measure(page: Page, size: number) {
  const importMs = await loadTree(page, size);
  const tree = page.getByRole('tree', { name: 'Buddies tree' });
  const row = (name: string) => tree.getByRole('treeitem', { name, exact: true });

  let start = performance.now();
  await page.goto('/buddies');
  await row('Group 1').waitFor();
  const firstRenderMs = since(start);
  const rowsInDom = await tree.getByRole('treeitem').count();
  const plainMs = await plainListMs(page.context(), rowsInDom);

  // Drag "Group 2" above "Group 1": every root sibling shifts by one position.
  const handle = row('Group 2').getByRole('button', { name: 'Drag Group 2' });
  const from = (await handle.boundingBox())!;
  const to = (await row('Group 1').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 6, { steps: 2 });
  await page.mouse.move(to.x + 40, to.y + to.height * 0.1, { steps: 8 });
  start = performance.now();
  await page.mouse.up();
  await row('Group 2').and(page.locator('[aria-posinset="1"]')).waitFor();
  const dragShownMs = since(start);
  await page.getByText('All changes saved to the draft').waitFor();
  const dragSavedMs = since(start);

  start = performance.now();
  await page.getByRole('button', { name: 'Publish…' }).click();
  const publish = page.getByRole('dialog').getByRole('button', { name: /^Publish version \d+$/ });
  await page.getByRole('dialog').getByLabel('Differences').waitFor();
  const diffMs = since(start);
  const label = await publish.innerText();
  start = performance.now();
  await publish.click();
  await page.getByText(`Clients receive version ${label.replace(/\D/g, '')}`).waitFor();
  const publishMs = since(start);
  return {
    nodes: size,
    importMs,
    firstRenderMs,
    plainListMs: plainMs,
    renderVsPlainList: Number((firstRenderMs / plainMs).toFixed(1)),
    rowsInDom,
    dragShownMs,
    dragSavedMs,
    diffMs,
    publishMs,
  };
}

async function main() {
  const product = await startProduct({ name: 'bench-buddies', admin });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const results = [];
    for (const size of sizes) {
      const context = await browser.newContext({ baseURL: product.baseURL, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const signIn = await page.request.post('/api/auth/sign-in', { data: admin });
      if (!signIn.ok()) throw new Error(`sign-in failed: ${await signIn.text()}`);
      results.push(await measure(page, size));
      await context.close();
    }
    console.log(
      '\nBuddies editor, Chromium headless, times in ms (import = server time to replace the draft;\nrenderVsPlainList = first render / a page reading the same draft and showing as many plain rows as the editor has in its DOM):',
    );
    console.table(results);

    const context = await browser.newContext({ baseURL: product.baseURL });
    const page = await context.newPage();
    const signIn = await page.request.post('/api/auth/sign-in', { data: admin });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${await signIn.text()}`);
    const small = await apiEditMs(page, 50);
    const big = await apiEditMs(page, 5_000);
    await context.close();
    console.log('\nOne edit (a flag toggled) saved through the API, median of 21, ms; the goal is a ratio of at most 2:');
    console.table([
      { nodes: 50, ...small },
      { nodes: 5_000, ...big },
    ]);
    console.log(`one edit at 5,000 nodes / at 50 nodes: ${(big.ms / small.ms).toFixed(2)}×`);
  } finally {
    await browser.close();
    await product.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
