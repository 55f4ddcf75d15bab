import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { openTestDatabase } from '../support/databases';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { connectAccount, randomMsisdn } from '../support/xmpp-harness';

/** Whether a process runs (and is not a zombie waiting for its parent). */
function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * `npm run worker` starts the private Prosody of PROSODY_DATA_DIR when no XMPP server is
 * configured, as `npm start` does: what it finds there from an earlier run decides what it does.
 */
// Each test starts two product processes (Node, PGlite, Prosody): generous bounds for a busy machine.
describe('a private Prosody found running for the same data directory', { timeout: 300_000 }, () => {
  const started: WorkerProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const worker of started.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
        await worker.exited(60_000);
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }, 150_000);

  async function productEnv(extra: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'xs-takeover-'));
    // Open to the prosody user, so that Prosody runs from the data directory itself (see prosody-closed-parent).
    chmodSync(dir, 0o755);
    dirs.push(dir);
    return {
      dir,
      env: {
        PGLITE_DIR: join(dir, 'pglite'),
        PROSODY_DATA_DIR: join(dir, 'prosody'),
        PROSODY_C2S_PORT: String(await freePort()),
        PROSODY_COMPONENT_PORT: String(await freePort()),
        ...extra,
      },
    };
  }

  function start(env: Record<string, string>): WorkerProcess {
    const worker = spawnWorkerProcess(env);
    started.push(worker);
    return worker;
  }

  it('is stopped when the process that started it was killed with SIGKILL, and the next start serves clients', async () => {
    const { dir, env } = await productEnv();
    const first = start(env);
    await first.next('worker.online', 120_000);
    const orphan = Number(readFileSync(join(dir, 'prosody', 'prosody.pid'), 'utf8'));
    first.child.kill('SIGKILL');
    await first.exited(60_000);
    expect(alive(orphan)).toBe(true); // what a kill -9 leaves behind: Prosody holding the ports

    const second = start(env);
    await second.next('worker.online', 120_000);
    expect(alive(orphan)).toBe(false);
    const restarted = Number(readFileSync(join(dir, 'prosody', 'prosody.pid'), 'utf8'));
    expect(restarted).not.toBe(orphan);

    // A real client of the new Prosody is answered by the new worker (which, unlike npm start,
    // seeds no domain: the answer says so).
    const prosody = new PrivateProsody({
      dataDir: env.PROSODY_DATA_DIR,
      domains: ['localhost'],
      componentJid: 'xmpp-service.localhost',
      componentSecret: readFileSync(join(env.PROSODY_DATA_DIR, 'component-secret'), 'utf8'),
      c2sPort: Number(env.PROSODY_C2S_PORT),
      componentPort: Number(env.PROSODY_COMPONENT_PORT),
      allowRegistration: true,
    });
    const account = { local: randomMsisdn(), domain: 'localhost', password: 'a-password' };
    prosody.registerUser(account.local, account.domain, account.password);
    const user = await connectAccount({ ...account, jid: `${account.local}@localhost` }, Number(env.PROSODY_C2S_PORT));
    expect((await user.command('cmd_get_channels', '{}', { to: 'xmpp_service@xmpp-service.localhost' })).payload).toMatchObject({
      status: 1,
      errorCode: 'DOMAIN_NOT_SERVED',
    });
    await user.stop();
  });

  it('is not touched: a second worker joins it rather than starting another', async () => {
    const database = await openTestDatabase('postgres');
    try {
      const { dir, env } = await productEnv({ DATABASE_URL: database.url! });
      const first = start(env);
      await first.next('worker.online', 120_000);
      const running = Number(readFileSync(join(dir, 'prosody', 'prosody.pid'), 'utf8'));

      const second = start(env);
      expect(await second.next('prosody.joined', 120_000)).toMatchObject({ pid: running, ownerPid: first.child.pid });
      // Prosody takes one connection per component: the second waits, saying why (worker-process.test.ts).
      await second.next('worker.disconnected', 60_000);
      expect(second.lines.map((line) => line.event)).not.toContain('prosody.started');
      expect(alive(running)).toBe(true);
      expect(first.child.exitCode).toBeNull();
    } finally {
      for (const worker of started.splice(0)) {
        worker.child.kill('SIGTERM');
        await worker.exited(60_000);
      }
      await database.close();
    }
  });

  it('leaves a process that is not Prosody alone, even when the pidfile names it', async () => {
    const { env } = await productEnv();
    const first = start(env);
    await first.next('worker.online', 120_000);
    first.child.kill('SIGTERM');
    expect(await first.exited(60_000)).toBe(0);
    // The pidfile of a stopped Prosody, now naming a process that is not one of ours: this test.
    writeFileSync(join(env.PROSODY_DATA_DIR, 'prosody.pid'), String(process.pid));
    expect(existsSync(join(env.PROSODY_DATA_DIR, 'prosody.pid'))).toBe(true);
    const second = start(env);
    await second.next('worker.online', 120_000);
    expect(alive(process.pid)).toBe(true);
  });
});
