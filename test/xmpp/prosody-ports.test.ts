import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '@/server/config';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { setUpXmpp } from '@/server/xmpp-setup';

/**
 * On a Debian machine where the prosody package's own server already runs, 5222 is taken: the
 * private Prosody must say so, not start half-way and leave clients talking to the other server;
 * and the refusal names the process that holds the port, not a guess.
 */
describe('the private Prosody when its ports are taken', () => {
  let squatter: Server;
  let takenPort: number;
  let dataDir: string;

  beforeAll(async () => {
    takenPort = await freePort();
    squatter = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => squatter.listen(takenPort, '127.0.0.1', resolve));
    dataDir = mkdtempSync(join(tmpdir(), 'xs-ports-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['c2s', 'component'] as const)(
    'answers a clear reason when the %s port is taken, and the console can still start',
    async (which) => {
      const otherPort = String(await freePort());
      const config = readSettings({
        NODE_ENV: 'test',
        PROSODY_DATA_DIR: dataDir,
        PROSODY_C2S_PORT: which === 'c2s' ? String(takenPort) : otherPort,
        PROSODY_COMPONENT_PORT: which === 'component' ? String(takenPort) : otherPort,
      });
      const setup = await setUpXmpp(config);
      expect(setup).toEqual({
        ok: false,
        reason: expect.stringMatching(
          new RegExp(`^The private Prosody did not start: 127\\.0\\.0\\.1:${takenPort} is already taken .*PROSODY_C2S_PORT`),
        ),
      });
      // The squatter is this test's process: named, and not mistaken for a Prosody.
      const reason = setup.ok ? '' : setup.reason;
      expect(reason).toContain(`by process ${process.pid} (`);
      expect(reason).not.toMatch(/Prosody \(|Debian/);
    },
  );

  it("refuses the ports of another data directory's private Prosody, and leaves it running", async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'xs-ports-other-'));
    const [c2sPort, componentPort] = [await freePort(), await freePort()];
    const other = new PrivateProsody({
      dataDir: otherDir,
      domains: ['localhost'],
      componentJid: 'other.localhost',
      componentSecret: 'other',
      c2sPort,
      componentPort,
      allowRegistration: false,
    });
    await other.start();
    try {
      const config = readSettings({
        NODE_ENV: 'test',
        PROSODY_DATA_DIR: dataDir,
        PROSODY_C2S_PORT: String(c2sPort),
        PROSODY_COMPONENT_PORT: String(componentPort),
      });
      const setup = await setUpXmpp(config);
      expect(setup).toEqual({
        ok: false,
        reason: expect.stringMatching(new RegExp(`^The private Prosody did not start: 127\\.0\\.0\\.1:${c2sPort} is already taken `)),
      });
      const reason = setup.ok ? '' : setup.reason;
      expect(reason).toContain(`by process ${other.pid} (`);
      expect(reason).toContain(`the private Prosody of another data directory (${other.runtimeDir})`);
      expect(reason).not.toMatch(/Debian/);
      expect(other.running).toBe(true);
    } finally {
      await other.stop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
