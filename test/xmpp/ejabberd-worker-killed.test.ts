import xml from '@xmpp/xml';
import { afterAll, describe, expect, it } from 'vitest';
import { discoInfoNs } from '@/server/worker/disco';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process';
import type { TestUser } from '../support/xmpp-client';
import { useXmppHarness } from './harness-hooks';

/**
 * Resolves once ejabberd routes no more to a dead connection of the component: ejabberd notices the
 * closed socket on its own time and, until it has unregistered that route, picks it for about half
 * of the stanzas, which are lost. Twenty answered probes in a row leave a one-in-a-million chance
 * that it still does; a probe that went to the dead connection is given up after a second.
 */
async function untilOnlyLiveRoutes(user: TestUser, componentJid: string, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (let answeredInARow = 0; answeredInARow < 20;) {
    if (Date.now() > deadline) throw new Error(`ejabberd still routed to the killed worker after ${withinMs} ms`);
    const probe = xml('iq', { type: 'get', to: componentJid }, xml('query', { xmlns: discoInfoNs }));
    const answered = await user.iq(probe, 1_000).then(
      () => true,
      () => false,
    );
    answeredInARow = answered ? answeredInARow + 1 : 0;
  }
}

/**
 * A worker process killed with SIGKILL in the middle of a flood, beside another worker of the same
 * component on ejabberd: what it held is lost with it, and from then on the other answers everything.
 */
describe('a worker process killed mid-flood beside another worker (ejabberd)', () => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd' });
  let killed: WorkerProcess | undefined;
  afterAll(() => {
    killed?.child.kill('SIGKILL');
  });

  it('loses at most what the killed worker held: every command sent after it is gone is answered', async () => {
    const target = harness().workerTarget;
    if (target.server.kind !== 'ejabberd') throw new Error('this harness runs ejabberd');
    killed = spawnWorkerProcess({
      DATABASE_URL: harness().database.url!,
      XMPP_SERVER: 'ejabberd',
      EJABBERD_API_URL: target.server.apiUrl,
      XMPP_COMPONENT_SERVICE: target.service,
      XMPP_COMPONENT_JID: target.componentJid,
      XMPP_COMPONENT_SECRET: target.componentSecret,
    });
    await killed.next('worker.online', 60_000);
    const user = await harness().createUser();

    // The flood: 200 commands at once; the kill comes when a quarter of them are answered.
    let answered = 0;
    let reachedQuarter: () => void;
    const quarter = new Promise<void>((resolve) => (reachedQuarter = resolve));
    const flood = Array.from({ length: 200 }, () =>
      user.command('cmd_get_channels', '{}').then((response) => {
        if (++answered === 50) reachedQuarter();
        return response;
      }),
    );
    await quarter;
    // It dies serving the flood, not idle beside the other worker (on a loaded machine its first
    // answer can come after the other worker's first fifty).
    await killed.next('command', 30_000);
    killed.child.kill('SIGKILL');
    await killed.exited(30_000);
    await untilOnlyLiveRoutes(user, target.componentJid);

    // Another command type, so that these answers cannot be taken for the flood's.
    const after = await Promise.all(Array.from({ length: 100 }, () => user.command('cmd_search_users', { userList: [] })));
    expect(after.filter((response) => response.payload.status !== 0)).toEqual([]);

    const outcomes = await Promise.allSettled(flood);
    // Lost, if any: what the killed worker had received and not answered; the other answered the rest.
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    expect(lost).toBeLessThan(200 - 50);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value.payload.status !== 0)).toEqual([]);
  }, 60_000);
});
