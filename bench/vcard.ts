/**
 * vCard and commands with 50 logged-in clients, against the floor measured in the same run: a bare
 * XEP-0114 component on the same Prosody (bench/bare-component.ts) answering the same vCard and a
 * constant command response. Beside it: Prosody serving a vCard of the same size itself (one user
 * sets it, the others read it) and an XEP-0199 ping to the server, so the cost of the component
 * hop is visible. Each client sends one request at a time (a closed loop). The targets take turns
 * in short rounds (product and bare component in alternating order), so that a shared machine's changing load falls on all of them alike; the medians
 * of the rounds are printed, and the goals' ratios are the medians of each round's ratio between
 * the product and the bare component measured next to it. Asserts nothing.
 *
 *   npx tsx bench/vcard.ts [clients=50] [requests per round=1500] [rounds=7] [pglite|postgres]
 */
import xml, { type Element } from '@xmpp/xml';
import { vcardXml } from '@/server/buddies/vcard-reply';
import { peerComponentJid, serviceJid, startXmppHarness, componentJid, type TestUser } from '@/test/support/xmpp-harness';
import { startBareComponent } from './bare-component';
import { closedLoopRound as round, type Round } from './closed-loop';

const clients = Number(process.argv[2] ?? 50);
const requestsPerRound = Number(process.argv[3] ?? 1_500);
const rounds = Number(process.argv[4] ?? 7);
const database = process.argv[5] === 'postgres' ? 'postgres' : 'pglite';

const vcardGet = (to: string) => xml('iq', { type: 'get', to }, xml('vCard', { xmlns: 'vcard-temp' }));
const descOf = (result: Element) => result.getChild('vCard', 'vcard-temp')?.getChildText('DESC') ?? '';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (results: Round[]): Round => ({
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  perSecond: median(results.map((r) => r.perSecond)),
});
const show = (name: string, r: Round) =>
  `${name.padEnd(34)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   ${r.perSecond.toFixed(0).padStart(6)}/s`;
const verdict = (ok: boolean) => (ok ? 'goal met' : 'goal NOT met');

async function main(): Promise<void> {
  const harness = await startXmppHarness({ database });
  try {
    const users: TestUser[] = [];
    for (let i = 0; i < clients; i++) users.push(await harness.createUser());
    const [holder] = users as [TestUser];

    const productDesc = descOf(await holder.iq(vcardGet(componentJid)));
    const channels = await holder.command('cmd_get_channels', '{}');
    if (channels.payload.status !== 0) throw new Error(`cmd_get_channels failed: ${channels.payloadText}`);
    const bare = await startBareComponent(harness.peerComponentTarget, vcardXml(productDesc), channels.payloadText);
    const bareVcard = descOf(await holder.iq(vcardGet(peerComponentJid)));
    if (bareVcard !== productDesc) throw new Error('the bare component does not serve the same DESC');
    // Prosody's own: the holder's vCard with the same DESC (mod_vcard_legacy keeps it as NOTE).
    await holder.iq(
      xml('iq', { type: 'set' }, xml('vCard', { xmlns: 'vcard-temp' }, xml('FN', {}, 'Bench'), xml('DESC', {}, productDesc))),
    );
    const prosodyVcardBytes = (await users[1]!.iq(vcardGet(holder.jid))).toString().length;

    const targets: Array<[string, (user: TestUser) => Promise<unknown>]> = [
      ['vCard: product', (user) => user.iq(vcardGet(componentJid))],
      ['vCard: bare component', (user) => user.iq(vcardGet(peerComponentJid))],
      ["vCard: Prosody's own (another user's)", (user) => user.iq(vcardGet(holder.jid))],
      ['cmd_get_channels: product', (user) => user.command('cmd_get_channels', '{}', { to: serviceJid })],
      ['command: bare component', (user) => user.command('cmd_get_channels', '{}', { to: `xmpp_service@${peerComponentJid}` })],
      [
        'XEP-0199 ping to the server',
        (user) => user.iq(xml('iq', { type: 'get', to: harness.domain.name }, xml('ping', { xmlns: 'urn:xmpp:ping' }))),
      ],
    ];
    const results = new Map<string, Round[]>(targets.map(([name]) => [name, []]));
    for (const [, request] of targets) await round(users, clients * 5, request); // warm-up
    for (let r = 0; r < rounds; r++) {
      // Every other round the bare component goes first, so that neither side always follows the other.
      const order = r % 2 === 0 ? [0, 1, 2, 3, 4, 5] : [1, 0, 2, 4, 3, 5];
      for (const index of order) {
        const [name, request] = targets[index]!;
        results.get(name)!.push(await round(users, requestsPerRound, request));
      }
    }

    console.log(
      `database ${database}; worker LOG_LEVEL ${process.env.LOG_LEVEL}; ${clients} clients, one request at a time each; ${rounds} rounds of ${requestsPerRound} requests per target, medians of the rounds; ` +
        `DESC ${productDesc.length} chars (Prosody's vCard reply ${prosodyVcardBytes} chars)`,
    );
    for (const [name] of targets) console.log(show(name, summary(results.get(name)!)));
    // Per round: product against the bare component measured next to it, then the median.
    const roundRatios = (product: string, floor: string, of: (r: Round) => number) =>
      median(results.get(product)!.map((r, index) => of(r) / of(results.get(floor)![index]!)));
    const goals = (what: string, product: string, floor: string) => {
      const p50 = roundRatios(product, floor, (r) => r.p50);
      const rate = roundRatios(product, floor, (r) => r.perSecond);
      console.log(
        `${what} vs bare component: p50 ${p50.toFixed(2)}x (goal <= 1.2, ${verdict(p50 <= 1.2)}), ` +
          `throughput ${rate.toFixed(2)}x (goal >= 0.8, ${verdict(rate >= 0.8)})`,
      );
    };
    const [vcardName, bareVcardName, prosodyName, commandName, bareCommandName, pingName] = targets.map(([name]) => name) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    goals('vCard', vcardName, bareVcardName);
    goals('cmd_get_channels', commandName, bareCommandName);
    console.log(
      `beside them: Prosody's own vCard p50 ${roundRatios(prosodyName, bareVcardName, (r) => r.p50).toFixed(2)}x the bare component's; ` +
        `bare component vCard p50 ${roundRatios(bareVcardName, pingName, (r) => r.p50).toFixed(2)}x a ping's (the component hop)`,
    );
    await bare.stop();
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
