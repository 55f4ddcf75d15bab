import type { Element } from '@xmpp/xml';
import type { Middleware } from '@xmpp/component';
import type { Db } from '@/db/client';
import type { Settings } from '../config';
import { log } from '../log';
import { ServiceBusy, type Admission } from './admission';
import type { AccountDirectory } from '../directory/account-directory';
import type { CommandHandler, SenderRoster } from './command';
import { failure, type ResponsePayload } from '@/lib/protocol/response';
import { isDatabaseError } from '../database-errors';
import { DeadlineExceeded, withDeadline } from '../deadline';
import { nextTurn } from '../turns';
import { commandReply, readCommandRequest, receiptFor, type CommandRequest } from './envelope';
import { errorCodes, serviceFailureCodes } from './error-codes';
import type { CommandMetrics } from './metrics';
import { parsePayloadText, validatePayload } from './payload';
import { domainOf, parseSender } from './sender';
import type { ServedData } from './served-data';

export interface ChainDependencies {
  db: Db;
  settings: Settings;
  componentJid: string;
  commands: ReadonlyMap<string, CommandHandler<unknown>>;
  directory: AccountDirectory;
  /** The sender's domain and other reads every request repeats, kept in memory. */
  served: ServedData;
  rosterOf(senderBare: string): SenderRoster;
  send(element: Element): Promise<void>;
  metrics: CommandMetrics;
  /** Turns for the database work: the deadlines below start only once a command has its turn. */
  admission: Admission;
  /** Whole-command bound: a hung database or server yields an answer, not silence. */
  deadlineMs: number;
  /** Failures of the worker itself (not of the client's input), for worker_errors. */
  reportError(message: string): void;
}

/**
 * A command this large (an address book) is read over several turns of the event loop, so that the
 * stanzas of other users that arrive meanwhile are answered in between: each step of a 5,000-entry
 * book costs about a millisecond, all of them together several.
 */
const stepwiseAbovePayloadChars = 16 * 1024;

/** Metrics use this name for requests of no known command, so garbage cannot multiply rows. */
const unknownCommandMetric = '(unknown)';

/**
 * The one path of every command message: parse → check → authorise the sender → dispatch →
 * reply → log and count. Whatever happens inside, the client gets a well-formed answer and the
 * chain does not throw.
 */
export function commandChain(deps: ChainDependencies): Middleware {
  return async (ctx, next) => {
    const request = readCommandRequest(ctx.stanza);
    if (!request || domainOf(request.to) !== deps.componentJid) return next();
    await handleRequest(deps, request);
  };
}

async function handleRequest(deps: ChainDependencies, request: CommandRequest): Promise<void> {
  const started = performance.now();
  if (request.wantsReceipt) await sendSafely(deps, request, receiptFor(request));
  const handler = deps.commands.get(request.type);
  const response = await answer(deps, request, handler);
  if (response.errorCode !== null && serviceFailureCodes.has(response.errorCode)) {
    // The client's message, and the stanza id that finds the logged details.
    const reason = response.errorMessage.map((entry) => entry.message).join(' ');
    deps.reportError(`${request.type} from ${request.from} (stanza ${request.stanzaId || 'without id'}): ${response.errorCode}: ${reason}`);
  }
  await sendSafely(deps, request, commandReply(request, response));
  const micros = (performance.now() - started) * 1000;
  log.info('command', {
    stanzaId: request.stanzaId,
    sender: request.from,
    command: request.type,
    status: response.status,
    errorCode: response.errorCode,
    durationMs: Math.round(micros) / 1000,
  });
  deps.metrics.record(handler ? request.type : unknownCommandMetric, micros, response.errorCode !== null);
}

async function answer(
  deps: ChainDependencies,
  request: CommandRequest,
  handler: CommandHandler<unknown> | undefined,
): Promise<ResponsePayload> {
  const stepwise = request.payloadText.length > stepwiseAbovePayloadChars;
  if (stepwise) await nextTurn();
  const parsed = parsePayloadText(request.payloadText);
  if (!parsed.ok) return refusal(parsed);
  if (stepwise) await nextTurn();
  if (!handler) {
    return failure(
      errorCodes.unknownCommand,
      `Unknown command "${request.type}". Known commands: ${[...deps.commands.keys()].join(', ')}.`,
    );
  }
  const payload = validatePayload(handler.payload, parsed.value);
  if (!payload.ok) return refusal(payload);
  if (stepwise) await nextTurn();

  const sender = parseSender(request.from);
  if (!sender) return failure(errorCodes.noUserFound, 'Commands are answered for users only: the sender has no user name.');
  const context = { stanzaId: request.stanzaId, sender: request.from, command: request.type };
  try {
    return await deps.admission.run(async () => {
      const domain = await deps.served.domain(sender.domain);
      if (!domain) return failure(errorCodes.domainNotServed, `The domain ${sender.domain} is not served by this service.`);
      const commandContext = {
        db: deps.db,
        settings: deps.settings,
        sender,
        domain,
        stanzaId: request.stanzaId,
        roster: deps.rosterOf(sender.bare),
        directory: deps.directory,
        served: deps.served,
      };
      return await withDeadline(handler.handle(payload.value, commandContext), deps.deadlineMs);
    });
  } catch (err) {
    return failed(err, context);
  }
}

function refusal(result: { errorCode: string; errorMessage: ResponsePayload['errorMessage'] }): ResponsePayload {
  return { status: 1, errorCode: result.errorCode, errorMessage: result.errorMessage };
}

function failed(err: unknown, context: Record<string, string>): ResponsePayload {
  if (err instanceof ServiceBusy) {
    log.warn('command.busy', { ...context, reason: err.reason, detail: err.message });
    return failure(
      errorCodes.serviceBusy,
      'The service is busy and did not start this request; nothing was changed. Try again in a few seconds.',
    );
  }
  if (err instanceof DeadlineExceeded) {
    log.error('command.deadline_exceeded', { ...context, err });
    return failure(errorCodes.timeout, 'The service could not answer in time; try again later.');
  }
  if (isDatabaseError(err)) {
    log.error('command.database_failed', { ...context, err });
    return failure(errorCodes.sqlError, 'The database is not available; try again later.');
  }
  log.error('command.failed', { ...context, err });
  return failure(errorCodes.internalError, 'The service failed to handle this request; it has been logged.');
}

async function sendSafely(deps: ChainDependencies, request: CommandRequest, element: Element): Promise<void> {
  try {
    await deps.send(element);
  } catch (err) {
    log.warn('command.reply_not_sent', { stanzaId: request.stanzaId, sender: request.from, err });
  }
}
