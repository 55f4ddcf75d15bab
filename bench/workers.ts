/**
 * Scale-out: `cmd_get_channels` per second from 50 logged-in clients with one, two and three worker
 * processes (`npm run worker`) behind one component JID of an ejabberd node, beside the floor
 * measured in the same run: the bare component (bench/bare-component.ts), also a process of its
 * own, on the same node. Rounds alternate floor and product so a shared machine's changing load
 * falls on both; medians of the rounds are printed, with ratios. Asserts nothing.
 *
 *   npx tsx bench/workers.ts [clients=50] [requests per round=3000] [rounds=3]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoopRound, type Round } from './closed-loop';
import { peerComponentJid, serviceJid, startXmppHarness, type TestUser } from '@/test/support/xmpp-harness';

const clients = Number(process.argv[2] ?? 50);
const requestsPerRound = Number(process.argv[3] ?? 3_000);
const rounds = Number(process.argv[4] ?? 3);
const outputDir = mkdtempSync(join(tmpdir(), 'xs-bench-workers-'));

/**
 * Starts `args` under tsx, its standard output going to a file (a pipe nobody reads would block it),
 * and resolves once that output contains `readyText`.
 */
async function startProcess(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  const outputPath = join(outputDir, `${args[0]!.replace(/\W/g, '_')}-${Date.now()}.log`);
  const output = openSync(outputPath, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', output, 'inherit'],
    env: { ...process.env, ...env },
  });
  closeSync(output);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  while (!readFileSync(outputPath, 'utf8').includes(readyText)) {
    if (exited !== undefined) throw new Error(`${args.join(' ')} exited (code ${exited}) before it was ready; see ${outputPath}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} was not ready within 60 s; see ${outputPath}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

/** A closed-loop round of `cmd_get_channels` to `to`, each answer checked. */
const round = (users: TestUser[], to: string): Promise<Round> =>
  closedLoopRound(users, requestsPerRound, async (user) => {
    const { payload } = await user.command('cmd_get_channels', '{}', { to });
    if (payload.status !== 0) throw new Error(`a command failed: ${JSON.stringify(payload)}`);
  });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const harness = await startXmppHarness({ database: 'postgres', server: 'ejabberd' });
  const children: ChildProcess[] = [];
  try {
    const target = harness.workerTarget;
    if (target.server.kind !== 'ejabberd') throw new Error('the harness does not run ejabberd');
    // Only the worker processes serve: the harness's own worker shares the clients' process.
    await harness.worker.stop();
    const users: TestUser[] = [];
    for (let i = 0; i < clients; i++) users.push(await harness.createUser());

    const bareTarget = harness.peerComponentTarget;
    const answer = JSON.stringify({ status: 0, errorCode: null, errorMessage: [], channelList: ['news', 'offers'] });
    children.push(
      await startProcess(['bench/bare-component-process.ts', bareTarget.service, bareTarget.jid, bareTarget.secret, answer], {}, 'ready'),
    );
    const workerEnv = {
      DATABASE_URL: harness.database.url!,
      XMPP_SERVER: 'ejabberd',
      EJABBERD_API_URL: target.server.apiUrl,
      XMPP_COMPONENT_SERVICE: target.service,
      XMPP_COMPONENT_JID: target.componentJid,
      XMPP_COMPONENT_SECRET: target.componentSecret,
      // The product's default (one line per command), not the harness's quieter test setting.
      LOG_LEVEL: 'info',
    };
    const bareTo = `xmpp_service@${peerComponentJid}`;
    for (const user of users.slice(0, 3)) await round([user], bareTo); // warm-up of the floor

    console.log(
      `ejabberd 23.01 node, PostgreSQL, ${clients} clients in this process, one command at a time each; ` +
        `${rounds} rounds of ${requestsPerRound} commands per target, medians; ${cpus().length} cores`,
    );
    let floorAlone: number | undefined;
    for (let workers = 1; workers <= 3; workers++) {
      children.push(await startProcess(['server/worker/main.ts'], workerEnv, '"worker.online"'));
      await round(users, serviceJid); // warm-up with the new worker
      const product: Round[] = [];
      const floor: Round[] = [];
      for (let r = 0; r < rounds; r++) {
        const pair = r % 2 === 0 ? [floor, product] : [product, floor];
        for (const results of pair) results.push(await round(users, results === floor ? bareTo : serviceJid));
      }
      const rate = median(product.map((r) => r.perSecond));
      const floorRate = median(floor.map((r) => r.perSecond));
      floorAlone ??= rate;
      console.log(
        `${workers} worker process${workers > 1 ? 'es' : '  '}: ${rate.toFixed(0).padStart(6)}/s, p50 ${median(product.map((r) => r.p50)).toFixed(2)} ms` +
          ` | bare component ${floorRate.toFixed(0).padStart(6)}/s, p50 ${median(floor.map((r) => r.p50)).toFixed(2)} ms` +
          ` | ratio ${median(product.map((r, i) => r.perSecond / floor[i]!.perSecond)).toFixed(2)}x the floor, ${(rate / floorAlone).toFixed(2)}x one worker`,
      );
    }
  } finally {
    for (const child of children) child.kill();
    await harness.stop();
    rmSync(outputDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
