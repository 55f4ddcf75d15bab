import { describe, expect, it } from 'vitest';
import { workerErrors } from '@/db/schema';
import { commandRequest, type TestUser } from '../support/xmpp-harness';
import { serverSetups, useXmppHarness } from './harness-hooks';

const clients = 20;
const commandsPerClient = 200;
/** Generous: the point is that every request is answered, however long a loaded machine takes. */
const floodTimeoutMs = 240_000;

/** Sends all of a client's requests at once, then takes as many answers. */
async function flood(user: TestUser): Promise<Array<string | null>> {
  await Promise.all(Array.from({ length: commandsPerClient }, () => user.send(commandRequest('cmd_get_channels', {}, {}))));
  const codes: Array<string | null> = [];
  for (let answered = 0; answered < commandsPerClient; answered++) {
    codes.push((await user.response('cmd_get_channels', floodTimeoutMs)).payload.errorCode);
  }
  return codes;
}

/**
 * 20 clients each sending 200 cmd_get_channels at the same moment: far more than the database
 * pool serves at once. The worker queues what it cannot start yet, and the database deadline
 * only runs once a command has started, so a flood is slow, never a false SQL_ERROR.
 */
describe.each(serverSetups)('a flood of commands on $name', ({ options }) => {
  const harness = useXmppHarness(options);

  it(
    `answers every one of ${clients * commandsPerClient} requests, none SQL_ERROR, and writes no error per request`,
    { timeout: floodTimeoutMs + 60_000 },
    async () => {
      // Connected one after another: 20 logins at once can outlast the harness's connect bound on a loaded machine.
      const users: TestUser[] = [];
      for (let n = 0; n < clients; n++) users.push(await harness().createUser());
      const codes = (await Promise.all(users.map(flood))).flat();

      expect(codes).toHaveLength(clients * commandsPerClient);
      const answersByCode: Record<string, number> = {};
      for (const code of codes) answersByCode[code ?? 'OK'] = (answersByCode[code ?? 'OK'] ?? 0) + 1;
      expect(answersByCode).toEqual({ OK: clients * commandsPerClient });
      expect(await harness().database.db.select().from(workerErrors)).toEqual([]);
    },
  );
});
