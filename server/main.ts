import { createServer } from 'node:http';
import next from 'next';
import { openDatabase } from '@/db/client';
import { processDatabase, setProcessDatabase } from '@/server/database';
import { ensureFirstAdmin } from './auth/first-admin';
import { settings } from './config';
import { stampForwarding, trustedProxies } from './http/forwarding';
import { refuseUndecodablePath } from './http/malformed-url';
import { log } from './log';
import { seedDemoData } from './seed/seed';
import { stopOnSignals } from './shutdown';
import { setProcessXmpp } from './status/health';
import { recordXmppSetup } from './status/service-status';
import { startWorker } from './worker/worker';
import { setUpXmpp } from './xmpp-setup';

/**
 * `npm start`: one process for the database, the private Prosody (development), the XMPP worker
 * and the Next.js console. `npm run worker` runs the worker alone. Each part is registered for
 * shutdown as soon as it starts, so that a signal at any moment stops what is running.
 */
const shutdown = stopOnSignals();

async function main(): Promise<void> {
  const config = settings();
  const dev = process.argv.includes('--dev');

  const opening = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });
  setProcessDatabase(opening);
  shutdown.add(async () => (await opening).close());
  const database = await processDatabase();
  log.info('database.ready', { database: database.describe });
  if (!config.DATABASE_URL) log.info('database.embedded', { hint: 'DATABASE_URL is unset: using the embedded PGlite' });
  if (config.SEED_DEMO_DATA && (await seedDemoData(database.db, config.XMPP_DOMAIN))) log.info('seed.done', { domain: config.XMPP_DOMAIN });
  await ensureFirstAdmin(database.db, config);

  const settingUp = setUpXmpp(config, database.db);
  shutdown.add(async () => {
    const setup = await settingUp;
    if (setup.ok) await setup.target.privateProsody?.stop();
  });
  const xmpp = await settingUp;
  if (!xmpp.ok) log.warn('xmpp.unavailable', { reason: xmpp.reason });
  const worker = xmpp.ok
    ? startWorker({ db: database.db, concurrency: database.concurrency, listen: database.listen, target: xmpp.target, settings: config })
    : undefined;
  if (worker) shutdown.add(() => worker.stop());
  setProcessXmpp(worker ?? { online: false, problem: xmpp.ok ? undefined : xmpp.reason });
  await recordXmppSetup(
    database.db,
    { componentJid: config.XMPP_COMPONENT_JID, service: config.XMPP_COMPONENT_SERVICE ?? 'private Prosody' },
    xmpp,
  );

  const app = next({ dev, dir: process.cwd(), hostname: config.HOSTNAME, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  const server = createServer((req, res) => {
    if (refuseUndecodablePath(req, res)) return;
    stampForwarding(req, proxies);
    void handle(req, res);
  });
  shutdown.add(() => void server.close());
  await new Promise<void>((resolveListen) => server.listen(config.PORT, config.HOSTNAME, resolveListen));
  log.info('console.ready', { url: `http://${config.HOSTNAME}:${config.PORT}` });
}

main().catch((error: unknown) => {
  // A signal during start-up closes what start-up is still using: its shutdown decides the exit.
  if (shutdown.stopping) return;
  log.error('startup.failed', { err: error });
  void shutdown.stopAndExit(1);
});
