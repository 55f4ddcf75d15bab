import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { spawnProduct, startProduct, type ProductProcess } from '@/test/support/product-process';
import { connectE2eAccount } from './fixtures';

/**
 * The product as an operator runs it: killed with SIGKILL and started again, or stopped with
 * Ctrl-C (SIGINT) at any moment of its start-up.
 */
const products: ProductProcess[] = [];
test.afterEach(async () => {
  for (const product of products.splice(0).reverse()) await product.stop();
});

function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

/** A real client's `cmd_get_channels` to the product's service, and the payload of the answer. */
async function getChannels(c2sPort: number, account: { local: string; password: string }): Promise<unknown> {
  const user = await connectE2eAccount({ username: account.local, password: account.password }, c2sPort);
  try {
    return (await user.command('cmd_get_channels', {})).payload;
  } finally {
    await user.stop();
  }
}

/**
 * The private Prosody's process, as its start-up line names it. Not from its pidfile: a clean stop
 * removes that file, and a Ctrl-C may already be stopping Prosody when this is asked.
 */
async function prosodyPid(product: ProductProcess): Promise<number> {
  const started = await product.next('prosody.started', 60_000);
  expect(started.pid).toEqual(expect.any(Number));
  return started.pid as number;
}

test('after kill -9 of the product, the next start stops the Prosody it left and serves XMPP clients', async () => {
  test.setTimeout(300_000);
  const first = await startProduct({ name: 'e2e-killed', env: { LOG_LEVEL: 'info' } });
  products.push(first);
  const orphan = await prosodyPid(first);
  first.child.kill('SIGKILL');
  await first.exited();
  expect(alive(orphan)).toBe(true); // left holding the XMPP ports

  const second = await startProduct({ name: 'e2e-killed', after: first, env: { LOG_LEVEL: 'info' } });
  products.push(second);
  await second.next('worker.online', 60_000);
  expect(second.lines.find((line) => line.event === 'xmpp.unavailable')).toBeUndefined();
  expect(alive(orphan)).toBe(false);
  expect(await prosodyPid(second)).not.toBe(orphan);

  const prosodyDir = resolve(second.dataDir, 'prosody');
  const prosody = new PrivateProsody({
    dataDir: prosodyDir,
    domains: ['localhost'],
    componentJid: 'xmpp-service.localhost',
    componentSecret: readFileSync(join(prosodyDir, 'component-secret'), 'utf8').trim(),
    c2sPort: second.ports.c2s,
    componentPort: second.ports.component,
    allowRegistration: true,
  });
  const account = { local: '00393330000001', password: 'a-password' };
  prosody.registerUser(account.local, 'localhost', account.password);
  expect(await getChannels(second.ports.c2s, account)).toMatchObject({ status: 0, channelList: ['news', 'offers'] });
});

for (const moment of ['prosody.started', 'console.ready'] as const) {
  test(`Ctrl-C right at ${moment} stops the product cleanly: Prosody stopped, the database lock released`, async () => {
    test.setTimeout(240_000);
    const product = await spawnProduct({ name: 'e2e-interrupted', env: { LOG_LEVEL: 'info' } });
    products.push(product);
    await product.next(moment, 180_000);
    product.child.kill('SIGINT');
    const prosody = await prosodyPid(product);
    expect(await product.exited()).toEqual({ code: 0, signal: null });
    expect(product.lines.map((line) => line.event)).toContain('shutdown.done');
    expect(product.lines.find((line) => line.event === 'startup.failed')).toBeUndefined();
    expect(existsSync(`${product.dataDir}/pglite.lock`)).toBe(false);
    expect(alive(prosody)).toBe(false);
  });
}
