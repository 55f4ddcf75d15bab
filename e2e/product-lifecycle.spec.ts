import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { client as xmppClient } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';
import { oobNs } from '@/server/worker/envelope';
import { spawnProduct, startProduct, type ProductProcess } from '@/test/support/product-process';

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
  const client = xmppClient({
    service: `xmpp://127.0.0.1:${c2sPort}`,
    domain: 'localhost',
    username: account.local,
    password: account.password,
  });
  client.reconnect.stop();
  client.on('error', () => {});
  try {
    await client.start();
    const answer = new Promise<Element>((resolveAnswer) =>
      client.on('stanza', (stanza: Element) => {
        if (stanza.is('message') && stanza.getChild('x', oobNs)) resolveAnswer(stanza);
      }),
    );
    await client.send(
      xml(
        'message',
        { to: 'xmpp_service@xmpp-service.localhost', type: 'chat', id: 'e2e-1' },
        xml('body'),
        xml('x', { xmlns: oobNs }, xml('type', {}, 'cmd_get_channels'), xml('action', {}, 'cmd_get_channels'), xml('payload', {}, '{}')),
      ),
    );
    return JSON.parse((await answer).getChild('x', oobNs)!.getChildText('payload')!);
  } finally {
    await client.stop().catch(() => {});
  }
}

/** The private Prosody's process, from the pidfile in its directory (named in its start-up line). */
async function prosodyPid(product: ProductProcess): Promise<number> {
  const started = await product.next('prosody.started', 60_000);
  return Number(readFileSync(join(started.dir as string, 'prosody.pid'), 'utf8'));
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
