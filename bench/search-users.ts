/**
 * cmd_search_users with a 1,000-number address book, through the worker, against what Prosody
 * itself answers on the same connection in the same run: a disco#info round trip (the floor of any
 * request) and the user's own roster get (Prosody reading its storage). For both account stores.
 * Prints medians, p95 and ratios; asserts nothing. Run: `npx tsx bench/search-users.ts`.
 */
import xml, { type Element } from '@xmpp/xml';
import { openAccountDirectory } from '@/server/directory';
import { accountStoreSetups } from '@/test/support/address-book-setups';
import { startXmppHarness, type TestUser } from '@/test/support/xmpp-harness';

const bookSize = 1_000;
const registeredInBook = 50;
const rosterSize = 50;
const rounds = 60;
const warmup = 5;

async function measure(work: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function benchSetup(setup: (typeof accountStoreSetups)[number]): Promise<void> {
  const harness = await startXmppHarness({ database: setup.database, prosodyStorage: setup.prosodyStorage });
  try {
    const registered = Array.from({ length: registeredInBook }, () => harness.registerAccount().local);
    const book = Array.from({ length: bookSize }, (_, index) => `+39 349 ${String(index).padStart(7, '0')}`);
    for (const [slot, local] of registered.entries()) book[slot * (bookSize / registeredInBook)] = local;
    const user: TestUser = await harness.createUser();
    // A roster of realistic size for the peer's storage read, written through the worker itself.
    const friends = Array.from({ length: rosterSize }, (_, index) => ({ name: `Friend ${index}`, address: registered[index % registered.length]! }));
    await user.command('cmd_add_to_roster', { channelUsers: friends.slice(0, registered.length) });

    const search = async () => {
      const { payload } = await user.command('cmd_search_users', { userList: book });
      if ((payload.userList as string[]).length !== registeredInBook) throw new Error(`unexpected answer: ${JSON.stringify(payload).slice(0, 200)}`);
    };
    const disco = () => user.iq(xml('iq', { type: 'get', to: user.domain }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })));
    const rosterGet = () => user.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' }))) as Promise<Element>;
    const directory = openAccountDirectory(harness.accountStore);
    const localparts = book.map((entry) => entry.replace(/[\s+]/g, '').replace(/^39/, '0039'));
    const lookup = () => directory.registered(user.domain, localparts);

    const results = {
      'cmd_search_users (1,000 numbers, worker)': await measure(search),
      'account lookup alone (1,000 numbers)': await measure(lookup),
      'peer: roster get (Prosody storage read)': await measure(rosterGet),
      'peer: disco#info (Prosody round trip)': await measure(disco),
    };
    await directory.close();

    console.log(`\n${setup.name}: ${rounds} rounds each after ${warmup} warm-up`);
    for (const [name, samples] of Object.entries(results)) {
      console.log(`  ${name.padEnd(45)} median ${ms(quantile(samples, 0.5)).padStart(10)}   p95 ${ms(quantile(samples, 0.95)).padStart(10)}`);
    }
    const median = (name: keyof typeof results) => quantile(results[name], 0.5);
    console.log(`  ratio search / roster get: ${(median('cmd_search_users (1,000 numbers, worker)') / median('peer: roster get (Prosody storage read)')).toFixed(1)}x`);
    console.log(`  ratio search / disco#info: ${(median('cmd_search_users (1,000 numbers, worker)') / median('peer: disco#info (Prosody round trip)')).toFixed(1)}x`);
  } finally {
    await harness.stop();
  }
}

for (const setup of accountStoreSetups) await benchSetup(setup);
