import { afterAll, beforeAll } from 'vitest';
import { startXmppHarness, type HarnessOptions, type XmppHarness } from '../support/xmpp-harness';

/** One harness for the enclosing describe: started before its tests, stopped after them. */
export function useXmppHarness(options: HarnessOptions): () => XmppHarness {
  let harness: XmppHarness | undefined;
  beforeAll(async () => {
    harness = await startXmppHarness(options);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  return () => {
    if (!harness) throw new Error('the XMPP harness did not start');
    return harness;
  };
}

/**
 * The servers and databases every protocol suite runs on: Prosody with either database, and
 * ejabberd with PostgreSQL (as it is deployed, see docs/deployment.md).
 */
export const serverSetups: ReadonlyArray<{ name: string; options: HarnessOptions }> = [
  { name: 'Prosody, pglite', options: { database: 'pglite' } },
  { name: 'Prosody, postgres', options: { database: 'postgres' } },
  { name: 'ejabberd, postgres', options: { database: 'postgres', server: 'ejabberd' } },
];
