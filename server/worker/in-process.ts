import type { Database } from '@/db/client';
import type { Settings } from '../config';
import { log } from '../log';
import { workersElsewhere, type XmppSource } from '../status/health';
import { recordXmppSetup } from '../status/service-status';
import { startWorker } from './worker';
import { setUpXmpp } from '../xmpp-setup';

/**
 * The XMPP part of `npm start`, by XMPP_WORKER. `embedded`: the private Prosody (or the one another
 * process runs for the same data directory, or an existing server) and a worker in this process.
 * `off`: the console alone, nothing of XMPP here; the workers run elsewhere (`npm run worker`) and
 * report in the database. Each part is handed to `onStop` as soon as it starts, so that a signal at
 * any moment stops what runs. Resolves with what /api/health reports as XMPP.
 */
export async function startProcessXmpp(
  config: Settings,
  database: Database,
  onStop: (stop: () => Promise<void>) => void,
): Promise<XmppSource> {
  const setupTarget = { componentJid: config.XMPP_COMPONENT_JID, service: config.XMPP_COMPONENT_SERVICE ?? 'private Prosody' };
  if (config.XMPP_WORKER === 'off') {
    log.info('xmpp.console_only', {
      hint: 'XMPP_WORKER=off: no private Prosody and no worker in this process; the workers report in the database',
    });
    // A reason recorded by an earlier embedded start no longer applies.
    await recordXmppSetup(database.db, setupTarget, { ok: true });
    return workersElsewhere;
  }
  const settingUp = setUpXmpp(config, database.db);
  onStop(async () => {
    const setup = await settingUp;
    if (setup.ok) await setup.target.privateProsody?.stop();
  });
  const xmpp = await settingUp;
  if (!xmpp.ok) log.warn('xmpp.unavailable', { reason: xmpp.reason });
  const worker = xmpp.ok
    ? startWorker({ db: database.db, concurrency: database.concurrency, listen: database.listen, target: xmpp.target, settings: config })
    : undefined;
  if (worker) onStop(() => worker.stop());
  await recordXmppSetup(database.db, setupTarget, xmpp);
  return worker ?? { online: false, problem: xmpp.ok ? undefined : xmpp.reason };
}
