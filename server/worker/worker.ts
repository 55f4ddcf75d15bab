import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readStreamWhole } from './stream-reading';
import { component, type Component, type IncomingContext } from '@xmpp/component';
import { defaultPoolSize, type Database, type Db } from '@/db/client';
import type { BackoffOptions } from '../backoff';
import { vcardNs } from '../buddies/vcard-reply';
import type { Change } from '../changes';
import { settings as readSettings, type Settings } from '../config';
import { log } from '../log';
import { heartbeatIntervalMs } from '../status/service-status';
import type { XmppTarget } from '../xmpp-setup';
import { Admission } from './admission';
import { commandChain } from './command-chain';
import { commands } from './commands';
import { discoInfo, discoInfoNs } from './disco';
import { FailureDigest } from './failure-digest';
import { CommandMetrics } from './metrics';
import { defaultBackoff, reconnectWithBackoff } from './reconnect';
import { WorkerStatusRecorder } from './status-recorder';
import { ServedData } from './served-data';
import { vcardHandler } from './vcard';
import { sendOnlyWellFormed } from './well-formed';
import { openXmppServerAdapter } from './xmpp-server/adapter';

/**
 * A flood waits its turn rather than failing: 10,000 waiting requests (20 clients × 500) fit, and
 * one not started within 30 s, an answer too late to be of use to most clients, is answered
 * SERVICE_BUSY so that the client retries later. docs/protocol.md (Limits) says the same.
 */
const commandQueue = { maxQueued: 10_000, maxWaitMs: 30_000 };

export interface WorkerOptions {
  db: Db;
  /** LISTEN on the same database: the announced changes that replace what the worker keeps in memory. */
  listen: Database['listen'];
  target: Pick<XmppTarget, 'service' | 'componentJid' | 'componentSecret' | 'server'>;
  settings?: Settings;
  /** Default: newWorkerId(), unique to this process. */
  workerId?: string;
  /** Bound of a whole command (default 15 s: a 5,000-entry roster sync fits well inside). */
  commandDeadlineMs?: number;
  /** Bound of a single database read before the command's own work (default 3 s). */
  databaseDeadlineMs?: number;
  /** How often metrics are written and the heartbeat refreshed, and the interval of failure summaries (default 10 s). */
  housekeepingMs?: number;
  /** Commands running at once: the database's `concurrency` (default 10, PostgreSQL's default pool). */
  concurrency?: number;
  backoff?: BackoffOptions;
}

/**
 * One id per worker process, never reused: several workers may serve one component (ejabberd), on
 * one host or many, and each has its own row on the status page.
 */
export function newWorkerId(host = hostname()): string {
  return `${host}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/**
 * Why the server refused or dropped the component connection, in words an operator can act on.
 * Prosody accepts one connection per component JID and refuses any other with `conflict`.
 */
export function connectionProblem(
  err: Error & { condition?: string },
  target: Pick<XmppTarget, 'componentJid' | 'service' | 'server'>,
): string {
  if (err.condition === 'conflict' && target.server.kind === 'prosody') {
    return (
      `another worker already serves ${target.componentJid} on this Prosody (${target.service}), which accepts one connection ` +
      'per component: this one retries in case that one stops; run several workers against ejabberd'
    );
  }
  return err.message || String(err);
}

export interface Worker {
  readonly workerId: string;
  readonly entity: Component;
  readonly online: boolean;
  /** Why it is not online: the last disconnect's reason (undefined while online or before the first try ends). */
  readonly problem: string | undefined;
  /** Resolves when the component is (again) accepted by the server. */
  waitOnline(): Promise<void>;
  /**
   * Resolves once the first attempt to listen for changes has ended, with whether it listens: until
   * it does, nothing is kept in memory and every command reads the database.
   */
  waitListening(): Promise<boolean>;
  /** Resolves with the next announced change the worker has applied (a test's publish arriving). */
  nextChange(): Promise<Change>;
  /** Writes pending metrics and status now (tests and shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The XMPP worker: an XEP-0114 component that answers the protocol's commands and vCard requests,
 * reconnects by itself with backoff, and reports its state, errors and metrics in the database.
 * It does not wait for the server: `npm run worker` may start before Prosody.
 */
export function startWorker(options: WorkerOptions): Worker {
  const { db, target } = options;
  const config = options.settings ?? readSettings();
  const workerId = options.workerId ?? newWorkerId();
  const databaseDeadlineMs = options.databaseDeadlineMs ?? 3_000;
  const entity = component({ service: target.service, domain: target.componentJid, password: target.componentSecret });
  readStreamWhole(entity);
  const server = openXmppServerAdapter(target.server, entity, target.componentJid);
  const status = new WorkerStatusRecorder(db, workerId, hostname(), target.componentJid, target.service);
  const metrics = new CommandMetrics(workerId);
  const housekeepingMs = options.housekeepingMs ?? heartbeatIntervalMs;
  const admission = new Admission({ concurrency: options.concurrency ?? defaultPoolSize, ...commandQueue });
  const failures = new FailureDigest((message) => void status.error(message), housekeepingMs);
  const served = new ServedData({ db, listen: options.listen, databaseDeadlineMs });
  const logFields = { workerId, componentJid: target.componentJid, service: target.service };

  let wasOnline = false;
  // While the server stays away, each retry fails the same way: say it once, not every few seconds.
  let lastLoggedReason: string | undefined;
  entity.on('online', () => {
    wasOnline = true;
    lastLoggedReason = undefined;
    log.info('worker.online', logFields);
    void status.connected();
  });
  entity.on('offline', () => log.info('worker.offline', logFields));
  let lastError: string | undefined;
  entity.on('error', (err: Error) => {
    // Connection-level failures: the reconnect loop handles them; keep the latest for the status row.
    lastError = connectionProblem(err, target);
    log.debug('worker.connection_error', { ...logFields, err });
  });
  let stopping = false;
  entity.on('disconnect', () => {
    if (stopping) return;
    const reason = lastError ?? 'the XMPP server closed the connection';
    if (reason !== lastLoggedReason)
      log.warn('worker.disconnected', { ...logFields, reason, retrying: 'with backoff until the server answers' });
    else log.debug('worker.retry_failed', { ...logFields, reason });
    lastLoggedReason = reason;
    void status.disconnected(reason);
    // Losing the connection is an error worth listing; each failed retry after it is not.
    if (wasOnline) void status.error(`disconnected from ${target.service}: ${reason}`);
    wasOnline = false;
    lastError = undefined;
  });
  const reconnect = reconnectWithBackoff(entity, options.backoff ?? defaultBackoff);
  sendOnlyWellFormed(entity, (stanza, changed) =>
    log.warn('stanza.characters_replaced', { ...logFields, stanzaId: stanza.attrs.id, to: stanza.attrs.to, strings: changed }),
  );

  entity.middleware.use(
    commandChain({
      db,
      settings: config,
      componentJid: target.componentJid,
      commands,
      directory: server.directory,
      rosterOf: (senderBare) => server.rosterOf(senderBare),
      send: (element) => entity.send(element),
      served,
      metrics,
      admission,
      deadlineMs: options.commandDeadlineMs ?? 15_000,
      reportError: (message) => failures.report(message),
    }),
  );
  const vcard = vcardHandler(served, config.XMPP_STANZA_LIMIT_BYTES);
  entity.iqCallee.get(vcardNs, 'vCard', async (ctx: IncomingContext) => {
    const started = performance.now();
    const reply = await vcard(ctx);
    metrics.record('vcard', (performance.now() - started) * 1000, reply.name === 'error');
    return reply;
  });
  entity.iqCallee.get(discoInfoNs, 'query', () => discoInfo());

  // Without listening nothing is kept in memory: every request reads the database until it works.
  const listen = () => served.start().catch((err: unknown) => log.warn('worker.not_listening', { ...logFields, err }));
  const firstListen = listen();
  const flush = async () => {
    if (!served.listening && !stopping) void listen();
    try {
      await metrics.flush(db);
    } catch (err) {
      log.warn('worker.metrics_not_written', { ...logFields, err });
    }
    await status.heartbeat();
  };
  const housekeeping = setInterval(() => void flush(), housekeepingMs);
  housekeeping.unref();

  log.info('worker.starting', logFields);
  // A first connection that fails ends in a disconnect, which the reconnect loop picks up.
  entity.start().catch(() => {});

  return {
    workerId,
    entity,
    get online() {
      return entity.status === 'online';
    },
    get problem() {
      return entity.status === 'online' ? undefined : lastLoggedReason;
    },
    waitListening: () => firstListen.then(() => served.listening),
    nextChange: () => served.nextChange(),
    waitOnline: () =>
      entity.status === 'online' ? Promise.resolve() : new Promise<void>((resolve) => entity.once('online', () => resolve())),
    flush,
    async stop() {
      stopping = true;
      reconnect.stop();
      clearInterval(housekeeping);
      await entity.stop().catch((err: unknown) => log.warn('worker.stop_failed', { ...logFields, err }));
      failures.flush();
      await flush();
      await served.stop();
      await status.removed();
      await server.close();
      log.info('worker.stopped', logFields);
    },
  };
}
