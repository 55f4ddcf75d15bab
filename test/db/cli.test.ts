import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { auditLog, channels, commandMetrics, workerStatus } from '@/db/schema';
import { staleAfterMs } from '@/server/status/service-status';
import { openTestDatabase, type TestDatabase } from '../support/databases';

/** The real `xmpp-service` bin, as a user runs it, in its own process. */
function runCli(
  args: string[],
  env: Record<string, string>,
  input?: string,
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'scripts/xmpp-service.mjs'), ...args], {
      cwd,
      env: {
        NODE_ENV: 'production',
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        XMPP_DOMAIN: 'chat.example',
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const json = (output: { stdout: string }) => JSON.parse(output.stdout) as unknown;
const cliActor = `cli:${userInfo().username}`;

interface Target {
  kind: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

const targets: [string, () => Promise<Target>][] = [
  [
    'a fresh PostgreSQL database (DATABASE_URL)',
    async () => {
      const database: TestDatabase = await openTestDatabase('postgres');
      return { kind: 'postgres', env: { DATABASE_URL: database.url! }, close: () => database.close() };
    },
  ],
  [
    'a temporary PGlite directory',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'xs-cli-'));
      return { kind: 'pglite', env: { PGLITE_DIR: join(dir, 'pglite') }, close: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
];

describe.each(targets)('the xmpp-service CLI on %s', (_name, open) => {
  let target: Target;
  let workDir: string;
  beforeAll(async () => {
    target = await open();
    workDir = await mkdtemp(join(tmpdir(), 'xs-cli-files-'));
  }, 60_000);
  afterAll(async () => {
    await target.close();
    await rm(workDir, { recursive: true, force: true });
  });
  const cli = (args: string[], input?: string) => runCli(args, target.env, input);

  it('imports, publishes, lists versions and exports buddies JSON', { timeout: 60_000 }, async () => {
    const source = join(workDir, 'buddies.json5');
    // Non-strict JSON, as the spec allows.
    await writeFile(
      source,
      `{ items: [ { address: 'news-bot', type: 'channel', mobileIsPublished: true, info: { name: 'News' }, items: [] } ] }`,
    );
    const imported = await cli(['buddies', 'import', '--file', source]);
    expect(imported.stderr).toBe('');
    expect(json(imported)).toMatchObject({ domain: 'chat.example', topLevelItems: 1 });

    expect(json(await cli(['buddies', 'publish']))).toMatchObject({ version: { number: 1, publishedBy: cliActor } });
    const again = await cli(['buddies', 'publish']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Nothing to publish');
    expect(json(await cli(['buddies', 'versions']))).toMatchObject([{ number: 1, publishedBy: cliActor }]);

    const out = join(workDir, 'export.json');
    expect((await cli(['buddies', 'export', '--out', out])).code).toBe(0);
    const exported = JSON.parse(await readFile(out, 'utf8'));
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0]).toMatchObject({ address: 'news-bot', type: 'channel', mobileIsPublished: true, info: { name: 'News' } });
    expect(JSON.parse((await cli(['buddies', 'export', '--version', '1'])).stdout)).toEqual(exported);
  });

  it('creates, lists and deletes channels; refuses duplicates and unknown domains', { timeout: 60_000 }, async () => {
    expect(json(await cli(['channels', 'create', '--name', 'sports', '--description', 'Games']))).toMatchObject({
      created: { name: 'sports' },
    });
    const duplicate = await cli(['channels', 'create', '--name', 'sports']);
    expect(duplicate).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    expect(json(await cli(['channels', 'list']))).toEqual([{ name: 'sports', description: 'Games', subscribers: 0 }]);
    expect(json(await cli(['channels', 'delete', '--name', 'sports']))).toMatchObject({ deleted: { name: 'sports', subscribers: 0 } });
    expect(json(await cli(['channels', 'list']))).toEqual([]);
    expect(await cli(['channels', 'list', '--domain', 'typo.example'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no domain'),
    });
  });

  it('refuses text XML forbids in an option and in an imported file', { timeout: 120_000 }, async () => {
    const refused = await cli(['channels', 'create', '--name', 'bad\uffffname']);
    expect(refused).toMatchObject({ code: 1, stderr: '--name "bad\\uffffname" contains U+FFFF, a character that is not allowed.\n' });
    const source = join(workDir, 'forbidden.json');
    await writeFile(source, `{ "items": [ { "address": "x", "type": "channel", "info": { "name": "bad\\u0001" } } ] }`);
    const imported = await cli(['buddies', 'import', '--file', source]);
    expect(imported).toMatchObject({ code: 1, stderr: expect.stringContaining('items.0.info.name: contains U+0001') });
  });

  it('sets, lists and deletes version rules with the console validation', { timeout: 60_000 }, async () => {
    const base = ['version-rules', 'set', '--os', 'ios', '--package', 'com.example.chat', '--link', 'https://example.org/ios'];
    const refused = await cli([...base, '--min-build', '10', '--recommended-build', '9']);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('recommended build cannot be below the minimum') });
    expect(json(await cli([...base, '--min-build', '10', '--recommended-build', '12']))).toMatchObject({ osCode: 'IOS', minBuild: 10 });
    expect(json(await cli([...base, '--min-build', '11']))).toMatchObject({ osCode: 'IOS', minBuild: 11, recommendedBuild: null });
    expect(json(await cli(['version-rules', 'list']))).toMatchObject([{ osCode: 'IOS', packageName: 'com.example.chat', minBuild: 11 }]);
    expect((await cli(['version-rules', 'delete', '--os', 'IOS', '--package', 'com.example.chat'])).code).toBe(0);
    expect(json(await cli(['version-rules', 'list']))).toEqual([]);
  });

  it('creates an operator with the password from standard input only', { timeout: 60_000 }, async () => {
    const created = await cli(
      ['operator', 'create', '--email', 'Ops@Example.test', '--role', 'editor', '--password-stdin'],
      'a long enough password\n',
    );
    expect(json(created)).toEqual({ created: { email: 'ops@example.test', role: 'editor', name: '' } });
    expect(await cli(['operator', 'create', '--email', 'x@example.test', '--role', 'admin'])).toMatchObject({ code: 1 });
    const weak = await cli(['operator', 'create', '--email', 'y@example.test', '--role', 'viewer', '--password-stdin'], 'short');
    expect(weak).toMatchObject({ code: 1, stderr: expect.stringContaining('password') });
  });

  it('lists the workers by the server they connect to, live or gone, with their commands per minute', { timeout: 60_000 }, async () => {
    const database = await openDatabase(
      target.kind === 'postgres' ? { url: target.env.DATABASE_URL } : { pgliteDir: target.env.PGLITE_DIR },
    );
    const now = new Date();
    const row = { componentJid: 'xmpp-service.chat.example', connected: true, connectedSince: now };
    const [node1, node2] = ['xmpp://node-1:5347', 'xmpp://node-2:5347'];
    try {
      await database.db.insert(workerStatus).values([
        { ...row, workerId: 'a-host/20/bbbbbb', host: 'a-host', service: node2, heartbeatAt: now },
        { ...row, workerId: 'b-host/10/aaaaaa', host: 'b-host', service: node1, heartbeatAt: now },
        {
          ...row,
          workerId: 'a-host/11/cccccc',
          host: 'a-host',
          service: node1,
          heartbeatAt: new Date(now.getTime() - staleAfterMs - 1_000),
        },
      ]);
      await database.db.insert(commandMetrics).values({
        minute: new Date(Math.floor(now.getTime() / 60_000) * 60_000),
        command: 'cmd_get_channels',
        workerId: 'b-host/10/aaaaaa',
        count: 50,
      });
    } finally {
      await database.close();
    }
    expect(json(await cli(['workers']))).toEqual([
      expect.objectContaining({
        id: 'a-host/11/cccccc',
        server: node1,
        host: 'a-host',
        connected: false,
        state: 'gone',
        commandsPerMinute: 0,
      }),
      expect.objectContaining({
        id: 'b-host/10/aaaaaa',
        server: node1,
        host: 'b-host',
        connected: true,
        state: 'connected',
        commandsPerMinute: 10,
      }),
      expect.objectContaining({
        id: 'a-host/20/bbbbbb',
        server: node2,
        host: 'a-host',
        component: 'xmpp-service.chat.example',
        connected: true,
        lastHeartbeat: now.toISOString(),
      }),
    ]);
  });

  it('records every change in the audit log as cli:<user>', { timeout: 60_000 }, async () => {
    const database = await openDatabase(
      target.kind === 'postgres' ? { url: target.env.DATABASE_URL } : { pgliteDir: target.env.PGLITE_DIR },
    );
    try {
      const entries = await database.db.select().from(auditLog).orderBy(auditLog.id);
      expect(new Set(entries.map((entry) => entry.actor))).toEqual(new Set([cliActor]));
      expect(entries.map((entry) => `${entry.objectType}:${entry.action}`)).toEqual([
        'buddies.draft:import',
        'buddies:publish',
        'channel:create',
        'channel:delete',
        'version_rule:create',
        'version_rule:update',
        'version_rule:delete',
        'operator:create',
      ]);
    } finally {
      await database.close();
    }
  });
});

describe('the xmpp-service CLI and a running npm start', () => {
  it('is refused the embedded database while another process holds it, and says what to do', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xs-cli-lock-'));
    const holder = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    try {
      const refused = await runCli(['channels', 'list'], { PGLITE_DIR: join(dir, 'pglite') });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by process ${process.pid}`);
      expect(refused.stderr).toContain('stop it first, or run both against PostgreSQL (DATABASE_URL)');
    } finally {
      await holder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the xmpp-service CLI run from another directory', () => {
  it(
    "uses the product's database (data paths are the product directory's), not a new one where it runs",
    { timeout: 180_000 },
    async () => {
      const relativeDir = `.data/cli-elsewhere-${randomBytes(4).toString('hex')}`;
      const elsewhere = await mkdtemp(join(tmpdir(), 'xs-cli-cwd-'));
      const product = await openDatabase({ pgliteDir: join(process.cwd(), relativeDir, 'pglite') });
      await product.close();
      try {
        const env = { PGLITE_DIR: `${relativeDir}/pglite` };
        expect((await runCli(['channels', 'create', '--name', 'from-elsewhere'], env, undefined, elsewhere)).code).toBe(0);
        // What the product sees in its own directory.
        const seen = await openDatabase({ pgliteDir: join(process.cwd(), relativeDir, 'pglite') });
        try {
          expect((await seen.db.select().from(channels)).map((channel) => channel.name)).toEqual(['from-elsewhere']);
        } finally {
          await seen.close();
        }
        expect(await readdir(elsewhere)).toEqual([]);
      } finally {
        await rm(join(process.cwd(), relativeDir), { recursive: true, force: true });
        await rm(elsewhere, { recursive: true, force: true });
      }
      expect(existsSync(join(process.cwd(), relativeDir))).toBe(false);
    },
  );
});
