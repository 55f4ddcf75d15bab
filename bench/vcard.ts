/**
 * vCard and commands with 50 logged-in clients, against the floor measured in the same run: a bare
 * XEP-0114 component on the same Prosody (bench/bare-component.ts) answering the same vCard and a
 * constant command response. Beside it: Prosody serving a vCard of the same size itself (one user
 * sets it, the others read it) and an XEP-0199 ping to the server, so the cost of the component
 * hop is visible. Each client sends one request at a time (a closed loop); rounds of each target
 * alternate, and the medians of the rounds are printed, with the ratios the goals are set in.
 * Asserts nothing.
 *
 *   npx tsx bench/vcard.ts [clients=50] [requests per round=3000] [rounds=3] [pglite|postgres]
 */
import xml, { type Element } from '@xmpp/xml';
import { vcardXml } from '@/server/buddies/vcard-reply';
import { peerComponentJid, serviceJid, startXmppHarness, componentJid, type TestUser } from '@/test/support/xmpp-harness';
import { startBareComponent } from './bare-component';

const clients = Number(process.argv[2] ?? 50);
const requestsPerRound = Number(process.argv[3] ?? 3_000);
const rounds = Number(process.argv[4] ?? 3);
const database = process.argv[5] === 'postgres' ? 'postgres' : 'pglite';

interface Round {
  p50: number;
  p99: number;
  perSecond: number;
}

const vcardGet = (to: string) => xml('iq', { type: 'get', to }, xml('vCard', { xmlns: 'vcard-temp' }));
const descOf = (result: Element) => result.getChild('vCard', 'vcard-temp')?.getChildText('DESC') ?? '';

/** `requests` requests spread over the users, each user one at a time. */
async function round(users: TestUser[], requests: number, request: (user: TestUser) => Promise<unknown>): Promise<Round> {
  const latencies: number[] = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      while (sent++ < requests) {
        const start = performance.now();
        await request(user);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: at(0.5), p99: at(0.99), perSecond: (latencies.length / elapsed) * 1000 };
}

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
    await holder.iq(xml('iq', { type: 'set' }, xml('vCard', { xmlns: 'vcard-temp' }, xml('FN', {}, 'Bench'), xml('DESC', {}, productDesc))));
    const prosodyVcardBytes = (await users[1]!.iq(vcardGet(holder.jid))).toString().length;

    const targets: Array<[string, (user: TestUser) => Promise<unknown>]> = [
      ['vCard: product', (user) => user.iq(vcardGet(componentJid))],
      ['vCard: bare component', (user) => user.iq(vcardGet(peerComponentJid))],
      ["vCard: Prosody's own (another user's)", (user) => user.iq(vcardGet(holder.jid))],
      ['cmd_get_channels: product', (user) => user.command('cmd_get_channels', '{}', { to: serviceJid })],
      ['command: bare component', (user) => user.command('cmd_get_channels', '{}', { to: `xmpp_service@${peerComponentJid}` })],
      ['XEP-0199 ping to the server', (user) => user.iq(xml('iq', { type: 'get', to: harness.domain.name }, xml('ping', { xmlns: 'urn:xmpp:ping' })))],
    ];
    const results = new Map<string, Round[]>(targets.map(([name]) => [name, []]));
    for (const [, request] of targets) await round(users, clients * 5, request); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [name, request] of targets) results.get(name)!.push(await round(users, requestsPerRound, request));
    }

    const [vcardProduct, vcardBare, vcardProsody, commandProduct, commandBare, ping] = targets.map(([name]) => summary(results.get(name)!));
    console.log(
      `database ${database}; worker LOG_LEVEL ${process.env.LOG_LEVEL}; ${clients} clients, one request at a time each; ${rounds} rounds of ${requestsPerRound} requests per target, medians of the rounds; ` +
        `DESC ${productDesc.length} chars (Prosody's vCard reply ${prosodyVcardBytes} chars)`,
    );
    targets.forEach(([name], index) => console.log(show(name, [vcardProduct, vcardBare, vcardProsody, commandProduct, commandBare, ping][index]!)));
    const p50Ratio = (a: Round, b: Round) => a.p50 / b.p50;
    const rateRatio = (a: Round, b: Round) => a.perSecond / b.perSecond;
    console.log(
      `vCard vs bare component: p50 ${p50Ratio(vcardProduct!, vcardBare!).toFixed(2)}x (goal <= 1.2, ${verdict(p50Ratio(vcardProduct!, vcardBare!) <= 1.2)}), ` +
        `throughput ${rateRatio(vcardProduct!, vcardBare!).toFixed(2)} (goal >= 0.8, ${verdict(rateRatio(vcardProduct!, vcardBare!) >= 0.8)})`,
    );
    console.log(
      `cmd_get_channels vs bare component: p50 ${p50Ratio(commandProduct!, commandBare!).toFixed(2)}x (goal <= 1.2, ${verdict(p50Ratio(commandProduct!, commandBare!) <= 1.2)}), ` +
        `throughput ${rateRatio(commandProduct!, commandBare!).toFixed(2)} (goal >= 0.8, ${verdict(rateRatio(commandProduct!, commandBare!) >= 0.8)})`,
    );
    console.log(
      `beside them: Prosody's own vCard p50 ${p50Ratio(vcardProsody!, vcardBare!).toFixed(2)}x the bare component's; ` +
        `the component hop (bare vCard p50 / ping p50) ${p50Ratio(vcardBare!, ping!).toFixed(2)}x`,
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
