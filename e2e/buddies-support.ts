import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { expect, type Locator, type Page } from '@playwright/test';
import type { BuddyItem } from '../lib/buddies/spec-json';
import { connectE2eAccount } from './fixtures';

/** Helpers of the buddies browser tests: the seeded draft back, rows, drags, and a real XMPP client. */
export const domain = 'localhost';
const api = `/api/domains/${domain}/buddies`;

/** The draft as the server holds it now. */
export async function serverDraft(page: Page): Promise<{ revision: number; items: BuddyItem[] }> {
  const response = await page.request.get(api);
  expect(response.ok()).toBe(true);
  return response.json();
}

/** Loads version 1 (the seed: the spec's three examples) into the draft, so every test starts alike. */
export async function resetDraft(page: Page): Promise<void> {
  const seed = await page.request.get(`${api}/export?version=1`);
  expect(seed.ok()).toBe(true);
  const draft = await serverDraft(page);
  const reset = await page.request.post(`${api}/ops`, {
    data: { revision: draft.revision, op: { kind: 'import', json: await seed.text() } },
  });
  expect(reset.ok(), await reset.text()).toBe(true);
}

/** Opens the editor on the seeded draft; call `resetDraft` after the test so the next one starts alike. */
export async function openSeededDraft(page: Page): Promise<void> {
  await page.goto('/buddies');
  await resetDraft(page);
  await page.reload();
  await expect(row(page, 'Liam')).toBeVisible();
}

/** Publishes from the open publish dialog and waits until the editor says clients receive it; returns the new number. */
export async function publishFromDialog(page: Page): Promise<number> {
  const publishButton = page.getByRole('dialog').getByRole('button', { name: /^Publish version \d+$/ });
  const number = Number((await publishButton.innerText()).replace(/\D/g, ''));
  await publishButton.click();
  await expect(page.getByText(`Clients receive version ${number}`)).toBeVisible();
  return number;
}

/**
 * Holds every edit the page sends (POST …/buddies/ops) until the test lets it through, so that a
 * test sees the editor while saves are on the way: a slow server, on purpose, without sleeping.
 * `arrived` lists the edits that reached the network, in order; `release` lets the oldest held one
 * through, as it is or with another operation in its place.
 */
export async function holdEdits(page: Page) {
  const arrived: Array<{ op: unknown }> = [];
  const waiting: Array<(op?: unknown) => void> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  await page.route('**/buddies/ops', async (route) => {
    const body = route.request().postDataJSON() as { revision: number; op: unknown };
    arrived.push({ op: body.op });
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const replacement = await new Promise<unknown>((resolve) => waiting.push(resolve));
    try {
      await route.continue(replacement === undefined ? undefined : { postData: JSON.stringify({ ...body, op: replacement }) });
      await route.request().response();
    } finally {
      inFlight -= 1;
    }
  });
  return {
    arrived,
    /** The most edits the server had in hand at one time. */
    mostInFlight: () => mostInFlight,
    async release(replacement?: unknown) {
      await expect.poll(() => waiting.length, { message: 'an edit waiting to be let through' }).toBeGreaterThan(0);
      waiting.shift()!(replacement);
    },
  };
}

export const tree = (page: Page) => page.getByRole('tree', { name: 'Buddies tree' });
export const row = (page: Page, name: string) => tree(page).getByRole('treeitem', { name, exact: true });

/**
 * Drags a row by its handle until the dragged row's centre is at `ratio` of the target row's height
 * (0.5 = the middle: "into" a group, refused on a channel), and leaves the mouse down when `hold`.
 */
export async function dragRow(page: Page, source: Locator, target: Locator, ratio: number, options: { hold?: boolean } = {}) {
  const handle = source.getByRole('button', { name: /^Drag / });
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + 40, to.y + to.height * ratio, { steps: 12 });
  if (!options.hold) await page.mouse.up();
}

/** A new account on the e2e Prosody by in-band registration (XEP-0077), which the private server allows. */
export async function registerXmppUser(): Promise<{ username: string; password: string }> {
  const username = `e2e-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(process.env.E2E_C2S_PORT), '127.0.0.1');
    let received = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`registration timed out: ${received}`)));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('</stream:features>') && !received.includes('id="register"')) {
        socket.write(
          `<iq type="set" id="register"><query xmlns="jabber:iq:register"><username>${username}</username><password>${password}</password></query></iq>`,
        );
        received += '<!-- id="register" sent -->';
      }
      if (/<iq[^>]*id=["']register["'][^>]*type=["']result["']|<iq[^>]*type=["']result["'][^>]*id=["']register["']/.test(received)) {
        socket.end('</stream:stream>');
        resolve();
      } else if (/type=["']error["']/.test(received)) {
        socket.destroy();
        reject(new Error(`registration refused: ${received}`));
      }
    });
    socket.write(
      `<?xml version="1.0"?><stream:stream to="${domain}" xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" version="1.0">`,
    );
  });
  return { username, password };
}

/** What a real client receives: the vCard of the service component, its DESC parsed. */
export async function fetchBuddiesVCard(account: { username: string; password: string }): Promise<{ items: unknown[] }> {
  const user = await connectE2eAccount(account);
  try {
    return JSON.parse(await user.vcardDesc()) as { items: unknown[] };
  } finally {
    await user.stop();
  }
}
