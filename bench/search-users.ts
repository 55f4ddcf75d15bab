/**
 * Address books at real scale, in both of Prosody's account stores: 100,000 accounts created in the
 * store's own format (one of them logs in with a real client, proving it), then, in the same run:
 *
 * - `cmd_search_users` with 5,000 numbers (half registered), end to end from a real client, against
 *   the peer a naive service would be: 5,000 one-by-one lookups in the same store (`fs.stat` of
 *   each account file; one single-row SELECT per number), and the product's lookup alone;
 * - a one-number search before and after the 100,000 accounts exist, beside a command round trip;
 * - another user's vCard p99 while searches run (back to back, and paced so that the product and
 *   the floor carry the same load), against its p99 alone, and the worker's event-loop delay beside
 *   an idle process's;
 * - a repeated `cmd_add_to_roster` of 1,000 contacts (nothing to change) against one roster get,
 *   also right after the user changed its roster (the worker reads it from the server again then).
 *
 * Beside each, the floor of the architecture in the same run: a bare XEP-0114 component on the same
 * Prosody (bench/bare-component.ts) sent the same request and answering with the product's own
 * answer, precomputed. What the product costs above it is the product's; the rest is the hop
 * through Prosody that any component pays.
 *
 * Prints medians, p95/p99 and ratios; asserts only that answers are exact. Run:
 * `npx tsx bench/search-users.ts [accounts=100000] [file|sql]` (both stores unless one is named).
 */
import { spawn } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import xml from '@xmpp/xml';
import postgres from 'postgres';
import { openAccountDirectory } from '@/server/directory';
import { encodeProsodyPathPart } from '@/server/directory/prosody-path-encoding';
import { accountStoreSetups } from '@/test/support/address-book-setups';
import { createProsodyAccounts } from '@/test/support/prosody-accounts';
import {
  connectAccount,
  peerComponentJid,
  servedDomain,
  startXmppHarness,
  type Account,
  type TestUser,
  type XmppHarness,
} from '@/test/support/xmpp-harness';
import { startBareComponent } from './bare-component';

const accountCount = Number(process.argv[2] ?? 100_000);
const bookSize = 5_000;
const rosterBookSize = 1_000;
/** Half the book is registered: one account in every `bookStride`, past the two that log in. */
const bookStride = Math.floor(accountCount / (bookSize / 2));
if (process.argv[2] !== '--searcher' && !(bookStride >= 1 && 2 + (bookSize / 2 - 1) * bookStride < accountCount))
  throw new Error(
    `${process.argv[2]} accounts cannot hold the ${bookSize / 2} registered numbers of the book apart: give more (20000, 100000)`,
  );
/** Another user's vCards, alone and during searches: a p99 over 40 samples, steadier than over 20. */
const vcardRequests = 4_000;
const searcherWarmup = 5;
/**
 * The paced searcher's rate: under half of what the product answers one after the other on the
 * 2-core machine, so that both targets keep up with it; 72,000 address-book syncs an hour, most of
 * the 100,000 accounts syncing within the hour.
 */
const pacedSearchesPerSecond = 20;
/** Where a command goes to reach the bare component instead of the product. */
const bareComponent = `xmpp_service@${peerComponentJid}`;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (samples: number[]) => quantile(samples, 0.5);
const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(11);

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux this runs on. */
const userHz = 100;

/** CPU time (user and system) a process has used so far, from /proc: Prosody's own share of the work. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / userHz;
}

/** `work`'s samples, and the CPU time Prosody spent per run of it (warm-up runs included). */
async function measureWithProsodyCpu(prosodyPid: number, rounds: number, work: () => Promise<unknown>) {
  const warmup = 2;
  const cpuBefore = processCpuMs(prosodyPid);
  const samples = await measure(rounds, work, warmup);
  return { samples, prosodyCpuMs: (processCpuMs(prosodyPid) - cpuBefore) / (rounds + warmup) };
}

/** What `work` returns, and the share of its wall time that Prosody's one thread was on a CPU. */
async function withProsodyBusy<T>(prosodyPid: number, work: () => Promise<T>): Promise<{ result: T; prosodyBusy: number }> {
  const [cpuBefore, started] = [processCpuMs(prosodyPid), performance.now()];
  const result = await work();
  return { result, prosodyBusy: (processCpuMs(prosodyPid) - cpuBefore) / (performance.now() - started) };
}

async function measure(rounds: number, work: () => Promise<unknown>, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

function report(name: string, samples: number[]): void {
  console.log(`  ${name.padEnd(62)} median ${ms(median(samples))}   p95 ${ms(quantile(samples, 0.95))}`);
}

/** Account names of the bench: 0039340xxxxxxx registered, 0039350xxxxxxx never registered. */
const registeredName = (index: number) => `003934${String(index).padStart(8, '0')}`;
const unregisteredName = (index: number) => `003935${String(index).padStart(8, '0')}`;
/** As a phone shows a number: +39… (the service normalises it back to 0039…). */
const displayed = (local: string) => `+${local.slice(2)}`;

/** 5,000 lookups one after the other, as a service without a bulk lookup would do them. */
function oneByOneLookup(harness: XmppHarness): { lookup: (localparts: string[]) => Promise<number>; close: () => Promise<unknown> } {
  if (harness.accountStore.startsWith('sql:')) {
    const sql = postgres(harness.accountStore.slice('sql:'.length), { max: 1, onnotice: () => {} });
    return {
      async lookup(localparts) {
        let found = 0;
        for (const local of localparts) {
          const rows = await sql`SELECT 1 FROM prosody WHERE host = ${servedDomain} AND "user" = ${local} AND store = 'accounts' LIMIT 1`;
          found += rows.length;
        }
        return found;
      },
      close: () => sql.end(),
    };
  }
  const accountsDir = join(harness.prosody.dataPath, encodeProsodyPathPart(servedDomain), 'accounts');
  return {
    async lookup(localparts) {
      let found = 0;
      for (const local of localparts) {
        found += await stat(join(accountsDir, `${encodeProsodyPathPart(local)}.dat`)).then(
          () => 1,
          () => 0,
        );
      }
      return found;
    },
    close: async () => {},
  };
}

/**
 * Moves what the store's listing is checked against, as Prosody's own writes do: an account row is
 * rewritten (SQL, as a password change does), the accounts directory's mtime moves (files).
 */
async function accountChanger(harness: XmppHarness): Promise<{ change: () => Promise<unknown>; close: () => Promise<unknown> }> {
  if (harness.accountStore.startsWith('sql:')) {
    const sql = postgres(harness.accountStore.slice('sql:'.length), { max: 1, onnotice: () => {} });
    return {
      change: () =>
        sql`UPDATE prosody SET value = value WHERE host = ${servedDomain} AND "user" = ${registeredName(0)} AND store = 'accounts' AND key = 'salt'`,
      close: () => sql.end(),
    };
  }
  const accountsDir = join(harness.accountStore.slice('file:'.length), encodeProsodyPathPart(servedDomain), 'accounts');
  return {
    change: async () => {
      const now = new Date();
      utimesSync(accountsDir, now, now);
    },
    close: async () => {},
  };
}

interface SearcherOrder {
  c2sPort: number;
  account: Account;
  book: string[];
  expected: string;
  /** The bare component's address, to search there instead of the product. */
  to?: string;
  /** Searches started per second at most; back to back without it. */
  perSecond?: number;
}

/** This script run as `--searcher`: logs in and searches (back to back, or paced), a dot per exact answer, until killed. */
async function runSearcher(order: SearcherOrder): Promise<void> {
  const user = await connectAccount(order.account, order.c2sPort);
  const search = async () => {
    const { payload } = await user.command('cmd_search_users', { userList: order.book }, order.to ? { to: order.to } : {});
    if (JSON.stringify(payload.userList) !== order.expected) throw new Error(`inexact answer: ${JSON.stringify(payload).slice(0, 300)}`);
  };
  // Warm (its code compiled, as a phone's app that has been running is): a new process's first
  // searches are several times slower, and would lighten the load of a short measurement.
  for (let warmup = 0; warmup < searcherWarmup; warmup++) await search();
  process.stdout.write('ready\n');
  const interval = order.perSecond === undefined ? 0 : 1000 / order.perSecond;
  for (;;) {
    const started = performance.now();
    await search();
    process.stdout.write('.');
    const rest = interval - (performance.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
}

async function startSearcher(order: SearcherOrder): Promise<{ stop(): Promise<number> }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--searcher'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify(order));
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the searcher process exited (code ${code})`)));
  });
  await ready;
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      return (output.match(/\./g) ?? []).length;
    },
  };
}

/**
 * A Node.js process that does nothing but measure its own event-loop delay, until told to stop:
 * what the machine's scheduling alone costs a process in the same moments (two cores shared with
 * Prosody, PostgreSQL and the clients), the floor of the worker's own figure.
 */
async function startIdleProbe(): Promise<{ stop(): Promise<{ p99: number; max: number }> }> {
  const program = `
    const delay = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      delay.disable();
      process.stdout.write(JSON.stringify({ p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }));
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the idle probe exited (code ${code})`)));
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.write('stop\n');
      await exited;
      return JSON.parse(output.slice('ready\n'.length)) as { p99: number; max: number };
    },
  };
}

async function searchOne(user: TestUser, number: string): Promise<void> {
  const { payload } = await user.command('cmd_search_users', { userList: [number] });
  if (JSON.stringify(payload.userList) !== JSON.stringify([number])) throw new Error(`unexpected answer: ${JSON.stringify(payload)}`);
}

async function benchSetup(setup: (typeof accountStoreSetups)[number]): Promise<void> {
  const harness = await startXmppHarness({ database: setup.database, prosodyStorage: setup.prosodyStorage });
  try {
    console.log(`\n${setup.name}`);
    // A one-number search while the store holds a handful of accounts, for comparison at 100,000.
    const early = await harness.createUser();
    const earlyContact = harness.registerAccount();
    const oneNumberFew = await measure(40, () => searchOne(early, earlyContact.local), 5);

    const names = Array.from({ length: accountCount }, (_, index) => registeredName(index));
    let started = performance.now();
    const accountOf = await createProsodyAccounts(harness, servedDomain, names);
    console.log(
      `  created ${accountCount.toLocaleString('en')} accounts in the store's own format in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    const user = await harness.connect(accountOf(names[0]!));
    const watcher = await harness.connect(accountOf(names[1]!));
    console.log(`  ${user.jid} and ${watcher.jid}, created that way, logged in (${(performance.now() - started).toFixed(0)} ms)`);

    // The address book: every other entry registered, spread over all accounts.
    const registeredInBook = Array.from({ length: bookSize / 2 }, (_, index) => registeredName(2 + index * bookStride));
    const book = registeredInBook.flatMap((local, index) => [displayed(local), displayed(unregisteredName(index))]);
    const expected = JSON.stringify(registeredInBook.map(displayed));
    const search = async (to?: string) => {
      const { payload } = await user.command('cmd_search_users', { userList: book }, to ? { to } : {});
      if (JSON.stringify(payload.userList) !== expected) throw new Error(`inexact answer: ${JSON.stringify(payload).slice(0, 300)}`);
    };
    // The floor answers each command type with the product's own answer to the bench's request.
    const floorAnswers = new Map<string, string>();
    floorAnswers.set('cmd_search_users', (await user.command('cmd_search_users', { userList: book })).payloadText);
    const bare = await startBareComponent(harness.peerComponentTarget, '<vCard xmlns="vcard-temp"/>', (type) => floorAnswers.get(type)!);
    const localparts = book.map((entry) => `00${entry.slice(1)}`);
    const directory = openAccountDirectory(harness.accountStore);
    const peer = oneByOneLookup(harness);
    // The peer first: its seconds leave the store quiet, as it is between registrations, so that
    // the file store's lookup can use its listing (server/directory/file-accounts.ts).
    const peerSamples = await measure(
      7,
      async () => {
        if ((await peer.lookup(localparts)) !== bookSize / 2) throw new Error('the one-by-one lookup found a different number of accounts');
      },
      1,
    );
    const prosodyPid = harness.prosody.pid;
    if (prosodyPid === undefined) throw new Error('the private Prosody is not running');
    const searchRun = await measureWithProsodyCpu(prosodyPid, 30, () => search());
    const floorRun = await measureWithProsodyCpu(prosodyPid, 30, () => search(bareComponent));
    const results = {
      search: searchRun.samples,
      floor: floorRun.samples,
      lookupAlone: await measure(30, () => directory.registered(servedDomain, localparts)),
      peer: peerSamples,
      oneNumber: await measure(40, () => searchOne(user, displayed(registeredInBook[7]!)), 5),
      command: await measure(40, () => user.command('cmd_get_channels', {}), 5),
    };
    await Promise.all([directory.close(), peer.close()]);
    const peerName = setup.prosodyStorage === 'sql' ? '5,000 single-row SELECTs, one by one' : '5,000 fs.stat of account files, one by one';
    report(`cmd_search_users, 5,000 numbers (client round trip)`, results.search);
    // What a store that changes all the time costs: each search right after a change to the accounts
    // (as a registration or a password change makes it), answered without the store's listing.
    const accountChange = await accountChanger(harness);
    const afterChange = await measure(30, async () => {
      await accountChange.change();
      return search();
    });
    await accountChange.close();
    report(`  the same, each right after a change to the accounts`, afterChange);
    console.log(`  ratio peer / search right after a change:  ${(median(results.peer) / median(afterChange)).toFixed(1)}x faster`);
    report(`floor: a bare component, the same request and answer`, results.floor);
    report(`  its account lookup alone (in process)`, results.lookupAlone);
    console.log(
      `  Prosody's own CPU time per search (its one thread): ${ms(searchRun.prosodyCpuMs)} to the product, ${ms(floorRun.prosodyCpuMs)} to the bare component`,
    );
    report(`peer: ${peerName}`, results.peer);
    report(`cmd_search_users, 1 number, ${accountCount.toLocaleString('en')} accounts`, results.oneNumber);
    report(`cmd_search_users, 1 number, a handful of accounts`, oneNumberFew);
    report(`cmd_get_channels (a command round trip)`, results.command);
    console.log(`  ratio peer / search (client round trip):   ${(median(results.peer) / median(results.search)).toFixed(1)}x faster`);
    console.log(`  ratio peer / lookup alone:                 ${(median(results.peer) / median(results.lookupAlone)).toFixed(1)}x faster`);
    console.log(`  ratio peer / floor (the goal's best case): ${(median(results.peer) / median(results.floor)).toFixed(1)}x faster`);
    console.log(`  ratio search / floor:                      ${(median(results.search) / median(results.floor)).toFixed(2)}x`);
    console.log(
      `  ratio 1-number search, ${accountCount.toLocaleString('en')} / few accounts: ${(median(results.oneNumber) / median(oneNumberFew)).toFixed(2)}x`,
    );
    console.log(`  ratio 1-number search / cmd_get_channels:  ${(median(results.oneNumber) / median(results.command)).toFixed(2)}x`);

    // Another user's vCard, alone and while the first user searches from a process of its own (a
    // phone is not in the worker's process: its work must not count). Back to back, the most one
    // client can send; and paced, so that the product and the bare component carry the same load
    // (back to back, each carries as many searches as it answers, the bare component far more).
    const vcards = () => measure(vcardRequests, () => watcher.vcardDesc(), 20);
    const p99 = (samples: number[]) => quantile(samples, 0.99);
    const percent = (share: number) => `${(share * 100).toFixed(0)} %`;
    const { result: vcardAlone, prosodyBusy: prosodyBusyAlone } = await withProsodyBusy(prosodyPid, vcards);
    console.log(
      `  another user's vCard alone:                 p50 ${ms(median(vcardAlone))}   p99 ${ms(p99(vcardAlone))}   (Prosody's thread busy ${percent(prosodyBusyAlone)})`,
    );
    const searching = async (perSecond: number | undefined, to?: string) => {
      const searcher = await startSearcher({ c2sPort: harness.c2sPort, account: accountOf(names[0]!), book, expected, to, perSecond });
      const idleProbe = await startIdleProbe();
      // This process runs the worker: how long its main thread was held at a time meanwhile.
      const held = monitorEventLoopDelay({ resolution: 1 });
      held.enable();
      const started = performance.now();
      const { result: samples, prosodyBusy } = await withProsodyBusy(prosodyPid, vcards);
      const seconds = (performance.now() - started) / 1000;
      held.disable();
      return { samples, searchesPerSecond: (await searcher.stop()) / seconds, held, idle: await idleProbe.stop(), prosodyBusy };
    };
    for (const perSecond of [undefined, pacedSearchesPerSecond]) {
      const pace = perSecond === undefined ? 'back to back' : `${perSecond} times a second`;
      const product = await searching(perSecond);
      const floor = await searching(perSecond, bareComponent);
      for (const [who, run] of [
        ['the product', product],
        ['the bare component', floor],
      ] as const) {
        console.log(
          `  the same while another process searches ${pace}, to ${who}: p50 ${ms(median(run.samples))}   p99 ${ms(p99(run.samples))}` +
            `   (${run.searchesPerSecond.toFixed(0)} searches/s, Prosody's thread busy ${percent(run.prosodyBusy)})`,
        );
      }
      console.log(
        `    the worker's main thread held at a time meanwhile: p99 ${ms(product.held.percentile(99) / 1e6)}   max ${ms(product.held.max / 1e6)}` +
          ` (event-loop delay); an idle process: p99 ${ms(product.idle.p99)}   max ${ms(product.idle.max)} (the machine's own scheduling)`,
      );
      console.log(
        `  ratio vCard p99 during searches ${pace} / alone: ${(p99(product.samples) / p99(vcardAlone)).toFixed(2)}x` +
          `   floor, searches to the bare component: ${(p99(floor.samples) / p99(vcardAlone)).toFixed(2)}x`,
      );
    }

    // 1,000 contacts, half of them registered: the first request adds 500, repeats change nothing.
    const contacts = Array.from({ length: rosterBookSize }, (_, index) => ({
      name: `Contact ${index}`,
      address: displayed(index % 2 === 0 ? registeredName(3 + index * 11) : unregisteredName(index)),
    }));
    const addToRoster = (channelUsers = contacts) =>
      user.command('cmd_add_to_roster', { channelUsers }).then((response) => response.payload);
    // The first time in parts: Prosody rewrites the whole roster on every write (file and SQL store alike),
    // so 500 writes in one request can outlast the command deadline on a busy machine.
    let added = 0;
    for (let part = 0; part < rosterBookSize; part += 20)
      added += ((await addToRoster(contacts.slice(part, part + 20))).added as string[]).length;
    if (added !== rosterBookSize / 2) throw new Error(`the first requests added ${added} contacts, not ${rosterBookSize / 2}`);
    const repeated = await measure(30, async () => {
      const payload = await addToRoster();
      if ((payload.added as string[]).length + (payload.updated as string[]).length !== 0)
        throw new Error('a repeated add_to_roster wrote items');
    });
    const rosterGet = await measure(30, () => user.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' }))));
    // The same, each right after the user's own client changed an item outside the book: the roster
    // the worker keeps is stale then, and it reads it from the server again (nothing to write still).
    const afterRosterChange: number[] = [];
    for (let round = 0; round < 32; round++) {
      await user.iq(
        xml(
          'iq',
          { type: 'set' },
          xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: `outside-the-book@${servedDomain}`, name: `Name ${round}` })),
        ),
      );
      const started = performance.now();
      await addToRoster();
      if (round >= 2) afterRosterChange.push(performance.now() - started);
    }
    afterRosterChange.sort((a, b) => a - b);
    floorAnswers.set('cmd_add_to_roster', (await user.command('cmd_add_to_roster', { channelUsers: contacts })).payloadText);
    const bareRoundTrip = await measure(30, () => user.command('cmd_add_to_roster', { channelUsers: contacts }, { to: bareComponent }));
    // The same with an answer of the envelope alone: how much of the floor is the request itself.
    floorAnswers.set('cmd_add_to_roster', JSON.stringify({ status: 0, errorCode: null, errorMessage: [] }));
    const bareRequestOnly = await measure(30, () => user.command('cmd_add_to_roster', { channelUsers: contacts }, { to: bareComponent }));
    report(`cmd_add_to_roster, 1,000 contacts repeated (0 writes)`, repeated);
    report(`  the same, each right after the user changed another item`, afterRosterChange);
    report(`peer: the user's roster get (500 items)`, rosterGet);
    report(`floor: its request and answer through a bare component`, bareRoundTrip);
    report(`  the same with the envelope alone as the answer`, bareRequestOnly);
    console.log(`  ratio repeated add_to_roster / roster get: ${(median(repeated) / median(rosterGet)).toFixed(2)}x`);
    console.log(`  the same right after a roster change / roster get: ${(median(afterRosterChange) / median(rosterGet)).toFixed(2)}x`);
    console.log(`  floor (bare round trip) / roster get:      ${(median(bareRoundTrip) / median(rosterGet)).toFixed(2)}x`);
    console.log(`  the floor with the envelope alone / roster get: ${(median(bareRequestOnly) / median(rosterGet)).toFixed(2)}x`);
    console.log(`  ratio repeated add_to_roster / floor:      ${(median(repeated) / median(bareRoundTrip)).toFixed(2)}x`);
    await bare.stop();
  } finally {
    await harness.stop();
  }
}

if (process.argv[2] === '--searcher') {
  let order = '';
  for await (const chunk of process.stdin) order += String(chunk);
  await runSearcher(JSON.parse(order) as SearcherOrder);
} else {
  const only = process.argv[3];
  if (only !== undefined && only !== 'file' && only !== 'sql') throw new Error(`unknown store "${only}": expected file or sql`);
  const storage = only === 'file' ? 'internal' : only;
  for (const setup of accountStoreSetups.filter((candidate) => !only || candidate.prosodyStorage === storage)) await benchSetup(setup);
}
