import { openDatabase } from '@/db/client';
import { settings } from '../config';
import { log } from '../log';
import { stopOnSignals } from '../shutdown';
import { setUpXmpp } from '../xmpp-setup';
import { startWorker } from './worker';

/**
 * `npm run worker`: the XMPP worker alone, so it can run and scale apart from the console. With
 * the embedded PGlite it cannot share the database of a running `npm start` (the lock refuses it,
 * and says so): point both at PostgreSQL with DATABASE_URL to run them apart. Without
 * XMPP_COMPONENT_SERVICE it runs the private Prosody of PROSODY_DATA_DIR, or, when another live
 * process already does, connects to that one (where Prosody refuses a second connection of the
 * component, worker.disconnected says so: several workers need ejabberd).
 */
const shutdown = stopOnSignals();

async function main(): Promise<void> {
  const config = settings();
  const opening = openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, poolSize: config.DATABASE_POOL_SIZE });
  shutdown.add(async () => (await opening).close());
  const database = await opening;
  log.info('database.ready', { database: database.describe });
  const settingUp = setUpXmpp(config, database.db);
  shutdown.add(async () => {
    const setup = await settingUp;
    if (setup.ok) await setup.target.privateProsody?.stop();
  });
  const xmpp = await settingUp;
  if (!xmpp.ok) throw new Error(xmpp.reason);
  const worker = startWorker({
    db: database.db,
    concurrency: database.concurrency,
    listen: database.listen,
    target: xmpp.target,
    settings: config,
  });
  shutdown.add(() => worker.stop());
}

main().catch((error: unknown) => {
  if (shutdown.stopping) return;
  log.error('worker.startup_failed', { err: error });
  void shutdown.stopAndExit(1);
});
