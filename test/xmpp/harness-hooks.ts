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
