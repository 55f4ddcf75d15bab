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
import { startProcessXmpp } from './worker/in-process';

/**
 * `npm start`: one process for the database, the private Prosody (development), the XMPP worker
 * and the Next.js console; with XMPP_WORKER=off the console alone. `npm run worker` runs the
 * worker alone. Each part is registered for shutdown as soon as it starts, so that a signal at any
 * moment stops what is running.
 */
const shutdown = stopOnSignals();

/**
 * How long an idle keep-alive connection stays open. A client or proxy that reuses a connection at
 * the moment the server closes it gets a reset instead of an answer, so the server must outlast the
 * peers' own idle timeouts (nginx 60 s, most load balancers 60 s) rather than Node's 5 s default.
 */
const idleConnectionMs = 65_000;

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

  setProcessXmpp(await startProcessXmpp(config, database, (stop) => shutdown.add(stop)));

  const app = next({ dev, dir: process.cwd(), hostname: config.HOSTNAME, port: config.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const proxies = trustedProxies(config.TRUSTED_PROXIES);
  const server = createServer((req, res) => {
    if (refuseUndecodablePath(req, res)) return;
    stampForwarding(req, proxies);
    void handle(req, res);
  });
  server.keepAliveTimeout = idleConnectionMs;
  // Node closes a connection whose next request's headers take longer than this, idle time included.
  server.headersTimeout = idleConnectionMs + 1_000;
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
