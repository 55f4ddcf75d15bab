import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/test/support/free-port';
import { startWorker, type Worker } from '@/server/worker/worker';
import { PrivateEjabberd } from '../support/private-ejabberd';
import { connectAccount, withTimeout, type TestUser } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';

/**
 * Scale-out as a platform runs it: two ejabberd nodes joined in one cluster, a worker connected as
 * the same component to each, users logged in on either node, one database behind both workers.
 */
describe('a two-node ejabberd cluster with a worker on each node', () => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd' });
  let dir: string;
  let secondNode: PrivateEjabberd;
  let secondWorker: Worker;
  const handled = new Map<Worker, number>();

  beforeAll(async () => {
    const firstNode = harness().ejabberd;
    dir = mkdtempSync(join(tmpdir(), 'xs-ejabberd-node2-'));
    secondNode = new PrivateEjabberd({
      ...firstNode.options,
      // The same components; one with a listener of its own gets its own port on this node too.
      components: await Promise.all(
        firstNode.options.components.map(async (component) =>
          component.port === undefined ? component : { ...component, port: await freePort() },
        ),
      ),
      dir,
      c2sPort: await freePort(),
      componentPort: await freePort(),
      httpPort: await freePort(),
      cookie: firstNode.cookie,
    });
    await secondNode.start();
    await secondNode.joinCluster(firstNode);
    secondWorker = startWorker({
      db: harness().database.db,
      listen: harness().database.listen,
      target: {
        ...harness().workerTarget,
        service: `xmpp://127.0.0.1:${secondNode.options.componentPort}`,
        server: { kind: 'ejabberd', apiUrl: secondNode.apiUrl },
      },
      workerId: 'worker-on-node-2',
    });
    await withTimeout(secondWorker.waitOnline(), 15_000, 'the worker of the second node did not come online');
    for (const worker of [harness().worker, secondWorker]) {
      handled.set(worker, 0);
      worker.entity.on('stanza', (stanza) => {
        if (stanza.is('message')) handled.set(worker, handled.get(worker)! + 1);
      });
    }
  }, 90_000);

  afterAll(async () => {
    await secondWorker?.stop();
    await secondNode?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const answersAll = async (user: TestUser, count: number) => {
    const answers = await Promise.all(Array.from({ length: count }, () => user.command('cmd_get_channels', '{}')));
    return answers.filter((answer) => answer.payload.status !== 0).length;
  };

  it('serves users of both nodes from both workers; an account registered through one node is found and logs in on the other', async () => {
    const onFirstNode = await harness().createUser();
    const account = harness().registerAccount();
    const onSecondNode = await connectAccount(account, secondNode.options.c2sPort);
    expect(await answersAll(onFirstNode, 30)).toBe(0);
    expect(await answersAll(onSecondNode, 30)).toBe(0);
    const { payload } = await onSecondNode.command('cmd_search_users', { userList: [onFirstNode.local, account.local] });
    expect(payload).toMatchObject({ status: 0, userList: [onFirstNode.local, account.local] });
    expect(
      [...handled.values()].every((count) => count > 0),
      `commands per worker: ${[...handled.values()].join(', ')}`,
    ).toBe(true);
  });

  it("serves the first node's users while the second node is down; the second node's worker serves again by itself once the node is back", async () => {
    const onFirstNode = await harness().createUser();
    const disconnected = once(secondWorker.entity, 'disconnect');
    await secondNode.stop();
    await withTimeout(disconnected, 15_000, "the second node's worker did not notice that its node stopped");
    expect(secondWorker.online).toBe(false);
    const firstBefore = handled.get(harness().worker)!;
    expect(await answersAll(onFirstNode, 20)).toBe(0);
    expect(handled.get(harness().worker)! - firstBefore).toBe(20);

    // The node restarts from its own spool and finds its cluster again; nobody restarts the worker.
    await secondNode.start(60_000);
    await withTimeout(secondWorker.waitOnline(), 30_000, "the second node's worker did not reconnect to its restarted node");
    const onSecondNode = await connectAccount(harness().registerAccount(), secondNode.options.c2sPort);
    const secondBefore = handled.get(secondWorker)!;
    expect(await answersAll(onSecondNode, 30)).toBe(0);
    expect(handled.get(secondWorker)! - secondBefore).toBeGreaterThan(0);
  }, 120_000);

  it("keeps serving the second node's users when its worker stops, through the first node's worker", async () => {
    const onSecondNode = await connectAccount(harness().registerAccount(), secondNode.options.c2sPort);
    expect(await answersAll(onSecondNode, 10)).toBe(0);
    await secondWorker.stop();
    const firstBefore = handled.get(harness().worker)!;
    expect(await answersAll(onSecondNode, 20)).toBe(0);
    expect(handled.get(harness().worker)! - firstBefore).toBe(20);
  });
});
