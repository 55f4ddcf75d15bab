import { createServer } from 'node:http';
import next from 'next';
import { processDatabase, setProcessDatabase, openDatabase } from '@/db/client';
import { ensureFirstAdmin } from './auth/first-admin';
import { settings } from './config';
import { log } from './log';
import { seedDemoData } from './seed/seed';
import { onShutdown } from './shutdown';
import { recordXmppSetup } from './status/service-status';
import { startWorker } from './worker/worker';
import { setUpXmpp } from './xmpp-setup';

/**
 * `npm start`: one process for the database, the private Prosody (development), the XMPP worker
 * and the Next.js console. `npm run worker` runs the worker alone.
 */
async function main(): Promise<void> {
  const config = settings();
  const dev = process.argv.includes('--dev');

  setProcessDatabase(openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR }));
  const database = await processDatabase();
  log.info('database.ready', { database: database.describe });
  if (!config.DATABASE_URL) log.info('database.embedded', { hint: 'DATABASE_URL is unset: using the embedded PGlite' });
  if (config.SEED_DEMO_DATA && (await seedDemoData(database.db, config.XMPP_DOMAIN))) log.info('seed.done', { domain: config.XMPP_DOMAIN });
  await ensureFirstAdmin(database.db, config);

  const xmpp = await setUpXmpp(config);
  if (!xmpp.ok) log.warn('xmpp.unavailable', { reason: xmpp.reason });
  const worker = xmpp.ok ? startWorker({ db: database.db, listen: database.listen, target: xmpp.target, settings: config }) : undefined;
  await recordXmppSetup(database.db, { componentJid: config.XMPP_COMPONENT_JID, service: config.XMPP_COMPONENT_SERVICE ?? 'private Prosody' }, xmpp);

  const app = next({ dev, dir: process.cwd(), hostname: config.HOSTNAME, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolveListen) => server.listen(config.PORT, config.HOSTNAME, resolveListen));
  log.info('console.ready', { url: `http://${config.HOSTNAME}:${config.PORT}` });

  onShutdown(async () => {
    server.close();
    await worker?.stop();
    if (xmpp.ok) await xmpp.target.privateProsody?.stop();
    await database.close();
  });
}

main().catch((error: unknown) => {
  log.error('startup.failed', { err: error });
  process.exit(1);
});
