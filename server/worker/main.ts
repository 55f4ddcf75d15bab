import { openDatabase } from '@/db/client';
import { settings } from '../config';
import { log } from '../log';
import { onShutdown } from '../shutdown';
import { setUpXmpp } from '../xmpp-setup';
import { startWorker } from './worker';

/**
 * `npm run worker`: the XMPP worker alone, so it can run and scale apart from the console. With
 * the embedded PGlite it cannot share the database of a running `npm start` (the lock refuses it,
 * and says so): point both at PostgreSQL with DATABASE_URL to run them apart.
 */
async function main(): Promise<void> {
  const config = settings();
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  log.info('database.ready', { database: database.describe });
  const xmpp = await setUpXmpp(config);
  if (!xmpp.ok) throw new Error(xmpp.reason);
  const worker = startWorker({ db: database.db, listen: database.listen, target: xmpp.target, settings: config });

  onShutdown(async () => {
    await worker.stop();
    await xmpp.target.privateProsody?.stop();
    await database.close();
  });
}

main().catch((error: unknown) => {
  log.error('worker.startup_failed', { err: error });
  process.exit(1);
});
