/**
 * vCard throughput: the component serving the buddies JSON (a database read per request) against
 * Prosody serving a user's own stored vcard-temp of about the same size, from the same real
 * client, in the same run. Prints requests per second for each and the ratio; asserts nothing.
 *
 *   npx tsx bench/vcard.ts [requests=2000] [concurrency=1,16] [pglite|postgres]
 */
import xml, { type Element } from '@xmpp/xml';
import { startXmppHarness, componentJid, type TestUser } from '../test/support/xmpp-harness';

const requests = Number(process.argv[2] ?? 2_000);
const concurrencies = (process.argv[3] ?? '1,16').split(',').map(Number);
const database = process.argv[4] === 'postgres' ? 'postgres' : 'pglite';

const vcardGet = (to: string) => xml('iq', { type: 'get', to }, xml('vCard', { xmlns: 'vcard-temp' }));
const vcardSize = (result: Element) => result.getChild('vCard', 'vcard-temp')?.toString().length ?? 0;

async function measure(user: TestUser, to: string, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next++ < requests) await user.iq(vcardGet(to));
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return requests / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const harness = await startXmppHarness({ database });
  try {
    const user = await harness.createUser();
    const buddies = vcardSize(await user.iq(vcardGet(componentJid)));
    // The user's own vCard with a description as long as the buddies JSON, stored by Prosody
    // (whose mod_vcard_legacy keeps DESC as NOTE: the sizes are compared on the whole vCard).
    const desc = JSON.stringify({ note: 'x'.repeat(Math.max(0, buddies - 150)) });
    await user.iq(xml('iq', { type: 'set' }, xml('vCard', { xmlns: 'vcard-temp' }, xml('FN', {}, 'Bench User'), xml('DESC', {}, desc))));
    const stored = vcardSize(await user.iq(vcardGet(user.jid)));
    console.log(`database ${database}; ${requests} requests per run; vCard size: component ${buddies} chars, Prosody ${stored} chars`);

    for (const concurrency of concurrencies) {
      // One warm-up pass each, so neither side pays first-use costs in the measured runs.
      await measure(user, componentJid, concurrency);
      await measure(user, user.jid, concurrency);
      const component = await measure(user, componentJid, concurrency);
      const prosody = await measure(user, user.jid, concurrency);
      console.log(
        `concurrency ${String(concurrency).padStart(3)}: component ${component.toFixed(0)} req/s, ` +
          `Prosody ${prosody.toFixed(0)} req/s, ratio component/Prosody ${(component / prosody).toFixed(2)}`,
      );
    }
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
